package dev.connector.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.connector.ConnectorDataSource;
import dev.connector.internal.metrics.ConnectorMetrics;
import dev.connector.PoolingStrategy;
import dev.connector.lambda.internal.CheckpointHooks;
import dev.connector.lambda.internal.LambdaOption;
import dev.connector.lambda.internal.Priming;
import dev.connector.lambda.internal.ShutdownExtension;
import dev.connector.lambda.internal.WarmConnection;
import dev.connector.Deadline;
import org.crac.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The connector for an AWS Lambda function. Build it once per environment, during init (a static field),
 * and run each invocation's database work inside {@link #begin(Context)}:
 *
 * <pre>{@code
 * private static final LambdaConnector DB = LambdaConnector.fromEnvironment();
 *
 * public String handleRequest(Map<String, Object> event, Context context) {
 *     try (Invocation invocation = DB.begin(context); Connection c = DB.getConnection()) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * Building it: builds a {@link ConnectorDataSource} from the environment (UNPOOLED on Lambda, BOUNDED of
 * min(concurrency, connection budget per environment) on Managed Instances); registers a minimal internal extension so that Lambda
 * sends SIGTERM at shutdown and the connections are closed; registers SnapStart hooks; under SnapStart,
 * primes the driver and the login's crypto so the first query after a restore is fast. Nothing connects
 * to the database.
 *
 * <p>Options, from the environment: {@code CONNECTOR_LAMBDA_DEADLINE_MARGIN} (default {@code 500ms}: database
 * work ends this long before the invocation's deadline), {@code CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION}
 * ({@code true}), {@code CONNECTOR_LAMBDA_PRIMING} ({@code true} under SnapStart, else {@code false}),
 * {@code CONNECTOR_LAMBDA_LEAK_SITES} ({@code true} when UNPOOLED, {@code false} when pooled: the leak report
 * names where each leaked connection was borrowed, at the cost of a stack trace per borrow),
 * {@code CONNECTOR_LAMBDA_WARM} ({@code false}: keep one connection per environment across invocations, see
 * {@link dev.connector.lambda.internal.WarmConnection}) and {@code CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT}
 * ({@code 30s}: the {@code idle_session_timeout} after which the server ends it).
 */
public final class LambdaConnector implements DataSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LambdaConnector.class);

    private final ConnectorDataSource dataSource;
    private final ConnectorMetrics metrics;
    private final Duration margin;
    /** This connector's invocation on each thread: another connector's begin() leaves it alone. */
    private final ThreadLocal<Invocation> current = new ThreadLocal<>();
    /** Capture where each connection is borrowed, for the leak report. */
    private final boolean leakSites;
    /** Warm mode's kept connection, or null when each borrow opens its own. */
    private final WarmConnection warm;
    /** Held strongly: org.crac keeps registered resources only weakly. */
    private final CheckpointHooks checkpointHooks;
    private volatile boolean started;

    private LambdaConnector(ConnectorDataSource dataSource, Map<String, String> env) {
        this.dataSource = dataSource;
        this.metrics = metricsOf(dataSource);
        boolean pooled = dataSource.strategy() == PoolingStrategy.BOUNDED;
        // Measured (README): priming moves about a quarter second from the first query into init. That pays
        // where init is snapshotted (SnapStart), not for an on-demand cold start, so it is on by default there.
        // A stack trace per borrow costs microseconds: nothing beside an UNPOOLED connect, most of a pooled borrow.
        LambdaOption.Settings options = LambdaOption.settings(env, new LambdaOption.Context(dataSource.runtime().kind(), pooled));
        this.margin = options.deadlineMargin();
        this.leakSites = options.leakSites();
        this.warm = warm(dataSource, options, pooled);
        boolean extension = options.shutdownExtension();
        boolean priming = options.priming();

        String runtimeApi = env.get("AWS_LAMBDA_RUNTIME_API");
        if (extension && runtimeApi != null && !runtimeApi.isBlank() && dataSource.runtime().isServerless()) {
            ShutdownExtension.register(runtimeApi);
        }
        this.checkpointHooks = new CheckpointHooks(dataSource, () -> log.info("connector: restored from a snapshot"));
        Core.getGlobalContext().register(checkpointHooks);
        if (priming) {
            log.info("connector: primed the driver and crypto in {} ms", Priming.run());
        }
    }

    /** From the process environment, as {@link ConnectorDataSource#fromEnvironment()}. */
    public static LambdaConnector fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** From the given environment: configuration, runtime detection and this module's options. */
    public static LambdaConnector fromEnvironment(Map<String, String> environment) {
        return new LambdaConnector(ConnectorDataSource.fromEnvironment(environment), environment);
    }

    /** Around a DataSource built by the caller; this module's options come from the process environment. */
    public static LambdaConnector of(ConnectorDataSource dataSource) {
        return new LambdaConnector(dataSource, System.getenv());
    }

    /**
     * Begins an invocation on this thread. The first one ends the start-up phase of the schema guard. Until
     * the returned scope is closed, database work is bounded by {@code context.getRemainingTimeInMillis()}
     * minus the margin, and connections borrowed through this connector are tracked.
     */
    public Invocation begin(Context context) {
        if (!started) {
            started = true;
            dataSource.markReady();
        }
        Invocation previous = current.get();
        if (previous != null) {
            previous.close(); // a scope of this connector left open by an earlier invocation on this thread
        }
        long remaining = context.getRemainingTimeInMillis();
        Invocation invocation = new Invocation(this, context.getAwsRequestId(), remaining,
                Deadline.after(Duration.ofMillis(remaining).minus(margin)));
        current.set(invocation);
        return invocation;
    }

    void ended(Invocation invocation) {
        if (current.get() == invocation) {
            current.remove();
        }
    }

    Duration margin() {
        return margin;
    }

    /**
     * A connection; inside an invocation it is tracked, and each statement on it is bounded by the time the
     * invocation has left when the statement starts ({@link ConnectorDataSource#getConnection(Deadline)}).
     */
    @Override
    public Connection getConnection() throws SQLException {
        Invocation invocation = current.get();
        if (invocation == null) {
            return dataSource.getConnection();
        }
        Connection c = warm == null ? null : warm.borrow(invocation.deadline());
        if (c == null) {
            c = dataSource.getConnection(invocation.deadline());
        }
        return invocation.track(c, leakSites ? new Throwable("borrowed here") : null);
    }

    /** The DataSource underneath: its strategy, runtime and configuration. */
    public ConnectorDataSource dataSource() {
        return dataSource;
    }

    /** The SnapStart hooks, registered with org.crac's global context. */
    public org.crac.Resource checkpointHooks() {
        return checkpointHooks;
    }

    @Override
    public void close() {
        if (warm != null) {
            warm.close();
        }
        dataSource.close();
    }

    /** Warm mode's kept connection, or null when it is off. */
    WarmConnection warmConnection() {
        return warm;
    }

    private static WarmConnection warm(ConnectorDataSource dataSource, LambdaOption.Settings options, boolean pooled) {
        if (!options.warm()) {
            return null;
        }
        if (pooled) {
            throw new dev.connector.InvalidConfigurationException("CONNECTOR_LAMBDA_WARM", "CONNECTOR_LAMBDA_WARM: got "
                    + "'true' with strategy BOUNDED (" + dataSource.runtime().name() + "); allowed only with UNPOOLED: "
                    + "a pool already keeps its connections across invocations");
        }
        Duration timeout = options.warmIdleTimeout();
        log.info("connector: warm mode: one connection kept across invocations; the server ends it after {} ms "
                + "unused (idle_session_timeout), it is validated when unused for more than {} ms",
                timeout.toMillis(), WarmConnection.validationWindow(timeout).toMillis());
        return new WarmConnection(dataSource, timeout);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return dataSource.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // logging goes through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        dataSource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return dataSource.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the connector logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : dataSource.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || dataSource.isWrapperFor(iface);
    }

    /** The connector's meters, where leaks and deadline cancels are counted; nothing without a MeterRegistry. */
    ConnectorMetrics metrics() {
        return metrics;
    }

    private static ConnectorMetrics metricsOf(ConnectorDataSource dataSource) {
        try {
            return dataSource.unwrap(ConnectorMetrics.class);
        } catch (java.sql.SQLException e) {
            return ConnectorMetrics.NONE;
        }
    }
}
