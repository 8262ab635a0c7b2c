package dev.connector;

import dev.connector.internal.config.ValueType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.connector.internal.config.ValueType.bool;
import static dev.connector.internal.config.ValueType.duration;
import static dev.connector.internal.config.ValueType.integer;
import static dev.connector.internal.config.ValueType.oneOf;
import static dev.connector.internal.config.ValueType.text;

/**
 * Every configuration property of the connector: the single source of truth for parsing, validation,
 * error messages and the README's configuration reference.
 *
 * <p>A property is set by its key ({@code connector.} + {@link #key()}) in a {@code Properties} or map,
 * by its environment variables, or by the builder. Precedence, highest first: the builder's setters,
 * then {@code connector.*} properties, then the {@code CONNECTOR_*} variables and the URL in
 * {@code JDBC_DATABASE_URL} or {@code DATABASE_URL}, then the libpq variables ({@code PGHOST}, ...),
 * then the default. Within one source, an explicit key beats the same value inside that source's URL.
 *
 * <p>pgjdbc's own connection properties pass through as {@code connector.driver.<name>} (for example
 * {@code connector.driver.prepareThreshold=0} behind PgBouncer) or as URL parameters.
 */
public enum ConnectorProperty {

    URL("url", List.of("JDBC_DATABASE_URL", "DATABASE_URL"),
            ValueType.describedText("a jdbc:postgresql://, postgres:// or postgresql:// URL"), null,
            "PostgreSQL URL: jdbc:postgresql://host:port/database?param=value or "
                    + "postgres://user:password@host:port/database?sslmode=require. Its parts fill host, port, "
                    + "database, user, password and any parameters; keys set explicitly in the same source win."),
    HOST("host", List.of("PGHOST"), text(253), "localhost", "Server host name or IP address."),
    PORT("port", List.of("PGPORT"), integer(1, 65535), "5432", "Server port."),
    DATABASE("database", List.of("PGDATABASE"), text(63), "the user name", "Database name."),
    USER("user", List.of("PGUSER"), text(63), "the operating-system user", "Role to log in as."),
    PASSWORD("password", List.of("PGPASSWORD"), text(), null,
            "Password. Never logged, never shown in a message or toString()."),
    SSL_MODE("sslMode", List.of("PGSSLMODE"),
            oneOf("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
            "require for a non-loopback host; pgjdbc's default (prefer) for localhost",
            "TLS mode. A connection to a non-loopback host never goes out in plaintext unless disable is asked for."),
    APPLICATION_NAME("applicationName", List.of("PGAPPNAME"), text(63),
            "the function or service name found in the environment, else connector",
            "application_name of every session: what pg_stat_activity shows."),
    CONNECT_TIMEOUT("connectTimeout", List.of("PGCONNECT_TIMEOUT"),
            duration("seconds", Duration.ofSeconds(1), "pgjdbc's own default", true), "10s",
            "Time allowed to open the TCP connection and complete TLS and login."),
    SOCKET_TIMEOUT("socketTimeout", List.of("CONNECTOR_SOCKET_TIMEOUT"),
            duration("seconds", Duration.ofSeconds(1), "no limit", true), "0 (no limit)",
            "Longest wait for the server on an open connection. Set it above statementTimeout."),
    LOGIN_TIMEOUT("loginTimeout", List.of("CONNECTOR_LOGIN_TIMEOUT"),
            duration("seconds", Duration.ofSeconds(1), "no separate limit", true), "0 (connectTimeout bounds the login)",
            "Overall limit on login. pgjdbc starts a thread per connection attempt when this is set."),
    TCP_KEEP_ALIVE("tcpKeepAlive", List.of("CONNECTOR_TCP_KEEP_ALIVE"), bool(), "true",
            "TCP keepalive on every connection, so dead peers are noticed."),
    STATEMENT_TIMEOUT("statementTimeout", List.of("CONNECTOR_STATEMENT_TIMEOUT"),
            duration("milliseconds", Duration.ofMillis(1), "no limit", false), "not set (the server's setting)",
            "statement_timeout of every session, sent in the startup packet."),
    LOCK_TIMEOUT("lockTimeout", List.of("CONNECTOR_LOCK_TIMEOUT"),
            duration("milliseconds", Duration.ofMillis(1), "no limit", false), "not set (the server's setting)",
            "lock_timeout of every session, sent in the startup packet."),
    IDLE_IN_TRANSACTION_SESSION_TIMEOUT("idleInTransactionSessionTimeout",
            List.of("CONNECTOR_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"),
            duration("milliseconds", Duration.ofMillis(1), "no limit", false), "not set (the server's setting)",
            "idle_in_transaction_session_timeout of every session, sent in the startup packet."),
    POOLER("pooler", List.of("CONNECTOR_POOLER"),
            oneOf("auto", "none", "pgbouncer-transaction", "pgbouncer-session", "rds-proxy"),
            "auto: rds-proxy for an RDS Proxy endpoint (*.proxy-*.rds.amazonaws.com), else none",
            "What is between the application and PostgreSQL. Behind a pooler no options go in the startup packet "
                    + "and the three timeouts are applied as that mode allows (README: Behind a pooler)."),
    STRATEGY("strategy", List.of("CONNECTOR_STRATEGY"), oneOf("auto", "unpooled", "bounded"), "auto",
            "auto chooses by runtime (see the runtime table); unpooled or bounded always win."),
    SCHEMA_POLICY("schemaPolicy", List.of("CONNECTOR_SCHEMA_POLICY"), oneOf("refuse-at-startup", "refuse", "allow"),
            "refuse-at-startup in a serverless runtime, allow on a server",
            "What happens to statements that change the schema: refused until markReady(), always refused, or allowed."),
    SHUTDOWN_HOOK("shutdownHook", List.of("CONNECTOR_SHUTDOWN_HOOK"), bool(), "true",
            "Close every connection from a JVM shutdown hook (SIGTERM)."),
    RETRY_DEADLINE("retryDeadline", List.of("CONNECTOR_RETRY_DEADLINE"),
            duration("milliseconds", Duration.ofMillis(1), "no retries", false), "5s",
            "Transient connection failures (refused, timed out, too many connections, starting up, shutting down) "
                    + "are retried until this long after the first attempt; permanent ones fail at once."),
    RETRY_INITIAL_BACKOFF("retryInitialBackoff", List.of("CONNECTOR_RETRY_INITIAL_BACKOFF"),
            duration("milliseconds", Duration.ofMillis(1), null, false), "100ms",
            "The cap of the first wait between attempts; it doubles each attempt. Each wait is random below its cap (full jitter)."),
    RETRY_MAX_BACKOFF("retryMaxBackoff", List.of("CONNECTOR_RETRY_MAX_BACKOFF"),
            duration("milliseconds", Duration.ofMillis(1), null, false), "2s",
            "The largest cap of a wait between attempts."),
    MAX_POOL_SIZE("maxPoolSize", List.of("CONNECTOR_MAX_POOL_SIZE"), integer(1, 10_000),
            "from the connection budget: min(runtime ceiling, (serverMaxConnections - reservedConnections) / instances)",
            "bounded: most connections the pool opens."),
    MIN_IDLE("minIdle", List.of("CONNECTOR_MIN_IDLE"), integer(0, 10_000), "1",
            "bounded: idle connections the pool keeps ready; at most maxPoolSize."),
    INSTANCES("instances", List.of("CONNECTOR_INSTANCES"), integer(1, 100_000), "1",
            "bounded: how many copies of this application share the server, for the connection budget."),
    SERVER_MAX_CONNECTIONS("serverMaxConnections", List.of("CONNECTOR_SERVER_MAX_CONNECTIONS"),
            integer(1, 1_000_000), "read from the server at the first connection",
            "bounded: the server's max_connections, for the connection budget."),
    RESERVED_CONNECTIONS("reservedConnections", List.of("CONNECTOR_RESERVED_CONNECTIONS"), integer(0, 1_000_000),
            "read from the server: superuser_reserved_connections + reserved_connections",
            "bounded: connections the budget leaves to administrators and other clients."),
    ACQUIRE_TIMEOUT("acquireTimeout", List.of("CONNECTOR_ACQUIRE_TIMEOUT"),
            duration("milliseconds", Duration.ofMillis(250), null, false), "10s",
            "bounded: longest wait for a connection from the pool."),
    MAX_LIFETIME("maxLifetime", List.of("CONNECTOR_MAX_LIFETIME"),
            duration("milliseconds", Duration.ofSeconds(30), "no limit", false), "10min",
            "bounded: a connection is retired after this long, below common proxy and load-balancer cut-offs."),
    IDLE_TIMEOUT("idleTimeout", List.of("CONNECTOR_IDLE_TIMEOUT"),
            duration("milliseconds", Duration.ofSeconds(10), "never", false), "3min",
            "bounded: idle connections above minIdle are closed after this long; below maxLifetime."),
    KEEPALIVE_TIME("keepaliveTime", List.of("CONNECTOR_KEEPALIVE_TIME"),
            duration("milliseconds", Duration.ofSeconds(30), "off", false), "2min",
            "bounded: idle connections are pinged this often, so idle cut-offs (Azure 4 min, AWS NAT 350 s) never hit; below maxLifetime."),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", List.of("CONNECTOR_LEAK_DETECTION_THRESHOLD"),
            duration("milliseconds", Duration.ofSeconds(2), "off", false), "0 (off)",
            "bounded: a connection borrowed longer than this is reported at WARN with where it was borrowed. Off by "
                    + "default because HikariCP then records a stack trace and schedules a timer on every borrow "
                    + "(about 14 times the cost of a borrow without it); turn it on (60s) to find a leak.");

    /** The prefix of every key in a {@code Properties} or map. */
    public static final String PREFIX = "connector.";

    /** The prefix of pgjdbc connection properties passed through: {@code connector.driver.<name>}. */
    public static final String DRIVER_PREFIX = PREFIX + "driver.";

    private final String name;
    private final List<String> environmentVariables;
    private final ValueType type;
    private final String defaultValue;
    private final String description;

    ConnectorProperty(String name, List<String> environmentVariables, ValueType type, String defaultValue,
                      String description) {
        this.name = name;
        this.environmentVariables = environmentVariables;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The full key, for example {@code connector.schemaPolicy}. */
    public String key() {
        return PREFIX + name;
    }

    /** The environment variables it is read from, highest precedence first. */
    public List<String> environmentVariables() {
        return environmentVariables;
    }

    /** The allowed values, as a phrase. */
    public String allowedValues() {
        return type.allowed();
    }

    /** The default, as documentation text; empty when there is none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    /** Whether the value is a secret: it is never shown. */
    public boolean isSecret() {
        return this == PASSWORD;
    }

    /** The property with this full key, if any. */
    public static Optional<ConnectorProperty> forKey(String key) {
        for (ConnectorProperty p : values()) {
            if (p.key().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a value; throws {@link InvalidConfigurationException} naming the key, the value (masked
     * for secrets) and what is allowed.
     */
    Object parse(String text, String source) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigurationException.badValue(this, text, source);
        }
    }
}
