package dev.connector.internal.lifecycle;

import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends sessions so that the server lets go of them at once, whatever they are doing. A backend busy in a
 * statement does not read its socket, so a Terminate message (or a closed socket) reaches it only when the
 * statement ends. A cancel request, sent on a connection of its own with the backend's key, stops the
 * statement now; then the Terminate is read and the session ends. So: a cancel request to every session, all
 * at once, waiting at most {@link #CANCEL_WAIT} for them; then a Terminate to each. A cancel that arrives at an
 * idle session is ignored by the server.
 */
final class SessionEnd {

    private static final Logger log = LoggerFactory.getLogger(SessionEnd.class);
    /** The longest close() waits for its cancel requests, on a network that does not answer them. */
    static final Duration CANCEL_WAIT = Duration.ofMillis(500);

    private SessionEnd() {
    }

    /** Cancels what each connection runs, then closes it with a Terminate; returns how many were open. */
    static int endAll(List<Connection> connections) {
        List<Thread> cancels = new ArrayList<>(connections.size());
        for (Connection c : connections) {
            BaseConnection pg = pgjdbc(c);
            if (pg != null) {
                Thread t = new Thread(() -> cancel(pg), "connector-cancel");
                t.setDaemon(true);
                t.start();
                cancels.add(t);
            }
        }
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        for (Thread t : cancels) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int count = 0;
        for (Connection c : connections) {
            if (terminate(c)) {
                count++;
            }
        }
        return count;
    }

    private static BaseConnection pgjdbc(Connection c) {
        try {
            return c.isWrapperFor(BaseConnection.class) && !c.isClosed() ? c.unwrap(BaseConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static void cancel(BaseConnection c) {
        try {
            c.cancelQuery();
        } catch (SQLException | RuntimeException e) {
            log.debug("a cancel request at close failed", e);
        }
    }

    /** A normal close: pgjdbc sends Terminate (waiting at most 1 s to write it), then closes the socket. */
    static boolean terminate(Connection c) {
        try {
            if (c.isClosed()) {
                return false;
            }
            c.close();
            return true;
        } catch (SQLException | RuntimeException e) {
            log.debug("closing a connection at shutdown failed", e);
            return false;
        }
    }
}
