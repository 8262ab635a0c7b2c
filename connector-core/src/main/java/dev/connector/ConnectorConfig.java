package dev.connector;

import dev.connector.internal.config.DriverLimits;
import dev.connector.internal.config.Redaction;
import dev.connector.internal.config.ValueType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The immutable, validated configuration of a {@link ConnectorDataSource}: every value, typed, where it came
 * from, and the runtime it was resolved for. Build one with {@link #builder()} without making a DataSource
 * (no thread, no shutdown hook, no log line but a WARN for unknown variables), then
 * {@link ConnectorDataSource#of(ConnectorConfig)}; or let {@link ConnectorDataSource#builder()} do both.
 *
 * <pre>{@code
 * ConnectorConfig config = ConnectorConfig.builder().environment(System.getenv()).build();
 * config.host(); config.sslMode(); config.statementTimeout();
 * }</pre>
 *
 * Secrets are never shown: not by {@link #value}, {@link #get}, {@link #toString()} or {@link #describe()}.
 */
public final class ConnectorConfig {

    /** libpq's and pgjdbc's {@code sslmode}. */
    public enum SslMode {
        DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

        /** The configuration word: {@code disable}, ..., {@code verify-full}. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<ConnectorProperty, Object> values;
    private final Map<ConnectorProperty, String> sources;
    private final Map<ConnectorProperty, List<String>> overridden;
    private final Map<String, String> driverProperties;
    private final DetectedRuntime runtime;

    ConnectorConfig(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources,
                    Map<ConnectorProperty, List<String>> overridden, Map<String, String> driverProperties,
                    DetectedRuntime runtime) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.sources = Collections.unmodifiableMap(new EnumMap<>(sources));
        Map<ConnectorProperty, List<String>> o = new EnumMap<>(ConnectorProperty.class);
        overridden.forEach((k, v) -> o.put(k, List.copyOf(v)));
        this.overridden = Collections.unmodifiableMap(o);
        this.driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
        this.runtime = runtime;
    }

    /** A builder: typed setters, then {@link Builder#build()} validates and returns the configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects configuration; {@link #build()} validates it. See {@link ConnectorDataSource.Builder} for a DataSource. */
    public static final class Builder extends ConfigBuilder<Builder> {

        private Builder() {
        }

        /**
         * Validates every value given (also the ones another source overrides) and returns the configuration.
         *
         * @throws InvalidConfigurationException naming the key, the value (masked, bounded) and what is allowed
         */
        public ConnectorConfig build() {
            return resolve();
        }
    }

    // ---------------------------------------------------------------- generic access

    /** The value as text (durations as {@code 10s}), or empty when not set; a secret shows as {@code ***}. */
    public Optional<String> value(ConnectorProperty property) {
        Object v = values.get(property);
        if (v == null) {
            return Optional.empty();
        }
        if (property.isSecret()) {
            return Optional.of(Redaction.MASK);
        }
        return Optional.of(v instanceof Duration ? ValueType.format((Duration) v) : property.type().writeAny(v));
    }

    /**
     * The typed value, of {@link ConnectorProperty#valueType()}, or empty when not set. The password is never
     * returned: it stays empty.
     */
    public Optional<Object> get(ConnectorProperty property) {
        return property.isSecret() ? Optional.empty() : Optional.ofNullable(values.get(property));
    }

    /**
     * Where the value came from: {@code builder}, {@code connector.port in properties}, {@code PGPORT},
     * {@code URL in DATABASE_URL}, {@code default}, or {@code not set}.
     */
    public String source(ConnectorProperty property) {
        return sources.getOrDefault(property, "not set");
    }

    /** Where values came from that were valid but lost to {@link #source}, highest precedence first. */
    public List<String> overridden(ConnectorProperty property) {
        return overridden.getOrDefault(property, List.of());
    }

    /** pgjdbc connection properties passed through; values of keys that look secret are masked. */
    public Map<String, String> driverProperties() {
        Map<String, String> shown = new LinkedHashMap<>();
        driverProperties.forEach((k, v) -> shown.put(k, Redaction.isSecretName(k) ? Redaction.MASK : v));
        return shown;
    }

    /** The runtime found in the environment, which some defaults derive from. */
    public DetectedRuntime runtime() {
        return runtime;
    }

    /** The driver's URL, built from the validated host, port and database: never credentials, never parameters. */
    public String jdbcUrl() {
        String host = host().indexOf(':') >= 0 ? "[" + host() + "]" : host();
        return "jdbc:postgresql://" + host + ":" + port() + "/"
                + URLEncoder.encode(database(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- typed getters, in table order

    /** {@link ConnectorProperty#HOST}. */
    public String host() {
        return (String) values.get(ConnectorProperty.HOST);
    }

    /** {@link ConnectorProperty#PORT}. */
    public int port() {
        return (Integer) values.get(ConnectorProperty.PORT);
    }

    /** {@link ConnectorProperty#DATABASE}. */
    public String database() {
        return (String) values.get(ConnectorProperty.DATABASE);
    }

    /** {@link ConnectorProperty#USER}. */
    public String user() {
        return (String) values.get(ConnectorProperty.USER);
    }

    /** Whether a {@link ConnectorProperty#PASSWORD} is set; the password itself never leaves this package. */
    public boolean hasPassword() {
        return values.containsKey(ConnectorProperty.PASSWORD);
    }

    /** {@link ConnectorProperty#SSL_MODE}, or empty when pgjdbc's default applies (loopback hosts). */
    public Optional<SslMode> sslMode() {
        return Optional.ofNullable((SslMode) values.get(ConnectorProperty.SSL_MODE));
    }

    /** {@link ConnectorProperty#APPLICATION_NAME}. */
    public String applicationName() {
        return (String) values.get(ConnectorProperty.APPLICATION_NAME);
    }

    /** {@link ConnectorProperty#CONNECT_TIMEOUT} as pgjdbc applies it: a configured 0 is pgjdbc's default, 10 s. */
    public Duration connectTimeout() {
        return DriverLimits.effectiveConnectTimeout(duration(ConnectorProperty.CONNECT_TIMEOUT));
    }

    /** {@link ConnectorProperty#SOCKET_TIMEOUT}; zero for no limit. */
    public Duration socketTimeout() {
        return duration(ConnectorProperty.SOCKET_TIMEOUT);
    }

    /** {@link ConnectorProperty#LOGIN_TIMEOUT}; zero when the connect timeout bounds the login. */
    public Duration loginTimeout() {
        return duration(ConnectorProperty.LOGIN_TIMEOUT);
    }

    /** {@link ConnectorProperty#TCP_KEEP_ALIVE}. */
    public boolean tcpKeepAlive() {
        return (Boolean) values.get(ConnectorProperty.TCP_KEEP_ALIVE);
    }

    /** {@link ConnectorProperty#STATEMENT_TIMEOUT}; empty leaves the server's setting (0 is "no limit"). */
    public Optional<Duration> statementTimeout() {
        return optionalDuration(ConnectorProperty.STATEMENT_TIMEOUT);
    }

    /** {@link ConnectorProperty#LOCK_TIMEOUT}; empty leaves the server's setting. */
    public Optional<Duration> lockTimeout() {
        return optionalDuration(ConnectorProperty.LOCK_TIMEOUT);
    }

    /** {@link ConnectorProperty#IDLE_IN_TRANSACTION_SESSION_TIMEOUT}; empty leaves the server's setting. */
    public Optional<Duration> idleInTransactionSessionTimeout() {
        return optionalDuration(ConnectorProperty.IDLE_IN_TRANSACTION_SESSION_TIMEOUT);
    }

    /** {@link ConnectorProperty#POOLER}: empty for auto (an RDS Proxy endpoint is recognised by its host name). */
    @SuppressWarnings("unchecked")
    public Optional<Pooler> pooler() {
        return (Optional<Pooler>) values.get(ConnectorProperty.POOLER);
    }

    /** {@link ConnectorProperty#STRATEGY}: empty for auto (chosen by runtime). */
    @SuppressWarnings("unchecked")
    public Optional<PoolingStrategy> strategy() {
        return (Optional<PoolingStrategy>) values.get(ConnectorProperty.STRATEGY);
    }

    /** {@link ConnectorProperty#SCHEMA_POLICY}. */
    public SchemaPolicy schemaPolicy() {
        return (SchemaPolicy) values.get(ConnectorProperty.SCHEMA_POLICY);
    }

    /** {@link ConnectorProperty#SHUTDOWN_HOOK}. */
    public boolean shutdownHook() {
        return (Boolean) values.get(ConnectorProperty.SHUTDOWN_HOOK);
    }

    /** {@link ConnectorProperty#RETRY_DEADLINE}; zero turns retries off. */
    public Duration retryDeadline() {
        return duration(ConnectorProperty.RETRY_DEADLINE);
    }

    /** {@link ConnectorProperty#RETRY_INITIAL_BACKOFF}. */
    public Duration retryInitialBackoff() {
        return duration(ConnectorProperty.RETRY_INITIAL_BACKOFF);
    }

    /** {@link ConnectorProperty#RETRY_MAX_BACKOFF}. */
    public Duration retryMaxBackoff() {
        return duration(ConnectorProperty.RETRY_MAX_BACKOFF);
    }

    /** {@link ConnectorProperty#MAX_POOL_SIZE}; empty when the connection budget decides. */
    public OptionalInt maxPoolSize() {
        return optionalInt(ConnectorProperty.MAX_POOL_SIZE);
    }

    /** {@link ConnectorProperty#MIN_IDLE}. */
    public int minIdle() {
        return (Integer) values.get(ConnectorProperty.MIN_IDLE);
    }

    /** {@link ConnectorProperty#INSTANCES}. */
    public int instances() {
        return (Integer) values.get(ConnectorProperty.INSTANCES);
    }

    /** {@link ConnectorProperty#SERVER_MAX_CONNECTIONS}; empty when read from the server. */
    public OptionalInt serverMaxConnections() {
        return optionalInt(ConnectorProperty.SERVER_MAX_CONNECTIONS);
    }

    /** {@link ConnectorProperty#RESERVED_CONNECTIONS}; empty when read from the server. */
    public OptionalInt reservedConnections() {
        return optionalInt(ConnectorProperty.RESERVED_CONNECTIONS);
    }

    /** {@link ConnectorProperty#ACQUIRE_TIMEOUT}. */
    public Duration acquireTimeout() {
        return duration(ConnectorProperty.ACQUIRE_TIMEOUT);
    }

    /** {@link ConnectorProperty#MAX_LIFETIME}; zero for no limit. */
    public Duration maxLifetime() {
        return duration(ConnectorProperty.MAX_LIFETIME);
    }

    /** {@link ConnectorProperty#IDLE_TIMEOUT}; zero for never. */
    public Duration idleTimeout() {
        return duration(ConnectorProperty.IDLE_TIMEOUT);
    }

    /** {@link ConnectorProperty#KEEPALIVE_TIME}; zero for off. */
    public Duration keepaliveTime() {
        return duration(ConnectorProperty.KEEPALIVE_TIME);
    }

    /** {@link ConnectorProperty#LEAK_DETECTION_THRESHOLD}; zero for off. */
    public Duration leakDetectionThreshold() {
        return duration(ConnectorProperty.LEAK_DETECTION_THRESHOLD);
    }

    // ---------------------------------------------------------------- text

    /** One line per property with its source (and what it overrode), secrets masked: for DEBUG logs and diagnostics. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (p == ConnectorProperty.URL) {
                continue;
            }
            out.append(p.key()).append(" = ").append(value(p).orElse("(not set)"))
                    .append("  [").append(source(p));
            if (!overridden(p).isEmpty()) {
                out.append("; over ").append(String.join(", ", overridden(p)));
            }
            out.append("]\n");
        }
        driverProperties().forEach((k, v) ->
                out.append(ConnectorProperty.DRIVER_PREFIX).append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    @Override
    public String toString() {
        return "ConnectorConfig{" + user() + "@" + host() + ":" + port() + "/" + database()
                + ", sslmode=" + sslMode().map(SslMode::configValue).orElse("default") + ", applicationName="
                + applicationName() + ", password=" + (hasPassword() ? Redaction.MASK : "(none)") + "}";
    }

    // ---------------------------------------------------------------- for the DataSource (the password stays here)

    String password() {
        return (String) values.get(ConnectorProperty.PASSWORD);
    }

    Map<String, String> rawDriverProperties() {
        return driverProperties;
    }

    private Duration duration(ConnectorProperty property) {
        return (Duration) values.get(property);
    }

    private Optional<Duration> optionalDuration(ConnectorProperty property) {
        return Optional.ofNullable(duration(property));
    }

    private OptionalInt optionalInt(ConnectorProperty property) {
        Integer v = (Integer) values.get(property);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
