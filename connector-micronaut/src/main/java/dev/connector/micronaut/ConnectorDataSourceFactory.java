package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;
import dev.connector.InvalidConfigurationException;
import io.micronaut.configuration.jdbc.hikari.DatasourceFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.DisabledBeanException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Every {@code datasources.<name>} becomes a {@link ConnectorDataSource}, in place of micronaut-jdbc-hikari's
 * pool when that module is present. Eager ({@code @Context}) like the bean it replaces, so Hikari's pool is
 * never started behind it. The bean's type is {@link DataSource}, as Micronaut Data replaces DataSource beans
 * with a proxy of its own; {@code DataSourceResolver} unwraps it to the connector. The factory closes every
 * connector it built when the application context closes.
 */
@Factory
public class ConnectorDataSourceFactory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDataSourceFactory.class);

    /** Micronaut environments in which an application runs as a function. */
    static final Set<String> FUNCTION_ENVIRONMENTS = Set.of(Environment.FUNCTION, "lambda");

    /** A micronaut-jdbc-hikari key ({@code datasources.<name>.<key>}), the property it sets, and its unit. */
    record StandardKey(String key, ConnectorProperty property, Function<ConnectorDataSourceConfiguration, Object> value,
                       String unit) {
    }

    /** The standard keys Micronaut users know, each mapped to a connector property: the one table of them. */
    static final List<StandardKey> STANDARD_KEYS = List.of(
            new StandardKey("maximum-pool-size", ConnectorProperty.MAX_POOL_SIZE, c -> c.getMaximumPoolSize(), ""),
            new StandardKey("minimum-idle", ConnectorProperty.MIN_IDLE, c -> c.getMinimumIdle(), ""),
            new StandardKey("connection-timeout", ConnectorProperty.ACQUIRE_TIMEOUT, c -> c.getConnectionTimeout(), "ms"),
            new StandardKey("idle-timeout", ConnectorProperty.IDLE_TIMEOUT, c -> c.getIdleTimeout(), "ms"),
            new StandardKey("max-lifetime", ConnectorProperty.MAX_LIFETIME, c -> c.getMaxLifetime(), "ms"),
            new StandardKey("keepalive-time", ConnectorProperty.KEEPALIVE_TIME, c -> c.getKeepaliveTime(), "ms"),
            new StandardKey("leak-detection-threshold", ConnectorProperty.LEAK_DETECTION_THRESHOLD,
                    c -> c.getLeakDetectionThreshold(), "ms"),
            new StandardKey("url", ConnectorProperty.URL, c -> c.getUrl(), ""),
            new StandardKey("username", ConnectorProperty.USER, c -> c.getUsername(), ""),
            new StandardKey("password", ConnectorProperty.PASSWORD, c -> c.getPassword(), ""));

    private final Environment environment;
    private final Map<String, ConnectorDataSource> built = Collections.synchronizedMap(new LinkedHashMap<>());

    private final io.micronaut.context.BeanContext beans;

    public ConnectorDataSourceFactory(Environment environment, io.micronaut.context.BeanContext beans) {
        this.environment = environment;
        this.beans = beans;
    }

    /** The connectors built, by datasource name. */
    public Map<String, ConnectorDataSource> dataSources() {
        synchronized (built) {
            return Map.copyOf(built);
        }
    }

    @Context
    @EachBean(ConnectorDataSourceConfiguration.class)
    @Replaces(factory = DatasourceFactory.class, bean = DataSource.class)
    @Bean
    public DataSource dataSource(ConnectorDataSourceConfiguration config) {
        if (!config.isEnabled()) {
            throw new DisabledBeanException("datasources." + config.getName() + ".enabled is false");
        }
        String prefix = "datasources." + config.getName();
        boolean function = environment.getActiveNames().stream().anyMatch(FUNCTION_ENVIRONMENTS::contains);

        Map<String, String> properties = new LinkedHashMap<>();
        config.getConnector().forEach((key, value) -> properties.put(ConnectorProperty.PREFIX + key, value));
        for (StandardKey standardKey : STANDARD_KEYS) {
            standard(properties, standardKey.property(), standardKey.value().apply(config), standardKey.unit());
        }
        environment.getProperty("micronaut.application.name", String.class)
                .ifPresent(name -> standard(properties, ConnectorProperty.APPLICATION_NAME, name, ""));
        if (function) {
            // a function environment is serverless whatever the process environment says
            standard(properties, ConnectorProperty.STRATEGY, "unpooled", "");
            standard(properties, ConnectorProperty.SCHEMA_POLICY, "refuse-at-startup", "");
        }
        String driver = config.getDriverClassName();
        if (driver != null && !driver.isBlank() && !driver.equals("org.postgresql.Driver")) {
            throw new InvalidConfigurationException(prefix + ".driver-class-name", prefix + ".driver-class-name: got '"
                    + driver + "'; allowed: org.postgresql.Driver, or leave it out");
        }

        ConnectorDataSource.Builder builder = ConnectorDataSource.builder().properties(properties, prefix);
        // a CredentialsSupplier bean named as the datasource, else the only one, gives every new connection its credentials
        beans.findBean(dev.connector.CredentialsSupplier.class, io.micronaut.inject.qualifiers.Qualifiers.byName(config.getName()))
                .or(() -> beans.findBean(dev.connector.CredentialsSupplier.class))
                .ifPresent(builder::credentials);
        if (MeterRegistries.AVAILABLE) {
            MeterRegistries.wire(beans, builder);
        }
        ConnectorDataSource dataSource = builder.build();
        try {
            guardSchemaGeneration(prefix, dataSource.runtime().isServerless() || function, dataSource.runtime().name());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        built.put(config.getName(), dataSource);
        return dataSource;
    }

    @PreDestroy
    @Override
    public void close() {
        synchronized (built) {
            built.values().forEach(ConnectorDataSource::close);
            built.clear();
        }
    }

    /** Micronaut Data's schema generation runs DDL at start-up: refused on serverless, warned about on a server. */
    private void guardSchemaGeneration(String prefix, boolean serverless, String runtime) {
        String key = prefix + ".schema-generate";
        String value = environment.getProperty(key, String.class).orElse("NONE").trim().toUpperCase(Locale.ROOT);
        if (!value.equals("CREATE") && !value.equals("CREATE_DROP")) {
            return;
        }
        if (serverless) {
            throw new InvalidConfigurationException(key, key + " is " + value + ", which runs DDL every time the "
                    + "application starts; in a serverless runtime (" + runtime + ") every cold start would race the "
                    + "others to change the schema and lock its tables. Set " + key + " to NONE and run migrations "
                    + "(Flyway, Liquibase) as a deploy step before the new version starts.");
        }
        log.warn("connector: {} is {}: the schema is changed at every start. Fine in development; in production, run "
                + "migrations as a deploy step instead", key, value);
    }

    private static void standard(Map<String, String> properties, ConnectorProperty property, Object value, String unit) {
        if (value != null) {
            properties.putIfAbsent(property.key(), value + unit);
        }
    }
}
