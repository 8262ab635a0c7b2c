package dev.connector;

import dev.connector.internal.config.PropertyDefault;
import dev.connector.internal.config.PropertyDefault.Derived;
import dev.connector.internal.config.ValueType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.connector.internal.config.DriverLimits.NAME_BYTES;
import static dev.connector.internal.config.DriverLimits.PGJDBC_CONNECT_TIMEOUT;
import static dev.connector.internal.config.DriverLimits.PGJDBC_MAX_SECONDS;
import static dev.connector.internal.config.DriverLimits.SERVER_MAX_MILLIS;
import static dev.connector.internal.config.ValueType.bool;
import static dev.connector.internal.config.ValueType.integer;
import static dev.connector.internal.config.ValueType.identifier;

/**
 * Every configuration property of the connector: the single source of truth for parsing, validation, typed
 * defaults, error messages, the README's configuration reference and the Micronaut metadata. Adding a
 * property is one row here, one typed getter on {@link ConnectorConfig} and one setter on its builder.
 *
 * <p>A property is set by its key ({@code connector.} + the name) in a {@code Properties} or map, by its
 * environment variables, or by a builder. Precedence, highest first: the builder's setters, then
 * {@code connector.*} properties, then the {@code CONNECTOR_*} variables and the URL in
 * {@code JDBC_DATABASE_URL} or {@code DATABASE_URL}, then the libpq variables ({@code PGHOST}, ...), then the
 * default. Within one source, an explicit key beats the same value inside that source's URL. Every value given
 * is validated, also one that another source overrides.
 *
 * <p>pgjdbc's own connection properties pass through as {@code connector.driver.<name>} (for example
 * {@code connector.driver.prepareThreshold=0} behind PgBouncer) or as URL parameters.
 */
public enum ConnectorProperty {

    URL("url", env("JDBC_DATABASE_URL", "DATABASE_URL"),
            ValueType.described("a jdbc:postgresql://, postgres:// or postgresql:// URL"), unset(null),
            "PostgreSQL URL: jdbc:postgresql://host:port/database?param=value or "
                    + "postgres://user:password@host:port/database?sslmode=require. Its parts fill host, port, "
                    + "database, user, password and any parameters; keys set explicitly in the same source win."),
    HOST("host", env("PGHOST"), ValueType.host(), fixed("localhost", ValueType.host(), null),
            "Server host name or IP address."),
    PORT("port", env("PGPORT"), integer(1, 65535), fixed(5432, integer(1, 65535), null), "Server port."),
    DATABASE("database", env("PGDATABASE"), identifier(NAME_BYTES),
            derived("the user name", ConfigResolver.Defaults::database),
            "Database name."),
    USER("user", env("PGUSER"), identifier(NAME_BYTES),
            derived("the operating-system user", ConfigResolver.Defaults::user),
            "Role to log in as."),
    PASSWORD("password", env("PGPASSWORD"), ValueType.text(), unset(null),
            "Password. Never logged, never shown in a message or toString()."),
    SSL_MODE("sslMode", env("PGSSLMODE"), ValueType.choice(ConnectorConfig.SslMode.class, ConnectorConfig.SslMode::configValue),
            derived("require for a non-loopback host; pgjdbc's default (prefer) for localhost",
                    ConfigResolver.Defaults::sslMode),
            "TLS mode. A connection to a non-loopback host never goes out in plaintext unless disable is asked for."),
    APPLICATION_NAME("applicationName", env("PGAPPNAME"), identifier(NAME_BYTES),
            derived("the function or service name found in the environment, else connector",
                    ConfigResolver.Defaults::applicationName),
            "application_name of every session: what pg_stat_activity shows."),
    CONNECT_TIMEOUT("connectTimeout", env("PGCONNECT_TIMEOUT"),
            seconds(Duration.ofSeconds(1), "pgjdbc's own default"), fixed(PGJDBC_CONNECT_TIMEOUT, null),
            "Time allowed to open the TCP connection and complete TLS and login."),
    SOCKET_TIMEOUT("socketTimeout", env("CONNECTOR_SOCKET_TIMEOUT"),
            seconds(Duration.ofSeconds(1), "no limit"), fixed(Duration.ZERO, "no limit"),
            "Longest wait for the server on an open connection. Set it above statementTimeout."),
    LOGIN_TIMEOUT("loginTimeout", env("CONNECTOR_LOGIN_TIMEOUT"),
            seconds(Duration.ofSeconds(1), "no separate limit"), fixed(Duration.ZERO, "connectTimeout bounds the login"),
            "Overall limit on login. pgjdbc starts a thread per connection attempt when this is set."),
    TCP_KEEP_ALIVE("tcpKeepAlive", env("CONNECTOR_TCP_KEEP_ALIVE"), bool(), fixed(true, bool(), null),
            "TCP keepalive on every connection, so dead peers are noticed."),
    STATEMENT_TIMEOUT("statementTimeout", env("CONNECTOR_STATEMENT_TIMEOUT"),
            serverMillis(), unset("not set (the server's setting)"),
            "statement_timeout of every session, sent in the startup packet."),
    LOCK_TIMEOUT("lockTimeout", env("CONNECTOR_LOCK_TIMEOUT"),
            serverMillis(), unset("not set (the server's setting)"),
            "lock_timeout of every session, sent in the startup packet."),
    IDLE_IN_TRANSACTION_SESSION_TIMEOUT("idleInTransactionSessionTimeout",
            env("CONNECTOR_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"),
            serverMillis(), unset("not set (the server's setting)"),
            "idle_in_transaction_session_timeout of every session, sent in the startup packet."),
    POOLER("pooler", env("CONNECTOR_POOLER"), autoOr(Pooler.values(), Pooler::configValue),
            fixed(Optional.empty(), autoOr(Pooler.values(), Pooler::configValue),
                    "rds-proxy for an RDS Proxy endpoint (*.proxy-*.rds.amazonaws.com), else none"),
            "What is between the application and PostgreSQL. Behind a pooler no options go in the startup packet "
                    + "and the three timeouts are applied as that mode allows (README: Behind a pooler)."),
    STRATEGY("strategy", env("CONNECTOR_STRATEGY"), autoOr(PoolingStrategy.values(), ConnectorProperty::word),
            fixed(Optional.empty(), autoOr(PoolingStrategy.values(), ConnectorProperty::word), null),
            "auto chooses by runtime (see the runtime table); unpooled or bounded always win."),
    SCHEMA_POLICY("schemaPolicy", env("CONNECTOR_SCHEMA_POLICY"), ValueType.choice(SchemaPolicy.class, SchemaPolicy::configValue),
            derived("refuse-at-startup in a serverless runtime, allow on a server",
                    ConfigResolver.Defaults::schemaPolicy),
            "What happens to statements that change the schema: refused until markReady(), always refused, or allowed."),
    SHUTDOWN_HOOK("shutdownHook", env("CONNECTOR_SHUTDOWN_HOOK"), bool(), fixed(true, bool(), null),
            "Close every connection from a JVM shutdown hook (SIGTERM)."),
    RETRY_DEADLINE("retryDeadline", env("CONNECTOR_RETRY_DEADLINE"),
            millis(Duration.ofMillis(1), "no retries"), fixed(Duration.ofSeconds(5), null),
            "Transient connection failures (refused, timed out, too many connections, starting up, shutting down) "
                    + "are retried until this long after the first attempt; permanent ones fail at once."),
    RETRY_INITIAL_BACKOFF("retryInitialBackoff", env("CONNECTOR_RETRY_INITIAL_BACKOFF"),
            millis(Duration.ofMillis(1), null), fixed(Duration.ofMillis(100), null),
            "The cap of the first wait between attempts; it doubles each attempt. Each wait is random below its cap (full jitter)."),
    RETRY_MAX_BACKOFF("retryMaxBackoff", env("CONNECTOR_RETRY_MAX_BACKOFF"),
            millis(Duration.ofMillis(1), null), fixed(Duration.ofSeconds(2), null),
            "The largest cap of a wait between attempts."),
    MAX_POOL_SIZE("maxPoolSize", env("CONNECTOR_MAX_POOL_SIZE"), integer(1, 10_000),
            unset("from the connection budget: min(runtime ceiling, (serverMaxConnections - reservedConnections) / instances)"),
            "bounded: most connections the pool opens."),
    MIN_IDLE("minIdle", env("CONNECTOR_MIN_IDLE"), integer(0, 10_000), fixed(1, integer(0, 10_000), null),
            "bounded: idle connections the pool keeps ready; at most maxPoolSize."),
    INSTANCES("instances", env("CONNECTOR_INSTANCES"), integer(1, 100_000), fixed(1, integer(1, 100_000), null),
            "bounded: how many copies of this application share the server, for the connection budget."),
    SERVER_MAX_CONNECTIONS("serverMaxConnections", env("CONNECTOR_SERVER_MAX_CONNECTIONS"),
            integer(1, 1_000_000), unset("read from the server at the first connection"),
            "bounded: the server's max_connections, for the connection budget."),
    RESERVED_CONNECTIONS("reservedConnections", env("CONNECTOR_RESERVED_CONNECTIONS"), integer(0, 1_000_000),
            unset("read from the server: superuser_reserved_connections + reserved_connections"),
            "bounded: connections the budget leaves to administrators and other clients."),
    ACQUIRE_TIMEOUT("acquireTimeout", env("CONNECTOR_ACQUIRE_TIMEOUT"),
            millis(Duration.ofMillis(250), null), fixed(Duration.ofSeconds(10), null),
            "bounded: longest wait for a connection from the pool."),
    MAX_LIFETIME("maxLifetime", env("CONNECTOR_MAX_LIFETIME"),
            millis(Duration.ofSeconds(30), "no limit"), fixed(Duration.ofMinutes(10), null),
            "bounded: a connection is retired after this long, below common proxy and load-balancer cut-offs."),
    IDLE_TIMEOUT("idleTimeout", env("CONNECTOR_IDLE_TIMEOUT"),
            millis(Duration.ofSeconds(10), "never"), fixed(Duration.ofMinutes(3), null),
            "bounded: idle connections above minIdle are closed after this long; below maxLifetime."),
    KEEPALIVE_TIME("keepaliveTime", env("CONNECTOR_KEEPALIVE_TIME"),
            millis(Duration.ofSeconds(30), "off"), fixed(Duration.ofMinutes(2), null),
            "bounded: idle connections are pinged this often, so idle cut-offs (Azure 4 min, AWS NAT 350 s) never hit; below maxLifetime."),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", env("CONNECTOR_LEAK_DETECTION_THRESHOLD"),
            millis(Duration.ofSeconds(2), "off"), fixed(Duration.ZERO, "off"),
            "bounded: a connection borrowed longer than this is reported at WARN with where it was borrowed. Off by "
                    + "default because HikariCP then records a stack trace and schedules a timer on every borrow "
                    + "(about 14 times the cost of a borrow without it); turn it on (60s) to find a leak.");

    /** The prefix of every key in a {@code Properties} or map. */
    public static final String PREFIX = "connector.";

    /** The prefix of pgjdbc connection properties passed through: {@code connector.driver.<name>}. */
    public static final String DRIVER_PREFIX = PREFIX + "driver.";

    private final String name;
    private final List<String> environmentVariables;
    private final ValueType<?> type;
    private final PropertyDefault<ConfigResolver.Defaults> defaultValue;
    private final String description;

    ConnectorProperty(String name, List<String> environmentVariables, ValueType<?> type,
                      PropertyDefault<ConfigResolver.Defaults> defaultValue, String description) {
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

    /** The key without {@code connector.}: the builder's setter has this name. */
    public String shortName() {
        return name;
    }

    /** The environment variables it is read from, highest precedence first. */
    public List<String> environmentVariables() {
        return environmentVariables;
    }

    /** The allowed values, as a phrase. */
    public String allowedValues() {
        return type.allowed();
    }

    /** The Java type of its value, as {@link ConnectorConfig#get} returns it. */
    public Class<?> valueType() {
        return type.javaType();
    }

    /** The default, as documentation text; empty when there is none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue.documentation());
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

    ValueType<?> type() {
        return type;
    }

    PropertyDefault<ConfigResolver.Defaults> defaultSpec() {
        return defaultValue;
    }

    // ---------------------------------------------------------------- row helpers

    private static PropertyDefault<ConfigResolver.Defaults> derived(
            String documentation, Function<ConfigResolver.Defaults, Derived> derivation) {
        return PropertyDefault.derived(documentation, derivation);
    }

    private static PropertyDefault<ConfigResolver.Defaults> unset(String documentation) {
        return PropertyDefault.unset(documentation);
    }

    private static List<String> env(String... variables) {
        return List.of(variables);
    }

    private static PropertyDefault<ConfigResolver.Defaults> fixed(Object value, ValueType<?> type, String note) {
        return PropertyDefault.fixed(value, type, note);
    }

    private static PropertyDefault<ConfigResolver.Defaults> fixed(Duration value, String note) {
        return PropertyDefault.fixed(value, millis(Duration.ZERO, ""), note);
    }

    /** pgjdbc's whole seconds; a bare number is seconds, as in libpq's connect_timeout. */
    private static ValueType<Duration> seconds(Duration min, String zeroMeans) {
        return ValueType.duration("seconds", min, PGJDBC_MAX_SECONDS, zeroMeans, true);
    }

    /** A server setting in int milliseconds. */
    private static ValueType<Duration> serverMillis() {
        return ValueType.duration("milliseconds", Duration.ofMillis(1), SERVER_MAX_MILLIS, "no limit", false);
    }

    /** The connector's own milliseconds, bounded like the server's (24.8 days). */
    private static ValueType<Duration> millis(Duration min, String zeroMeans) {
        return ValueType.duration("milliseconds", min, SERVER_MAX_MILLIS, zeroMeans, false);
    }

    /** "auto" (an empty Optional) or one of the constants, each spelled by {@code word}. */
    private static <E extends Enum<E>> ValueType<Optional<E>> autoOr(E[] constants, Function<E, String> word) {
        Map<String, Optional<E>> words = new LinkedHashMap<>();
        words.put("auto", Optional.empty());
        for (E e : constants) {
            words.put(word.apply(e), Optional.of(e));
        }
        return ValueType.oneOf(Optional.class, words);
    }

    private static String word(PoolingStrategy strategy) {
        return strategy.name().toLowerCase(java.util.Locale.ROOT);
    }
}
