package dev.connector.internal.deadline;

import dev.connector.Deadline;

/**
 * The deadline of the connect under way on this thread, for the layers below
 * {@code ConnectorDataSource.getConnection(Deadline)} (the connect timeouts, the retries). Set only for the
 * duration of that one call, so nothing outlives it and plain {@code getConnection()} never reads it.
 */
public final class ConnectDeadline {

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private ConnectDeadline() {
    }

    /** The deadline of the connect under way on this thread, or null. */
    public static Deadline current() {
        return CURRENT.get();
    }

    /** Runs a connect under this deadline. */
    public static <T, E extends Exception> T during(Deadline deadline, Connect<T, E> connect) throws E {
        Deadline previous = CURRENT.get();
        CURRENT.set(deadline);
        try {
            return connect.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** A connect that may throw. */
    @FunctionalInterface
    public interface Connect<T, E extends Exception> {
        T run() throws E;
    }
}
