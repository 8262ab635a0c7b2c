package dev.connector;

import com.zaxxer.hikari.HikariDataSource;
import dev.connector.internal.config.ValueType;
import dev.connector.internal.deadline.ConnectDeadline;
import dev.connector.internal.deadline.DeadlineConnection;
import dev.connector.internal.diagnose.FailureClassifier;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.guard.GuardedSource;
import dev.connector.internal.guard.SchemaGuard;
import dev.connector.internal.lifecycle.Closed;
import dev.connector.internal.lifecycle.PhysicalConnections;
import dev.connector.internal.network.ReadBounds;
import dev.connector.internal.session.SessionDriver;
import dev.connector.internal.session.SessionSettings;
import dev.connector.internal.credentials.CredentialsCache;
import dev.connector.internal.metrics.ConnectorMetrics;
import dev.connector.internal.metrics.MicrometerMetrics;
import dev.connector.internal.strategy.LazyPool;
import dev.connector.internal.strategy.PhysicalConnector;
import dev.connector.internal.strategy.PoolSettings;
import dev.connector.internal.strategy.Retry;
import dev.connector.spi.ConnectionAttemptListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

import static dev.connector.ConnectorProperty.*;

/**
 * A PostgreSQL {@link DataSource} that chooses its pooling strategy for the runtime it finds itself in:
 * {@link PoolingStrategy#UNPOOLED} on serverless functions, a {@link PoolingStrategy#BOUNDED} HikariCP pool
 * elsewhere. It refuses schema changes while a serverless application starts, closes every connection it
 * opened on {@link #close()} and at JVM shutdown, and sets safe session defaults in the startup packet.
 *
 * <pre>{@code
 * ConnectorDataSource db = ConnectorDataSource.fromEnvironment();   // DATABASE_URL, PG*, CONNECTOR_*
 * try (Connection c = db.getConnection()) { ... }
 * }</pre>
 *
 * Building does no network I/O and starts no thread, so it is safe in a Lambda or SnapStart init phase.
 */
public final class ConnectorDataSource implements DataSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDataSource.class);

    private final ConnectorConfig config;
    private final DetectedRuntime runtime;
    private final PoolingStrategy strategy;
    private final Pooler pooler;
    private final String sessionSettings;
    private final String description;
    private final PhysicalConnections connections = new PhysicalConnections();
    private final FailureReport failures;
    private final SchemaGuard guard;
    private final Thread shutdownHook;
    private final Object lifecycle = new Object();

    /** The strategy's own source: the connector (UNPOOLED), the lazy pool, then HikariCP once started. */
    private volatile DataSource strategySource;
    /**
     * The hot path: {@code getConnection()} reads this field and calls one method. It is volatile, not final,
     * so that phases which are needed only for a while (the start-up guard, the pool's lazy start) are
     * switched out of the path instead of being checked on every call; a volatile read costs a plain load here.
     */
    private volatile DataSource target;
    /** What {@link #target} is when this DataSource is neither suspended nor closed. Guarded by lifecycle. */
    private DataSource running;
    private boolean closed;
    private HeldBack heldBack;
    /** What is counted; {@link ConnectorMetrics#NONE} without a MeterRegistry. */
    private final ConnectorMetrics metrics;

    private ConnectorDataSource(ConnectorConfig config, ConnectionAttemptListener listener, java.sql.Driver driver,
                                CredentialsSupplier credentialsSupplier, Object meterRegistry) {
        this.config = config;
        this.runtime = config.runtime();
        this.strategy = config.strategy().orElse(runtime.kind().defaultStrategy());
        this.description = describeTarget(config);
        this.pooler = poolerOf(config);
        SessionSettings session = sessionSettings(config, pooler);
        this.sessionSettings = session.describe();
        Properties driverProperties = driverProperties(config, session);
        if (credentialsSupplier != null) {
            if (config.password() != null) {
                throw new InvalidConfigurationException(PASSWORD.key(), "both " + PASSWORD.key() + " (from "
                        + config.source(PASSWORD) + ") and a credentials supplier are given; give one of them");
            }
            driverProperties.remove("password");
        }
        this.metrics = meterRegistry == null ? ConnectorMetrics.NONE
                : MicrometerMetrics.of(meterRegistry, config.applicationName());

        this.failures = new FailureReport(new FailureReport.Target(config.host(), config.port(), config.database(),
                config.user(), sslModeWord(config), config.applicationName(), config.connectTimeout()));
        Retry retry = new Retry(config.retryDeadline(), config.retryInitialBackoff(), config.retryMaxBackoff(), listener);
        PhysicalConnector connector = new PhysicalConnector(SessionDriver.of(driver, session), config.jdbcUrl(),
                driverProperties, connections,
                description, ReadBounds.socketTimeoutAfterLoginMillis(config.socketTimeout(),
                config.statementTimeout().orElse(null)), retry, failures,
                strategy == PoolingStrategy.UNPOOLED, credentialsSupplier == null ? null
                : new CredentialsCache(credentialsSupplier, java.time.Clock.systemUTC(), description), metrics);
        this.strategySource = strategy == PoolingStrategy.UNPOOLED ? connector
                : new LazyPool(poolSettings(config, runtime), connector, this::poolStarted, metrics);

        SchemaPolicy policy = config.schemaPolicy();
        this.guard = policy == SchemaPolicy.ALLOW ? null
                : new SchemaGuard(runtime.name(), policy == SchemaPolicy.REFUSE_AT_STARTUP, metrics);
        this.running = guard == null ? strategySource : new GuardedSource(strategySource, guard);
        this.target = running;

        this.shutdownHook = config.shutdownHook()
                ? new Thread(this::closeFromShutdownHook, "connector-shutdown-" + config.applicationName()) : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        log.info("connector: runtime {} ({}); strategy {} ({}); target {}; schemaPolicy {}; pooler {} ({}): {}",
                runtime.name(), runtime.reason(), strategy, strategyReason(), description, policy.configValue(),
                pooler.configValue(), poolerReason(config, pooler), session.describe());
        if (log.isDebugEnabled()) {
            log.debug("connector: configuration\n{}", config.describe());
        }
    }

    // ---------------------------------------------------------------- construction

    /** A builder; the runtime is detected from the process environment, configuration comes from the builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A DataSource with this configuration, pgjdbc's driver and no attempt listener. */
    public static ConnectorDataSource of(ConnectorConfig config) {
        return new ConnectorDataSource(Objects.requireNonNull(config, "config"), new ConnectionAttemptListener() { },
                new org.postgresql.Driver(), null, null);
    }

    /** Configuration and runtime detection from the process environment. */
    public static ConnectorDataSource fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Configuration and runtime detection from the given environment: for tests, and to see what a given
     * environment would choose.
     */
    public static ConnectorDataSource fromEnvironment(Map<String, String> environment) {
        return builder().environment(environment).build();
    }

    // ---------------------------------------------------------------- the hot path

    /**
     * A connection by the chosen strategy. Failures surface as {@link ConnectionFailedException}, explained,
     * after transient ones were retried within {@code connector.retryDeadline}.
     */
    @Override
    public Connection getConnection() throws SQLException {
        try {
            return target.getConnection();
        } catch (SQLException e) {
            throw explainBorrowFailure(e);
        }
    }

    /**
     * A connection for work that must be done by {@code deadline}, such as a function invocation: the connect
     * and its retries end by then, and every statement run on it is bounded by the time left at the moment it
     * starts, however long the connection has been in use: pgjdbc sends a cancel request when that time runs
     * out (PgBouncer forwards it), so the server is left running nothing; a statement started after the
     * deadline fails before it is sent. Such failures carry SQLState 57014. Works the same for every strategy
     * and pooler.
     *
     * @throws ConnectionFailedException of kind {@link FailureKind#DEADLINE_EXCEEDED} when the deadline has
     *                                   passed before connecting
     */
    public Connection getConnection(Deadline deadline) throws SQLException {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.hasPassed()) {
            throw failures.explain(new SQLException("the invocation's deadline had passed before connecting to "
                    + description, FailureClassifier.DEADLINE_SQL_STATE), 1, null);
        }
        Connection connection;
        try {
            connection = ConnectDeadline.during(deadline, target::getConnection);
        } catch (SQLException e) {
            throw explainBorrowFailure(e);
        }
        return new DeadlineConnection(connection, deadline, description);
    }

    /**
     * Explains any SQLException in this DataSource's terms: its {@link FailureKind}, the target, the likely
     * cause and what to check next. For failures at statement time, such as a write refused by a replica
     * ({@link FailureKind#READ_ONLY_SERVER}).
     */
    public ConnectionFailedException explain(SQLException failure) {
        if (failure instanceof ConnectionFailedException) {
            return (ConnectionFailedException) failure;
        }
        return failures.explainStatement(failure);
    }

    private SQLException explainBorrowFailure(SQLException e) {
        if (e instanceof ConnectionFailedException || e instanceof Closed.ClosedException) {
            return e;
        }
        // HikariCP timed out: with the last physical failure behind it, or with every connection borrowed
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionFailedException) {
                ConnectionFailedException inner = (ConnectionFailedException) cause;
                return new ConnectionFailedException("The pool could not hand out a connection within "
                        + format(config.acquireTimeout()) + " because new connections fail. " + inner.getMessage(),
                        inner.getSQLState(), inner.kind(), inner.attempts(), e);
            }
        }
        return failures.explain(e, 1, null);
    }

    // ---------------------------------------------------------------- what was chosen

    public PoolingStrategy strategy() {
        return strategy;
    }

    /** What sits between this application and PostgreSQL, configured or recognised from the host name. */
    public Pooler pooler() {
        return pooler;
    }

    /**
     * How each configured session timeout reaches the server for this pooler, for example
     * {@code "statementTimeout per statement by a cancel request"}: as the start-up line and the doctor say it.
     */
    public String sessionSettings() {
        return sessionSettings;
    }

    public DetectedRuntime runtime() {
        return runtime;
    }

    public ConnectorConfig config() {
        return config;
    }

    /** Whether schema changes are refused right now. */
    public boolean isSchemaGuardActive() {
        return guard != null && guard.isActive();
    }

    /**
     * Ends the start-up phase: under {@code refuse-at-startup}, schema changes are allowed from now on and
     * connections are handed out without the guard's wrapper. Idempotent. connector-lambda calls it at the
     * first invocation, connector-micronaut when the application has started.
     */
    public void markReady() {
        synchronized (lifecycle) {
            if (closed || guard == null || !guard.lift()) {
                return;
            }
            switchTo(strategySource);
        }
        log.info("connector: start-up phase ended for {}; schema changes are no longer refused", description);
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Closes every physical connection this DataSource opened, borrowed ones included, and stops the pool.
     * Idempotent; afterwards {@code getConnection()} fails with a message that says so.
     */
    @Override
    public void close() {
        HikariDataSource pool;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            target = new Closed(description);
            running = target;
            if (heldBack != null) {
                heldBack.release(); // borrowers held back by a checkpoint now meet the closed DataSource
                heldBack = null;
            }
            pool = strategySource instanceof HikariDataSource ? (HikariDataSource) strategySource : null;
        }
        // Close the physical connections first, gracefully (Terminate), borrowed ones included: HikariCP
        // would abort borrowed ones, and an aborted socket can leave the session alive behind a proxy.
        int closedCount = connections.closeAll();
        if (pool != null) {
            pool.close();
        }
        removeShutdownHook();
        log.info("connector: closed {}; {} open connection(s) closed", description, closedCount);
    }

    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    private void closeFromShutdownHook() {
        close();
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down; the hook will find this DataSource closed
        }
    }

    private void poolStarted(HikariDataSource pool) throws SQLException {
        synchronized (lifecycle) {
            if (closed) {
                throw Closed.exception(description);
            }
            DataSource lazy = strategySource;
            strategySource = pool;
            if (running == lazy) {
                switchTo(pool);
            }
        }
    }

    /** Under lifecycle: the hot path goes to {@code source} from now on, unless held back by a checkpoint. */
    private void switchTo(DataSource source) {
        running = source;
        if (heldBack == null) {
            target = source;
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Before a checkpoint (SnapStart, CRaC): closes every physical connection, borrowed and pooled, and holds
     * new borrows back until {@link #resume()}, so no connection made before the checkpoint is handed out
     * after the restore. A borrow held back waits up to {@code connector.acquireTimeout}. Idempotent.
     */
    public void suspend() {
        HikariDataSource pool;
        synchronized (lifecycle) {
            if (closed || heldBack != null) {
                return;
            }
            heldBack = new HeldBack();
            target = heldBack;
            pool = strategySource instanceof HikariDataSource ? (HikariDataSource) strategySource : null;
        }
        int count = connections.suspend();
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        log.info("connector: suspended for a checkpoint; {} connection(s) closed, new ones held back", count);
    }

    /** After a restore: borrows go through again, each on a fresh connection. Idempotent. */
    public void resume() {
        HeldBack released;
        synchronized (lifecycle) {
            released = heldBack;
            if (released == null) {
                return;
            }
            heldBack = null;
            connections.resume();
            if (!closed) {
                target = running;
            }
        }
        released.release();
        log.info("connector: resumed after a restore");
    }

    /** Where borrows wait while a checkpoint is under way. */
    private final class HeldBack extends dev.connector.internal.jdbc.ConnectionSource {
        private final java.util.concurrent.CountDownLatch resumed = new java.util.concurrent.CountDownLatch(1);

        void release() {
            resumed.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                if (!resumed.await(config.acquireTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new SQLException("no connection for " + description + ": a checkpoint is under way and the "
                            + "restore did not come within " + format(config.acquireTimeout()), "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while a checkpoint held connections back", "08001", e);
            }
            return ConnectorDataSource.this.getConnection();
        }
    }

    // ---------------------------------------------------------------- DataSource odds and ends

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("getConnection(user, password) is not supported: configure "
                + USER.key() + " and " + PASSWORD.key() + " when building the ConnectorDataSource");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the connector logs through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("set " + LOGIN_TIMEOUT.key() + " or " + CONNECT_TIMEOUT.key()
                + " when building the ConnectorDataSource");
    }

    @Override
    public int getLoginTimeout() {
        return (int) config.loginTimeout().toSeconds();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the connector logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == ConnectorMetrics.class) { // internal: how connector-lambda counts leaks and deadline cancels
            return iface.cast(metrics);
        }
        throw new SQLException("ConnectorDataSource does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "ConnectorDataSource{" + strategy + ", " + runtime.name() + ", " + description + "}";
    }

    // ---------------------------------------------------------------- derived settings

    private String strategyReason() {
        if (config.strategy().isPresent()) {
            return STRATEGY.key() + "=" + config.value(STRATEGY).orElseThrow() + " from " + config.source(STRATEGY);
        }
        switch (runtime.kind()) {
            case AWS_LAMBDA:
            case GOOGLE_CLOUD_FUNCTIONS:
            case AZURE_FUNCTIONS:
                return "one request per environment, frozen between requests: a pool would hold idle connections";
            case AWS_LAMBDA_SNAPSTART:
                return "SnapStart: nothing may be open at the checkpoint";
            case AWS_LAMBDA_MANAGED_INSTANCES:
                return "many requests at once per environment: a pool of at most " + runtime.concurrency();
            case GOOGLE_CLOUD_RUN:
                return "many instances, each serving requests concurrently: a small pool each";
            default:
                return "a long-running server";
        }
    }

    private static String describeTarget(ConnectorConfig config) {
        return config.user() + "@" + config.host() + ":" + config.port() + "/" + config.database()
                + " sslmode=" + config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer (pgjdbc default)")
                + " applicationName=" + config.applicationName();
    }

    private static String sslModeWord(ConnectorConfig config) {
        return config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer");
    }

    /**
     * Session defaults travel in the startup packet (no SET round trip, which a proxy would pin); behind a
     * pooler, as {@link SessionSettings} says.
     */
    private static Properties driverProperties(ConnectorConfig config, SessionSettings session) {
        Properties p = new Properties();
        config.rawDriverProperties().forEach(p::setProperty);
        p.setProperty("user", config.user());
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        config.sslMode().ifPresent(mode -> p.setProperty("sslmode", mode.configValue()));
        p.setProperty("ApplicationName", config.applicationName());
        seconds(p, "connectTimeout", config.connectTimeout());
        seconds(p, "socketTimeout", loginBoundedBySocketTimeout(config) ? config.connectTimeout() : config.socketTimeout());
        seconds(p, "loginTimeout", config.loginTimeout());
        p.setProperty("tcpKeepAlive", String.valueOf(config.tcpKeepAlive()));
        session.applyTo(p);
        return p;
    }

    /** The pooler configured, or recognised from the host name under auto. */
    static Pooler poolerOf(ConnectorConfig config) {
        return config.pooler().orElse(Pooler.recognise(config.host()));
    }

    /**
     * The three session timeouts for this pooler; refuses one the pooler cannot honour. ConfigResolver calls it
     * too, so that {@code ConnectorConfig.builder().build()} refuses it as well.
     */
    static SessionSettings sessionSettings(ConnectorConfig config, Pooler pooler) {
        SessionSettings settings = new SessionSettings(pooler, timeout(config, STATEMENT_TIMEOUT, "statement_timeout"),
                timeout(config, LOCK_TIMEOUT, "lock_timeout"),
                timeout(config, IDLE_IN_TRANSACTION_SESSION_TIMEOUT, "idle_in_transaction_session_timeout"));
        Properties given = new Properties();
        config.rawDriverProperties().forEach(given::setProperty);
        String refusal = settings.refusal(given);
        if (refusal != null) {
            String key = refusal.substring(0, refusal.indexOf(':'));
            throw new InvalidConfigurationException(key, refusal + " (" + POOLER.key() + " is " + pooler.configValue()
                    + " from " + config.source(POOLER) + ")");
        }
        return settings;
    }

    private static SessionSettings.Timeout timeout(ConnectorConfig config, ConnectorProperty property, String setting) {
        return new SessionSettings.Timeout(property.key().substring(PREFIX.length()), setting,
                config.get(property).map(d -> ((Duration) d).toMillis()).orElse(0L));
    }

    private static String poolerReason(ConnectorConfig config, Pooler pooler) {
        if (config.pooler().isPresent()) {
            return "from " + config.source(POOLER);
        }
        return pooler == Pooler.RDS_PROXY ? "the host is an RDS Proxy endpoint" : "auto: no pooler recognised";
    }

    /**
     * pgjdbc's connectTimeout bounds the TCP connect, not the login after it: a peer that accepts and never
     * answers would hold a login forever without a socket timeout, and pgjdbc's loginTimeout costs a thread
     * per connect. So when no socket timeout is configured, the login runs under the connect timeout as its
     * socket timeout, and the connection gets "none" back once logged in.
     */
    private static boolean loginBoundedBySocketTimeout(ConnectorConfig config) {
        return config.socketTimeout().isZero();
    }

    private static void seconds(Properties p, String name, Duration value) {
        if (!value.isZero()) {
            p.setProperty(name, String.valueOf(value.toSeconds()));
        }
    }

    private static PoolSettings poolSettings(ConnectorConfig config, DetectedRuntime runtime) {
        return new PoolSettings("connector-" + config.applicationName(),
                config.maxPoolSize().isPresent() ? config.maxPoolSize().getAsInt() : null,
                config.minIdle(), config.instances(),
                config.serverMaxConnections().isPresent() ? config.serverMaxConnections().getAsInt() : null,
                config.reservedConnections().isPresent() ? config.reservedConnections().getAsInt() : null,
                config.acquireTimeout(), config.maxLifetime(), config.idleTimeout(),
                config.keepaliveTime(), config.leakDetectionThreshold(), runtime);
    }

    // ---------------------------------------------------------------- the builder

    /**
     * Collects configuration; {@link #build()} validates it and returns the DataSource. The setters are
     * {@link ConnectorConfig.Builder}'s, one per {@link ConnectorProperty}; precedence, highest first: the
     * setters, {@link #properties}, the environment given to {@link #environment}, then defaults.
     */
    public static final class Builder extends ConfigBuilder<Builder> {

        private ConnectionAttemptListener listener = new ConnectionAttemptListener() { };
        private java.sql.Driver driver;
        private CredentialsSupplier credentials;
        /** A MeterRegistry, typed Object so that Micrometer stays optional. */
        private Object meterRegistry;

        private Builder() {
        }

        /**
         * The JDBC driver that opens physical connections, given the connector's jdbc:postgresql URL and
         * properties; pgjdbc's own by default. For instrumentation wrappers around pgjdbc, and for the
         * benchmarks' in-process stub.
         */
        public Builder driver(java.sql.Driver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            return this;
        }

        /**
         * Where the user and password of each new physical connection come from, for passwords that rotate and
         * tokens that expire: every UNPOOLED {@code getConnection()} and every connection the pool opens asks it
         * (its answer is kept until shortly before it expires), and a refused password (28P01) asks it once more
         * before the connect fails. Replaces {@code connector.user} and {@code connector.password}; giving a
         * password too is a configuration error.
         */
        public Builder credentials(CredentialsSupplier supplier) {
            this.credentials = Objects.requireNonNull(supplier, "credentials supplier");
            return this;
        }

        /**
         * Records the connector's meters (README: Metrics) in this Micrometer {@code MeterRegistry}, and, when
         * BOUNDED, HikariCP's own pool meters. Micrometer is an optional dependency: without this call nothing of
         * it is loaded and nothing is counted.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meter registry");
            return this;
        }

        /** Told of failed connection attempts, retries and give-ups. */
        public Builder listener(ConnectionAttemptListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Validates the configuration and builds the DataSource: no network I/O, no thread.
         *
         * @throws InvalidConfigurationException naming the key, the value and what is allowed
         */
        public ConnectorDataSource build() {
            return new ConnectorDataSource(resolve(), listener, driver != null ? driver : new org.postgresql.Driver(),
                    credentials, meterRegistry);
        }
    }

    static String format(Duration d) {
        return ValueType.format(d);
    }
}
