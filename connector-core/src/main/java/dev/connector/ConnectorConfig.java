package dev.connector;

import dev.connector.internal.config.Redaction;
import dev.connector.internal.config.ValueType;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable, validated configuration of a {@link ConnectorDataSource}: every value, and where it came
 * from. Secrets are never shown: not by {@link #value}, {@link #toString()} or {@link #describe()}.
 */
public final class ConnectorConfig {

    private final Map<ConnectorProperty, Object> values;
    private final Map<ConnectorProperty, String> sources;
    private final Map<String, String> driverProperties;

    ConnectorConfig(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources,
                    Map<String, String> driverProperties) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.sources = Collections.unmodifiableMap(new EnumMap<>(sources));
        this.driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
    }

    /** The value as text (durations as {@code 10s}), or empty when not set; a secret shows as {@code ***}. */
    public Optional<String> value(ConnectorProperty property) {
        Object v = values.get(property);
        if (v == null) {
            return Optional.empty();
        }
        if (property.isSecret()) {
            return Optional.of(Redaction.MASK);
        }
        return Optional.of(v instanceof Duration ? ValueType.format((Duration) v) : String.valueOf(v));
    }

    /**
     * Where the value came from: {@code builder}, {@code connector.port in properties}, {@code PGPORT},
     * {@code URL in DATABASE_URL}, {@code default}, or {@code not set}.
     */
    public String source(ConnectorProperty property) {
        return sources.getOrDefault(property, "not set");
    }

    /** pgjdbc connection properties passed through; values of keys that look secret are masked. */
    public Map<String, String> driverProperties() {
        Map<String, String> shown = new LinkedHashMap<>();
        driverProperties.forEach((k, v) -> shown.put(k, isSecretKey(k) ? Redaction.MASK : v));
        return shown;
    }

    public String host() {
        return (String) values.get(ConnectorProperty.HOST);
    }

    public int port() {
        return (Integer) values.get(ConnectorProperty.PORT);
    }

    public String database() {
        return (String) values.get(ConnectorProperty.DATABASE);
    }

    public String user() {
        return (String) values.get(ConnectorProperty.USER);
    }

    public String applicationName() {
        return (String) values.get(ConnectorProperty.APPLICATION_NAME);
    }

    /** The connect timeout; zero means pgjdbc's own default. */
    public Duration connectTimeout() {
        return (Duration) values.get(ConnectorProperty.CONNECT_TIMEOUT);
    }

    /** The sslmode sent to the driver, or empty when pgjdbc's default applies (loopback hosts). */
    public Optional<String> sslMode() {
        return Optional.ofNullable((String) values.get(ConnectorProperty.SSL_MODE));
    }

    public SchemaPolicy schemaPolicy() {
        return SchemaPolicy.fromConfigValue((String) values.get(ConnectorProperty.SCHEMA_POLICY));
    }

    /** One line per property with its source, secrets masked: for DEBUG logs and diagnostics. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (p == ConnectorProperty.URL) {
                continue;
            }
            out.append(p.key()).append(" = ").append(value(p).orElse("(not set)"))
                    .append("  [").append(source(p)).append("]\n");
        }
        driverProperties().forEach((k, v) ->
                out.append(ConnectorProperty.DRIVER_PREFIX).append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    @Override
    public String toString() {
        return "ConnectorConfig{" + user() + "@" + host() + ":" + port() + "/" + database()
                + ", sslmode=" + sslMode().orElse("default") + ", applicationName=" + applicationName()
                + ", password=" + (values.containsKey(ConnectorProperty.PASSWORD) ? Redaction.MASK : "(none)") + "}";
    }

    // ---- typed access for the DataSource (package-private: the password never leaves this package) ----

    boolean has(ConnectorProperty property) {
        return values.containsKey(property);
    }

    String text(ConnectorProperty property) {
        return (String) values.get(property);
    }

    int integer(ConnectorProperty property) {
        return (Integer) values.get(property);
    }

    boolean bool(ConnectorProperty property) {
        return (Boolean) values.get(property);
    }

    Duration duration(ConnectorProperty property) {
        return (Duration) values.get(property);
    }

    String password() {
        return (String) values.get(ConnectorProperty.PASSWORD);
    }

    Map<String, String> rawDriverProperties() {
        return driverProperties;
    }

    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret");
    }
}
