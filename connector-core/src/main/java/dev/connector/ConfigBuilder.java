package dev.connector;

import dev.connector.internal.config.ValueType;
import dev.connector.internal.runtime.RuntimeDetector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import static dev.connector.ConnectorProperty.*;

/**
 * The setters both builders share, {@link ConnectorConfig.Builder} and {@link ConnectorDataSource.Builder}: one
 * typed setter per {@link ConnectorProperty}. A setter records the value as text, so it is validated at build
 * time exactly like the same value from a {@code Properties} or the environment; a null is a configuration
 * error at build time, never a {@code NullPointerException}.
 *
 * <p>Precedence, highest first: these setters (a later call wins), {@link #properties} (a later call wins),
 * the environment given to {@link #environment} ({@code CONNECTOR_*} and the URL in {@code JDBC_DATABASE_URL}
 * or {@code DATABASE_URL}, then {@code PG*}), then defaults.
 *
 * @param <B> the builder's own type, returned by every setter
 */
abstract class ConfigBuilder<B extends ConfigBuilder<B>> {

    private final ConfigResolver.Layer own = new ConfigResolver.Layer();
    private final List<ConfigResolver.Layer> properties = new ArrayList<>();
    private Map<String, String> environment;

    ConfigBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Any property as text, validated at build time like every other source; null is refused at build time. */
    public B set(ConnectorProperty property, String value) {
        own.replace(Objects.requireNonNull(property, "property"), value, "builder");
        return self();
    }

    private B typed(ConnectorProperty property, Object value) {
        return set(property, value == null ? null : property.type().writeAny(value));
    }

    /**
     * A {@code jdbc:postgresql://host:port/database?param=value} or
     * {@code postgres://user:password@host:port/database?param=value} URL; its parts fill host, port, database,
     * user, password and parameters, and explicit setters beat them.
     */
    public B url(String url) {
        return set(URL, url);
    }

    /** The server's host name, IPv4 or IPv6 address: one host, no port, path or list. Default {@code localhost}. */
    public B host(String host) {
        return set(HOST, host);
    }

    /** The server's port, 1 to 65535. Default 5432. */
    public B port(int port) {
        return typed(PORT, port);
    }

    /** The database, at most 63 bytes in UTF-8. Default: the user name. */
    public B database(String database) {
        return set(DATABASE, database);
    }

    /** The role to log in as, at most 63 bytes in UTF-8. Default: the operating-system user. */
    public B user(String user) {
        return set(USER, user);
    }

    /**
     * The password; never logged nor shown. Null (an unset environment variable, say) is refused at build time
     * with a clear error; leave the call out to log in without a password.
     */
    public B password(String password) {
        return set(PASSWORD, password);
    }

    /** TLS mode. Default: {@code require} for a non-loopback host, pgjdbc's {@code prefer} on loopback. */
    public B sslMode(ConnectorConfig.SslMode sslMode) {
        return typed(SSL_MODE, sslMode);
    }

    /** TLS mode by its libpq word: {@code disable}, {@code allow}, {@code prefer}, {@code require}, ... */
    public B sslMode(String sslMode) {
        return set(SSL_MODE, sslMode);
    }

    /** The application_name of every session, at most 63 bytes. Default: the function or service name, else connector. */
    public B applicationName(String applicationName) {
        return set(APPLICATION_NAME, applicationName);
    }

    /** Time to open the TCP connection, TLS and login; whole seconds, 0 for pgjdbc's default. Default 10 s. */
    public B connectTimeout(Duration timeout) {
        return typed(CONNECT_TIMEOUT, timeout);
    }

    /** Longest wait for the server on an open connection; whole seconds, 0 for none (the default). */
    public B socketTimeout(Duration timeout) {
        return typed(SOCKET_TIMEOUT, timeout);
    }

    /** Overall login limit (a thread per attempt in pgjdbc); whole seconds, 0 (default) lets connectTimeout bound it. */
    public B loginTimeout(Duration timeout) {
        return typed(LOGIN_TIMEOUT, timeout);
    }

    /** TCP keepalive on every connection. Default true. */
    public B tcpKeepAlive(boolean enabled) {
        return typed(TCP_KEEP_ALIVE, enabled);
    }

    /** statement_timeout of every session, in the startup packet; whole milliseconds up to 24.8 days. */
    public B statementTimeout(Duration timeout) {
        return typed(STATEMENT_TIMEOUT, timeout);
    }

    /** lock_timeout of every session, in the startup packet. */
    public B lockTimeout(Duration timeout) {
        return typed(LOCK_TIMEOUT, timeout);
    }

    /** idle_in_transaction_session_timeout of every session, in the startup packet. */
    public B idleInTransactionSessionTimeout(Duration timeout) {
        return typed(IDLE_IN_TRANSACTION_SESSION_TIMEOUT, timeout);
    }

    /** What is between the application and PostgreSQL; without this call an RDS Proxy host is recognised (auto). */
    public B pooler(Pooler pooler) {
        return set(POOLER, pooler == null ? null : POOLER.type().writeAny(java.util.Optional.of(pooler)));
    }

    /** UNPOOLED or BOUNDED, whatever the runtime; without this call the runtime decides (auto). */
    public B strategy(PoolingStrategy strategy) {
        return set(STRATEGY, strategy == null ? null : STRATEGY.type().writeAny(java.util.Optional.of(strategy)));
    }

    /** What happens to schema changes. Default: refuse-at-startup in a serverless runtime, allow on a server. */
    public B schemaPolicy(SchemaPolicy policy) {
        return typed(SCHEMA_POLICY, policy);
    }

    /** Close every connection from a JVM shutdown hook. Default true. */
    public B shutdownHook(boolean enabled) {
        return typed(SHUTDOWN_HOOK, enabled);
    }

    /** Transient failures are retried until this long after the first attempt; 0 turns retries off. Default 5 s. */
    public B retryDeadline(Duration deadline) {
        return typed(RETRY_DEADLINE, deadline);
    }

    /** The cap of the first wait between attempts; it doubles each attempt. Default 100 ms. */
    public B retryInitialBackoff(Duration backoff) {
        return typed(RETRY_INITIAL_BACKOFF, backoff);
    }

    /** The largest cap of a wait between attempts. Default 2 s. */
    public B retryMaxBackoff(Duration backoff) {
        return typed(RETRY_MAX_BACKOFF, backoff);
    }

    /** BOUNDED: most connections the pool opens. Default: from the connection budget. */
    public B maxPoolSize(int maxPoolSize) {
        return typed(MAX_POOL_SIZE, maxPoolSize);
    }

    /** BOUNDED: idle connections kept ready, at most maxPoolSize. Default 1. */
    public B minIdle(int minIdle) {
        return typed(MIN_IDLE, minIdle);
    }

    /** BOUNDED: copies of this application sharing the server, for the connection budget. Default 1. */
    public B instances(int instances) {
        return typed(INSTANCES, instances);
    }

    /** BOUNDED: the server's max_connections, for the budget. Default: read from the server. */
    public B serverMaxConnections(int serverMaxConnections) {
        return typed(SERVER_MAX_CONNECTIONS, serverMaxConnections);
    }

    /** BOUNDED: connections the budget leaves to administrators and other clients. Default: read from the server. */
    public B reservedConnections(int reservedConnections) {
        return typed(RESERVED_CONNECTIONS, reservedConnections);
    }

    /** BOUNDED: longest wait for a pooled connection, at least 250 ms. Default 10 s. */
    public B acquireTimeout(Duration timeout) {
        return typed(ACQUIRE_TIMEOUT, timeout);
    }

    /** BOUNDED: a connection is retired after this long; 0 for never, else at least 30 s. Default 10 min. */
    public B maxLifetime(Duration lifetime) {
        return typed(MAX_LIFETIME, lifetime);
    }

    /** BOUNDED: idle connections above minIdle close after this long; below maxLifetime. Default 3 min. */
    public B idleTimeout(Duration timeout) {
        return typed(IDLE_TIMEOUT, timeout);
    }

    /** BOUNDED: idle connections are pinged this often; below maxLifetime. Default 2 min. */
    public B keepaliveTime(Duration interval) {
        return typed(KEEPALIVE_TIME, interval);
    }

    /** BOUNDED: a connection borrowed longer than this is reported at WARN; 0 for off (the default). */
    public B leakDetectionThreshold(Duration threshold) {
        return typed(LEAK_DETECTION_THRESHOLD, threshold);
    }

    /** A pgjdbc connection property passed through, such as {@code prepareThreshold}. */
    public B driverProperty(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigurationException(DRIVER_PREFIX + "<name>", DRIVER_PREFIX + "<name>: got a "
                    + (name == null ? "null" : "blank") + " driver property name from builder; allowed: a pgjdbc "
                    + "connection property name such as prepareThreshold");
        }
        if (value == null) {
            throw new InvalidConfigurationException(DRIVER_PREFIX + name, DRIVER_PREFIX + name + ": got null from "
                    + "builder; allowed: the property's text value (leave the call out to keep pgjdbc's default)");
        }
        ConfigResolver.Layer layer = ConfigResolver.fromProperties(Map.of(DRIVER_PREFIX + name, value), "builder");
        own.driver.putAll(layer.driver);
        return self();
    }

    /** The {@code connector.*} keys of these properties; other keys are ignored, unknown connector keys fail. */
    public B properties(Properties properties) {
        this.properties.add(0, ConfigResolver.fromProperties(properties, "properties"));
        return self();
    }

    /** The {@code connector.*} keys of this map; other keys are ignored, unknown connector keys fail. */
    public B properties(Map<String, ?> properties) {
        return properties(properties, "properties");
    }

    /** As {@link #properties(Map)}, naming where they came from in messages, for example a framework's key. */
    public B properties(Map<String, ?> properties, String sourceName) {
        this.properties.add(0, ConfigResolver.fromProperties(properties, sourceName));
        return self();
    }

    /**
     * Reads configuration from this environment (below the setters and properties) and detects the runtime from
     * it, instead of from the process environment. Without this call, the runtime is detected from the process
     * environment and no configuration is read from it.
     */
    public B environment(Map<String, String> environment) {
        if (environment == null) {
            throw new InvalidConfigurationException("environment", "environment: got null; allowed: a map of "
                    + "variable names to values, such as System.getenv()");
        }
        environment.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new InvalidConfigurationException("environment", "environment: the variable "
                        + (name == null ? "with a null name" : name) + " has a null " + (name == null ? "" : "value")
                        + "; allowed: names and values that are text (leave an unset variable out of the map)");
            }
        });
        this.environment = Map.copyOf(environment);
        return self();
    }

    /** Validates and resolves every source into the configuration. */
    final ConnectorConfig resolve() {
        Map<String, String> env = environment != null ? environment : System.getenv();
        DetectedRuntime runtime = RuntimeDetector.detect(env);
        List<ConfigResolver.Layer> layers = new ArrayList<>();
        layers.add(own);
        layers.addAll(properties);
        if (environment != null) {
            layers.addAll(ConfigResolver.fromEnvironment(environment));
        }
        return ConfigResolver.resolve(layers, runtime);
    }

    static String format(Duration d) {
        return ValueType.format(d);
    }
}
