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
 * bypass the end of the scope. Belongs to the thread that began it.
 */
public final class Invocation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Invocation.class);

    /** A connection borrowed in this invocation, and where. */
    record Borrow(Connection physical, Throwable where) {
    }

    private final LambdaConnector connector;
    private final String requestId;
    private final long remainingAtStartMillis;
    private final Deadline deadline;
    private final List<Borrow> borrowed = new ArrayList<>();
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

    void borrowed(Borrow borrow) {
        borrowed.add(borrow);
    }

    void returned(Connection physical) {
        borrowed.removeIf(b -> b.physical() == physical);
    }

    /**
     * Ends the invocation: closes every connection borrowed in it that is still open, reporting them once at
     * WARN with where the first was borrowed. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            List<Borrow> leaked = new ArrayList<>();
            for (Borrow b : borrowed) {
                try {
                    if (!b.physical().isClosed()) {
                        leaked.add(b);
                        b.physical().close();
                    }
                } catch (SQLException e) {
                    log.debug("closing a leaked connection failed", e);
                }
            }
            borrowed.clear();
            if (!leaked.isEmpty()) {
                log.warn("connector: invocation {} ended with {} connection(s) still open; they were closed. Close "
                        + "every connection in the handler (try-with-resources). The first was borrowed here:",
                        requestId, leaked.size(), leaked.get(0).where());
            }
        } finally {
            connector.ended(this);
        }
    }
}
