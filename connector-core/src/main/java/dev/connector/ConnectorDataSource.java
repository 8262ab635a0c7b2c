package dev.connector;

import dev.connector.internal.config.ValueType;
import dev.connector.internal.deadline.ConnectDeadline;
import dev.connector.internal.deadline.DeadlineConnection;
import dev.connector.internal.diagnose.FailureClassifier;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.guard.SchemaGuard;
import dev.connector.internal.jdbc.ConnectionSource;
import dev.connector.internal.lifecycle.Lifecycle;
import dev.connector.internal.metrics.ConnectorMetrics;
import dev.connector.internal.metrics.MicrometerMetrics;
import dev.connector.internal.lifecycle.PhysicalConnections;
import dev.connector.spi.ConnectionAttemptListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

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
 * Building does no network I/O and starts no thread, so it is safe in a Lambda or SnapStart init phase. It
 * <em>has</em> a {@link ConnectorConfig}; {@link #builder()} makes both in one go, {@link #of(ConnectorConfig)}
 * makes it from one resolved before.
 */
public final class ConnectorDataSource extends ConnectionSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDataSource.class);

    private final ConnectorConfig config;
    private final PoolingStrategy strategy;
    private final Pooler pooler;
    private final String sessionSettings;
    private final String description;
    private final FailureReport failures;
    private final Lifecycle lifecycle;
    /** What is counted; {@link ConnectorMetrics#NONE} without a MeterRegistry. */
    private final ConnectorMetrics metrics;
    /**
     * The hot path: {@code getConnection()} reads this field and calls one method. It is volatile, not final,
     * so that phases which are needed only for a while (the start-up guard, the pool's lazy start, a
     * checkpoint) are switched out of the path by the {@link Lifecycle} instead of being checked on every call.
     */
    private volatile DataSource target;

    private ConnectorDataSource(ConnectorConfig config, ConnectionAttemptListener listener, java.sql.Driver driver,
                                CredentialsSupplier credentialsSupplier, Object meterRegistry) {
        super(config.loginTimeout().isZero() ? config.connectTimeout() : config.loginTimeout());
        this.config = config;
        if (credentialsSupplier != null && config.hasPassword()) {
            throw new InvalidConfigurationException(ConnectorProperty.PASSWORD.key(), "both " + ConnectorProperty.PASSWORD.key() + " (from "
                    + config.source(ConnectorProperty.PASSWORD) + ") and a credentials supplier are given; give one of them");
        }
        this.metrics = meterRegistry == null ? ConnectorMetrics.NONE
                : MicrometerMetrics.of(meterRegistry, config.applicationName());
        PhysicalConnections connections = new PhysicalConnections();
        Wiring wiring = new Wiring(config, listener, driver, connections, pool -> lifecycle().poolStarted(pool),
                credentialsSupplier, metrics);
        this.strategy = wiring.strategy.strategy();
        this.pooler = wiring.pooler;
        this.sessionSettings = wiring.session.describe();
        this.description = wiring.description;
        this.failures = wiring.failures;

        SchemaPolicy policy = config.schemaPolicy();
        SchemaGuard guard = policy == SchemaPolicy.ALLOW ? null
                : new SchemaGuard(config.runtime().name(), policy == SchemaPolicy.REFUSE_AT_STARTUP, metrics);
        this.lifecycle = new Lifecycle(source -> this.target = source, this, description, connections,
                wiring.strategySource, guard, config.acquireTimeout(), config.shutdownHook(),
                "connector-shutdown-" + config.applicationName(), ExceptionFactory.INSTANCE);

        DetectedRuntime runtime = config.runtime();
        log.info("connector: runtime {} ({}); strategy {} ({}); target {}; schemaPolicy {}; pooler {} ({}): {}",
                runtime.name(), runtime.reason(), strategy, wiring.strategy.reason(), description, policy.configValue(),
                pooler.configValue(), wiring.poolerReason, wiring.session.describe());
        if (log.isDebugEnabled()) {
            log.debug("connector: configuration\n{}", config.describe());
        }
    }

    private Lifecycle lifecycle() {
        return lifecycle;
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
        if (e instanceof ConnectionFailedException || e instanceof DataSourceClosedException) {
            return e;
        }
        // HikariCP timed out: with the last physical failure behind it, or with every connection borrowed
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionFailedException) {
                ConnectionFailedException inner = (ConnectionFailedException) cause;
                return new ConnectionFailedException("The pool could not hand out a connection within "
                        + format(config.acquireTimeout()) + " because new connections fail. " + inner.getMessage(),
                        inner.getSQLState(), inner.kind(), inner.attempts(), inner.likelyCause(), inner.nextStep(), e);
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
        return config.runtime();
    }

    public ConnectorConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- phases

    /** Whether schema changes are refused right now. */
    public boolean isSchemaGuardActive() {
        return lifecycle.isSchemaGuardActive();
    }

    /**
     * Ends the start-up phase: under {@code refuse-at-startup}, schema changes are allowed from now on and
     * connections are handed out without the guard's wrapper. Idempotent. connector-lambda calls it at the
     * first invocation, connector-micronaut when the application has started.
     */
    public void markReady() {
        lifecycle.markReady();
    }

    /**
     * Closes every physical connection this DataSource opened, borrowed ones included, and stops the pool.
     * Idempotent; afterwards {@code getConnection()} fails with a message that says so.
     */
    @Override
    public void close() {
        lifecycle.close();
    }

    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /**
     * Before a checkpoint (SnapStart, CRaC): closes every physical connection, borrowed and pooled, and holds
     * new borrows back until {@link #resume()}, so no connection made before the checkpoint is handed out
     * after the restore. A borrow held back waits up to {@code connector.acquireTimeout}. Idempotent.
     */
    public void suspend() {
        lifecycle.suspend();
    }

    /** After a restore: borrows go through again, each on a fresh connection. Idempotent. */
    public void resume() {
        lifecycle.resume();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == ConnectorMetrics.class) { // internal: how connector-lambda counts leaks and deadline cancels
            return iface.cast(metrics);
        }
        return super.unwrap(iface);
    }

    @Override
    public String toString() {
        return "ConnectorDataSource{" + strategy + ", " + runtime().name() + ", " + description + "}";
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
