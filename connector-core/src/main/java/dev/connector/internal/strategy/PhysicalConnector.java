package dev.connector.internal.strategy;

import dev.connector.ConnectionFailedException;
import dev.connector.Credentials;
import dev.connector.DataSourceClosedException;
import dev.connector.internal.credentials.CredentialsCache;
import dev.connector.internal.diagnose.FailureClassifier;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.jdbc.ConnectionSource;
import dev.connector.internal.lifecycle.PhysicalConnections;
import dev.connector.internal.metrics.ConnectorMetrics;
import dev.connector.internal.network.Login;
import dev.connector.internal.network.ReadBounds;
import dev.connector.Deadline;
import dev.connector.internal.deadline.ConnectDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens physical pgjdbc connections with the session defaults in the startup packet, and registers each so
 * that shutdown can close it. It is the UNPOOLED strategy as it stands, and the connection factory under
 * the BOUNDED pool.
 */
public final class PhysicalConnector extends ConnectionSource {

    private static final Logger log = LoggerFactory.getLogger(PhysicalConnector.class);

    /**
     * Where and how to connect, typed: the driver, its URL (no credentials) and properties (never mutated,
     * shared by every connect), the non-secret description for messages, the connect timeout, and the socket
     * timeout to put back once logged in when the login ran under a shorter one (-1: leave the driver's).
     */
    public record Endpoint(Driver driver, String url, Properties properties, String target, Duration connectTimeout,
                           int socketTimeoutAfterLoginMillis) {
    }

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private final PhysicalConnections registry;
    private final String target;
    private final int socketTimeoutAfterLoginMillis;
    private final Retry retry;
    private final FailureReport report;
    private final boolean honoursInvocationDeadline;
    private final long connectTimeoutSeconds;
    /** Null when the password is static: it is in {@link #properties}. */
    private final CredentialsCache credentials;
    private final ConnectorMetrics metrics;

    /**
     * @param retry      how transient failures are retried
     * @param report     explains failures
     * @param honoursInvocationDeadline whether connections opened under a {@link Deadline} get their connect
     *                   timeouts from it: true when each connection lives for one borrow (UNPOOLED); a pooled
     *                   connection outlives the invocation that opened it
     * @param credentials where each connect's user and password come from; null when they are in {@code properties}
     * @param metrics    what is counted; {@link ConnectorMetrics#NONE} for nothing
     */
    public PhysicalConnector(Endpoint endpoint, PhysicalConnections registry, Retry retry, FailureReport report,
                             boolean honoursInvocationDeadline, CredentialsCache credentials, ConnectorMetrics metrics) {
        super(endpoint.connectTimeout());
        this.driver = endpoint.driver();
        this.url = endpoint.url();
        this.properties = ReadBounds.withConnectorSockets(endpoint.properties());
        this.registry = registry;
        this.target = endpoint.target();
        this.socketTimeoutAfterLoginMillis = endpoint.socketTimeoutAfterLoginMillis();
        this.retry = retry;
        this.report = report;
        this.honoursInvocationDeadline = honoursInvocationDeadline;
        this.connectTimeoutSeconds = endpoint.connectTimeout().toSeconds();
        this.credentials = credentials;
        this.metrics = metrics;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long start = System.nanoTime();
        try {
            return connectOnce();
        } catch (DataSourceClosedException e) {
            throw e;
        } catch (SQLException e) {
            return retry(e, start);
        }
    }

    /** The failure path: explain, and retry transient failures within the deadline. */
    private Connection retry(SQLException failure, long start) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            ConnectionFailedException explained = report.explain(failure, attempt, elapsed);
            Duration wait = retry.delayAfter(attempt);
            if (!explained.kind().isTransient() || !retry.allows(elapsed, wait)) {
                if (attempt > 1) {
                    log.warn("connector: giving up on {} after {} attempts over {} ms: {}", target, attempt,
                            elapsed.toMillis(), explained.kind().summary());
                }
                retry.listener().gaveUp(attempt, explained);
                throw explained;
            }
            log.debug("connector: attempt {} to {} failed ({}); retrying in {} ms", attempt, target,
                    explained.kind(), wait.toMillis());
            retry.listener().retrying(attempt, explained, wait);
            metrics.retrying(explained.kind());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw explained;
            }
            try {
                Connection connection = connectOnce();
                retry.listener().connectedAfterRetries(attempt + 1, Duration.ofNanos(System.nanoTime() - start));
                return connection;
            } catch (DataSourceClosedException e) {
                throw e;
            } catch (SQLException e) {
                failure = e;
            }
        }
    }

    private Connection connectOnce() throws SQLException {
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = credentials == null ? open(properties) : openWithSuppliedCredentials();
        } catch (SQLException e) {
            if (!(e instanceof DataSourceClosedException)) {
                metrics.connectFailed(System.nanoTime() - started, FailureClassifier.classify(e));
            }
            throw e;
        }
        metrics.connected(System.nanoTime() - started);
        if (!registry.register(connection)) {
            throw refused();
        }
        return connection;
    }

    /** The supplier's credentials; when the server refuses them, the supplier's next answer, once. */
    private Connection openWithSuppliedCredentials() throws SQLException {
        Credentials used = credentials.current();
        try {
            return open(withCredentials(used));
        } catch (SQLException e) {
            if (!CredentialsCache.INVALID_PASSWORD.equals(e.getSQLState())) {
                throw e;
            }
            metrics.credentialsRefused();
            Credentials next = credentials.afterRefusal(used);
            if (next.equals(used)) {
                throw e;
            }
            log.debug("connector: {} refused the credentials of user {}; trying the supplier's new ones for user {}",
                    target, used.user(), next.user());
            return open(withCredentials(next));
        }
    }

    private Properties withCredentials(Credentials c) {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", c.user());
        p.setProperty("password", c.password());
        return p;
    }

    private Connection open(Properties base) throws SQLException {
        if (honoursInvocationDeadline) {
            Deadline deadline = ConnectDeadline.current();
            if (deadline != null) {
                return openWithin(base, deadline);
            }
        }
        Connection connection = connect(base, Duration.ofSeconds(connectTimeoutSeconds));
        if (socketTimeoutAfterLoginMillis >= 0) {
            // a local setsockopt, no round trip; pgjdbc ignores the executor
            connection.setNetworkTimeout(null, socketTimeoutAfterLoginMillis);
        }
        return connection;
    }

    /**
     * Under a deadline the login fits in the time left: the connect and login socket timeouts (pgjdbc counts
     * whole seconds). The statements are bounded one by one as they run (DeadlineConnection), never by
     * session state, which a pooler would refuse or carry to another client.
     */
    private Connection openWithin(Properties base, Deadline deadline) throws SQLException {
        long millis = deadline.remainingMillis();
        if (millis <= 0) {
            throw new SQLException("the invocation's deadline had passed before connecting to " + target,
                    FailureClassifier.DEADLINE_SQL_STATE);
        }
        Properties bounded = new Properties();
        bounded.putAll(base);
        String seconds = String.valueOf(Math.max(1, Math.min(millis / 1000, connectTimeoutSeconds)));
        bounded.setProperty("connectTimeout", seconds);
        bounded.setProperty("socketTimeout", seconds);
        // Under a deadline each read keeps pgjdbc's whole-second bound, not a bound on the whole login: a first SCRAM
        // login in a fresh JVM can take more than the second that a short deadline leaves.
        try {
            return driver.connect(url, bounded);
        } catch (SQLException e) {
            if (deadline.remainingMillis() <= 50) { // the login ran into the deadline: that is what ended it
                throw new SQLException("the invocation's deadline passed while connecting to " + target,
                        FailureClassifier.DEADLINE_SQL_STATE, e);
            }
            throw e;
        }
    }

    /** The whole login, every socket and round trip of it, ends within {@code bound}. */
    private Connection connect(Properties connectProperties, Duration bound) throws SQLException {
        try (Login ignored = Login.begin(bound)) {
            return driver.connect(url, connectProperties);
        }
    }

    /** The registry closed what was just opened: the DataSource is closed, or a checkpoint is under way. */
    private SQLException refused() {
        return registry.isClosed() ? report.exceptions().closed(target)
                : new SQLException("a connection to " + target + " was opened while a checkpoint was under way; it was "
                        + "closed, because no connection may outlive a checkpoint", "08001");
    }

    public String target() {
        return target;
    }

    /** Explains failures against this connector's target. */
    public FailureReport report() {
        return report;
    }

    /** Whether the DataSource was closed: nothing more will be opened. */
    public boolean isClosed() {
        return registry.isClosed();
    }
}
