package dev.connector.internal.strategy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connector.ConnectionFailedException;
import dev.connector.FailureKind;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.lifecycle.Closed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * HikariCP, waited on in slices. HikariCP makes a borrower wait its whole connection timeout, whatever happens
 * meanwhile: the DataSource is closed, or every new connection fails with a permanent failure. So HikariCP's own
 * timeout is a slice ({@link #SLICE} at most) and, between slices, a borrow that goes on waiting checks why:
 * closed, it fails at once with the closed cause; new connections failing permanently (a wrong password), it
 * fails at once with that cause; at the acquire timeout it fails with the cause that is true: new connections
 * failing, new connections not arriving in time, or, only when every connection of the pool was borrowed,
 * {@link FailureKind#POOL_EXHAUSTED}, with the pool's state. A borrow that finds a connection at once costs one
 * call more than HikariCP's own.
 */
final class BoundedPool extends HikariDataSource {

    /** The longest a borrow waits before looking at why it waits. */
    static final Duration SLICE = Duration.ofSeconds(1);

    private final PhysicalConnector connector;
    private final Duration acquireTimeout;

    BoundedPool(HikariConfig config, PhysicalConnector connector, Duration acquireTimeout) {
        super(config);
        this.connector = connector;
        this.acquireTimeout = acquireTimeout;
    }

    /** HikariCP's timeout for one slice of an acquire timeout. */
    static long sliceMillis(Duration acquireTimeout) {
        return Math.min(acquireTimeout.toMillis(), SLICE.toMillis());
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return super.getConnection();
        } catch (SQLTransientConnectionException timedOut) {
            return keepWaiting(timedOut);
        } catch (SQLException e) {
            throw closedOr(e);
        }
    }

    private Connection keepWaiting(SQLTransientConnectionException timedOut) throws SQLException {
        long waitedNanos = Duration.ofMillis(sliceMillis(acquireTimeout)).toNanos();
        SQLTransientConnectionException last = timedOut;
        while (true) {
            if (isClosed() || connector.isClosed()) {
                throw Closed.exception(connector.target());
            }
            ConnectionFailedException failing = failureBehind(last);
            if (failing != null && !failing.kind().isTransient()) {
                throw newConnectionsFail(failing, last); // a wrong password does not get better by waiting
            }
            if (waitedNanos >= acquireTimeout.toNanos()) {
                throw timedOut(failing, last);
            }
            long start = System.nanoTime();
            try {
                return super.getConnection();
            } catch (SQLTransientConnectionException e) {
                last = e;
                waitedNanos += System.nanoTime() - start;
            } catch (SQLException e) {
                throw closedOr(e);
            }
        }
    }

    private SQLException closedOr(SQLException e) {
        return isClosed() || connector.isClosed() ? Closed.exception(connector.target()) : e;
    }

    private SQLException timedOut(ConnectionFailedException failing, SQLTransientConnectionException last) {
        if (failing != null) {
            return newConnectionsFail(failing, last);
        }
        HikariPoolMXBean pool = getHikariPoolMXBean();
        int active = pool == null ? 0 : pool.getActiveConnections();
        int idle = pool == null ? 0 : pool.getIdleConnections();
        int waiting = pool == null ? 0 : pool.getThreadsAwaitingConnection();
        int max = getMaximumPoolSize();
        String state = "(active " + active + ", idle " + idle + ", waiting " + waiting + ", max " + max + ")";
        FailureReport report = connector.report();
        if (active >= max) {
            return report.explain(FailureKind.POOL_EXHAUSTED, last, "The pool had no connection to hand out within "
                    + FailureReport.seconds(acquireTimeout) + ": all " + max + " were borrowed " + state + ".");
        }
        return report.explain(FailureKind.CONNECT_TIMEOUT, last, "The pool had no connection to hand out within "
                + FailureReport.seconds(acquireTimeout) + ": it was not exhausted, and the connections it was opening "
                + "did not arrive in time " + state + ".");
    }

    private SQLException newConnectionsFail(ConnectionFailedException failing, SQLException pool) {
        return new ConnectionFailedException("The pool could not hand out a connection because new connections fail. "
                + failing.getMessage(), failing.getSQLState(), failing.kind(), failing.attempts(), pool);
    }

    /** HikariCP chains the last failure to open a connection, if the last attempt failed. */
    private static ConnectionFailedException failureBehind(SQLException timedOut) {
        for (Throwable t = timedOut.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectionFailedException) {
                return (ConnectionFailedException) t;
            }
        }
        return null;
    }
}
