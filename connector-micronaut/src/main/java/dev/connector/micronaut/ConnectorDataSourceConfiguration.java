package dev.connector.micronaut;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.core.util.Toggleable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code datasources.<name>.*}: the standard keys Micronaut users know (url, username, password,
 * driver-class-name, maximum-pool-size, minimum-idle, connection-timeout, idle-timeout, max-lifetime,
 * keepalive-time, leak-detection-threshold, enabled) and {@code datasources.<name>.connector.*} for the
 * connector's own options (strategy, schema-policy, statement-timeout, application-name, ...).
 */
@EachProperty(value = "datasources", primary = "default")
public class ConnectorDataSourceConfiguration implements Toggleable {

    private final String name;
    private String url;
    private String username;
    private String password;
    private String driverClassName;
    private Integer maximumPoolSize;
    private Integer minimumIdle;
    private Long connectionTimeout;
    private Long idleTimeout;
    private Long maxLifetime;
    private Long keepaliveTime;
    private Long leakDetectionThreshold;
    private boolean enabled = true;
    private Map<String, String> connector = new LinkedHashMap<>();

    public ConnectorDataSourceConfiguration(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getDriverClassName() {
        return driverClassName;
    }

    public void setDriverClassName(String driverClassName) {
        this.driverClassName = driverClassName;
    }

    public Integer getMaximumPoolSize() {
        return maximumPoolSize;
    }

    public void setMaximumPoolSize(Integer maximumPoolSize) {
        this.maximumPoolSize = maximumPoolSize;
    }

    public Integer getMinimumIdle() {
        return minimumIdle;
    }

    public void setMinimumIdle(Integer minimumIdle) {
        this.minimumIdle = minimumIdle;
    }

    /** Milliseconds, as in micronaut-jdbc-hikari: the longest wait for a pooled connection. */
    public Long getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Long connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Long getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Long getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Long maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public Long getKeepaliveTime() {
        return keepaliveTime;
    }

    public void setKeepaliveTime(Long keepaliveTime) {
        this.keepaliveTime = keepaliveTime;
    }

    public Long getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    public void setLeakDetectionThreshold(Long leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The connector's own options, keys as in the property table without "connector.": schemaPolicy, ... */
    public Map<String, String> getConnector() {
        return connector;
    }

    public void setConnector(@MapFormat(transformation = MapFormat.MapTransformation.FLAT,
            keyFormat = StringConvention.CAMEL_CASE) Map<String, String> connector) {
        this.connector = new LinkedHashMap<>(connector);
    }
}
