package dev.connector.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every physical connection a DataSource opened and has not seen closed, so that closing the DataSource
 * can close them all, borrowed ones included. Closed connections are forgotten lazily, when the next one
 * is registered, so the borrow path pays no wrapper and no bookkeeping on close.
 */
public final class PhysicalConnections {

    private static final Logger log = LoggerFactory.getLogger(PhysicalConnections.class);

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean suspended;

    /**
     * Adds a newly opened connection. Returns false, having closed the connection, when this registry was
     * closed meanwhile: the caller must then fail.
     */
    public boolean register(Connection connection) {
        forgetClosed();
        open.add(connection);
        // close() sets the flag before it walks the set: whichever of the two runs second sees the other.
        if (closed || suspended) {
            open.remove(connection);
            SessionEnd.terminate(connection);
            return false;
        }
        return true;
    }

    /** Closes every registered connection that is still open; later registrations are refused. */
    public int closeAll() {
        closed = true;
        return closeEveryOpenConnection();
    }

    /**
     * For a checkpoint: closes every open connection and refuses registrations until {@link #resume()}, so no
     * connection made before the checkpoint survives it.
     */
    public int suspend() {
        suspended = true;
        return closeEveryOpenConnection();
    }

    public void resume() {
        suspended = false;
    }

    /** Cancels what each open connection runs, then closes it (see {@link SessionEnd}). */
    private int closeEveryOpenConnection() {
        List<Connection> taken = new ArrayList<>(open.size());
        for (Iterator<Connection> it = open.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return SessionEnd.endAll(taken);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Connections registered and not yet seen closed. */
    public int openCount() {
        forgetClosed();
        return open.size();
    }

    private void forgetClosed() {
        open.removeIf(PhysicalConnections::isClosedQuietly);
    }

    private static boolean isClosedQuietly(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
