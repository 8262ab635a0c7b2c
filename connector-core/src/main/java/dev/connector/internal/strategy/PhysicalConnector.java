package dev.connector.internal.strategy;

import dev.connector.ConnectionFailedException;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.jdbc.ConnectionSource;
import dev.connector.internal.lifecycle.Closed;
import dev.connector.internal.lifecycle.PhysicalConnections;
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

    private final Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties properties;
    private final PhysicalConnections registry;
    private final String target;
    private final int socketTimeoutAfterLoginMillis;
    private final Retry retry;
    private final FailureReport report;

    /**
     * @param url        a jdbc:postgresql URL without credentials
     * @param properties the driver properties; never mutated, shared by every connect
     * @param target     the non-secret description of the target, for messages
     * @param socketTimeoutAfterLoginMillis the socket timeout to put back once logged in, when the login ran
     *                   under a shorter one; -1 when the driver's socket timeout stays as it is
     * @param retry      how transient failures are retried
     * @param report     explains failures
     */
    public PhysicalConnector(String url, Properties properties, PhysicalConnections registry, String target,
                             int socketTimeoutAfterLoginMillis, Retry retry, FailureReport report) {
        this.url = url;
        this.properties = properties;
        this.registry = registry;
        this.target = target;
        this.socketTimeoutAfterLoginMillis = socketTimeoutAfterLoginMillis;
        this.retry = retry;
        this.report = report;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long start = System.nanoTime();
        try {
            return connectOnce();
        } catch (Closed.ClosedException e) {
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
            } catch (Closed.ClosedException e) {
                throw e;
            } catch (SQLException e) {
                failure = e;
            }
        }
    }

    private Connection connectOnce() throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (socketTimeoutAfterLoginMillis >= 0) {
            // a local setsockopt, no round trip; pgjdbc ignores the executor
            connection.setNetworkTimeout(null, socketTimeoutAfterLoginMillis);
        }
        if (!registry.register(connection)) {
            throw Closed.exception(target);
        }
        return connection;
    }

    public String target() {
        return target;
    }
}
