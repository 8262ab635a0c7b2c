package dev.connector.lambda.internal;

import dev.connector.ConnectorDataSource;
import dev.connector.Deadline;
import dev.connector.Pooler;
import dev.connector.internal.deadline.DeadlineConnection;
import dev.connector.internal.jdbc.ForwardingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Warm mode: one physical connection per environment, kept across invocations, lent to one invocation at a
 * time, and left for the server to end when the environment goes idle or is frozen.
 *
 * <ul>
 *   <li>On a new session (no pooler in front), {@code idle_session_timeout} (PostgreSQL 14+) is set to the
 *       configured timeout, unless the role, database or server already gives a shorter one: the server ends
 *       the session once nobody has used it for that long, even while Lambda has the environment frozen.</li>
 *   <li>Before it is lent again after more than {@link #validationWindow} unused, it is validated with an
 *       empty query (one round trip); a session the server ended is closed and replaced by a new one.</li>
 *   <li>When it comes back it is reset: an open transaction rolled back, auto-commit on, its socket timeout
 *       back to what it was.</li>
 *   <li>It is one of the DataSource's physical connections, so a SnapStart checkpoint and the shutdown hook
 *       (SIGTERM) close it like any other; the next invocation then connects afresh.</li>
 * </ul>
 */
public final class WarmConnection {

    private static final Logger log = LoggerFactory.getLogger(WarmConnection.class);

    private final ConnectorDataSource dataSource;
    private final Duration idleTimeout;
    private final long validationWindowNanos;

    /** The kept session under the deadline of the invocation that opened it; null when there is none. */
    private DeadlineConnection kept;
    private int baseNetworkTimeout;
    private long returnedAtNanos;
    private boolean lent;
    private long connects;
    private boolean warnedNoTimeout;

    public WarmConnection(ConnectorDataSource dataSource, Duration idleTimeout) {
        this.dataSource = dataSource;
        this.idleTimeout = idleTimeout;
        this.validationWindowNanos = validationWindow(idleTimeout).toNanos();
    }

    /** Unused for longer than this, the session is validated before it is lent: well inside the idle timeout. */
    public static Duration validationWindow(Duration idleTimeout) {
        Duration half = idleTimeout.dividedBy(2);
        Duration window = Duration.ofMillis(500);
        return half.compareTo(window) < 0 ? half : window;
    }

    /**
     * The kept connection for an invocation with this deadline, connecting (or replacing a dead one) when
     * needed; null when it is lent to another borrow right now: the caller then opens a connection of its own.
     */
    public synchronized Connection borrow(Deadline deadline) throws SQLException {
        if (lent) {
            return null;
        }
        if (kept != null && (kept.isClosed()
                || System.nanoTime() - returnedAtNanos > validationWindowNanos && !valid(deadline))) {
            discard();
        }
        if (kept == null) {
            DeadlineConnection opened = (DeadlineConnection) dataSource.getConnection(deadline);
            try {
                baseNetworkTimeout = opened.getNetworkTimeout();
                limitIdleSession(opened);
            } catch (SQLException | RuntimeException e) {
                close(opened);
                throw e;
            }
            kept = opened;
            connects++;
        }
        lent = true;
        return new Lease(kept.withDeadline(deadline));
    }

    /** New sessions opened so far (the first, and each replacement). */
    public synchronized long connects() {
        return connects;
    }

    /** Closes the kept session, if any. */
    public synchronized void close() {
        discard();
    }

    private boolean valid(Deadline deadline) {
        try {
            long seconds = Math.max(1, Math.min(5, deadline.remainingMillis() / 1000));
            return kept.isValid((int) seconds);
        } catch (SQLException e) {
            return false;
        }
    }

    private void discard() {
        if (kept != null) {
            close(kept);
            kept = null;
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the warm connection failed", e);
        }
    }

    /**
     * One round trip per new session: sets {@code idle_session_timeout} unless the session already has a
     * shorter one (from the role, the database or the server). Behind a pooler the pooler owns its server
     * sessions' lifetimes, and a session-level SET would reach other clients: nothing is sent.
     */
    private void limitIdleSession(Connection c) throws SQLException {
        if (dataSource.pooler() != Pooler.NONE) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN setting::bigint BETWEEN 1 AND ? THEN setting "
                + "ELSE set_config('idle_session_timeout', ?, false) END FROM pg_settings "
                + "WHERE name = 'idle_session_timeout'")) {
            long millis = idleTimeout.toMillis();
            ps.setLong(1, millis);
            ps.setString(2, millis + "ms");
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() && !warnedNoTimeout) {
                    warnedNoTimeout = true;
                    log.warn("connector: the server has no idle_session_timeout (PostgreSQL 14+ has it): a warm "
                            + "connection of an idle or frozen environment stays open until Lambda ends the "
                            + "environment. Use PostgreSQL 14+, a pooler in front, or turn CONNECTOR_LAMBDA_WARM off");
                }
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private synchronized void giveBack(Connection physical) {
        try {
            if (!physical.isClosed()) {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
                physical.setNetworkTimeout(Runnable::run, baseNetworkTimeout);
                physical.clearWarnings();
            }
        } catch (SQLException e) {
            discard(); // a session that cannot be reset is not lent again
        }
        returnedAtNanos = System.nanoTime();
        lent = false;
    }

    /** The kept connection as one invocation sees it: closing it gives it back. */
    private final class Lease extends ForwardingConnection {

        private boolean returned;

        Lease(DeadlineConnection delegate) {
            super(delegate);
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                giveBack(delegate);
            }
        }

        @Override
        public boolean isClosed() throws SQLException {
            return returned || delegate.isClosed();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
