package dev.connector.lambda;

import dev.connector.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scope of one invocation, from {@link LambdaConnector#begin} to {@link #close()}: database work in it
 * is bounded by the invocation's deadline, and every connection borrowed in it and still open at its end is
 * closed and reported. Use it with try-with-resources, so that an exception from the handler does not
 * bypass the end of the scope. Belongs to the thread that began it and to the connector that began it.
 */
public final class Invocation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Invocation.class);

    /** Within this of the deadline, a cancelled statement or a socket timeout is the deadline's doing. */
    private static final long NEAR_DEADLINE_MILLIS = 300;

    private final LambdaConnector connector;
    private final String requestId;
    private final long remainingAtStartMillis;
    private final Deadline deadline;
    private final List<TrackedConnection> borrowed = new ArrayList<>(2);
    private boolean closed;

    Invocation(LambdaConnector connector, String requestId, long remainingAtStartMillis, Deadline deadline) {
        this.connector = connector;
        this.requestId = requestId;
        this.remainingAtStartMillis = remainingAtStartMillis;
        this.deadline = deadline;
    }

    /** When database work in this invocation must be done: the function's deadline minus the margin. */
    public Deadline deadline() {
        return deadline;
    }

    public String requestId() {
        return requestId;
    }

    /** Milliseconds the function had left when the invocation began. */
    public long remainingAtStartMillis() {
        return remainingAtStartMillis;
    }

    /** Tracks a connection borrowed in this invocation; {@code where} is null unless borrow sites are recorded. */
    Connection track(Connection c, Throwable where) {
        TrackedConnection tracked = new TrackedConnection(c, this, where);
        borrowed.add(tracked);
        return tracked;
    }

    void returned(TrackedConnection c) {
        // most recent first: a handler usually closes what it borrowed last
        for (int i = borrowed.size() - 1; i >= 0; i--) {
            if (borrowed.get(i) == c) {
                borrowed.remove(i);
                return;
            }
        }
    }

    /** The driver's error, or an {@link InvocationDeadlineException} when the deadline caused it. */
    SQLException cutShort(SQLException failure) {
        long left = deadline.remainingMillis();
        String state = failure.getSQLState();
        boolean cut = "57014".equals(state) || (state != null && state.startsWith("08"));
        if (!cut || left > NEAR_DEADLINE_MILLIS) {
            return failure;
        }
        if ("57014".equals(state)) {
            connector.metrics().cancelledAtDeadline();
        }
        return new InvocationDeadlineException("The invocation's deadline cut this database work short: the function "
                + "had " + remainingAtStartMillis + " ms left when invocation " + requestId
                + " began, and the connector ends database work " + connector.margin().toMillis() + " ms before "
                + "Lambda would end the environment, to report the error. "
                + ("57014".equals(state) ? "The statement was cancelled (or never sent), so nothing is left running on "
                        + "the server. "
                        : "The socket timed out; the connection is closed. ")
                + "Next: find what was slow (pg_stat_activity, lock waits, the server log), or give the function a "
                + "longer timeout.", failure);
    }

    /**
     * Ends the invocation: closes every connection borrowed in it that is still open, reporting them once at
     * WARN (with where the first was borrowed when borrow sites are recorded). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            List<TrackedConnection> leaked = new ArrayList<>();
            for (TrackedConnection b : borrowed) {
                try {
                    if (!b.physical().isClosed()) {
                        leaked.add(b);
                        b.physical().close();
                        connector.metrics().leakClosed();
                    }
                } catch (SQLException e) {
                    log.debug("closing a leaked connection failed", e);
                }
            }
            borrowed.clear();
            if (!leaked.isEmpty()) {
                Throwable where = leaked.get(0).where;
                if (where != null) {
                    log.warn("connector: invocation {} ended with {} connection(s) still open; they were closed. Close "
                            + "every connection in the handler (try-with-resources). The first was borrowed here:",
                            requestId, leaked.size(), where);
                } else {
                    log.warn("connector: invocation {} ended with {} connection(s) still open; they were closed. Close "
                            + "every connection in the handler (try-with-resources). To see where they were borrowed, "
                            + "set CONNECTOR_LAMBDA_LEAK_SITES=true", requestId, leaked.size());
                }
            }
        } finally {
            connector.ended(this);
        }
    }
}
