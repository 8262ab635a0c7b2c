package dev.connector;

import java.time.Duration;

/**
 * The moment by which some work, such as a function invocation, must be done, on the JVM's monotonic clock.
 * Give it to {@link ConnectorDataSource#getConnection(Deadline)}: the connect, and then every statement run
 * on that connection, is bounded by the time left at the moment it starts. Immutable; share it freely.
 *
 * <pre>{@code
 * Deadline deadline = Deadline.after(Duration.ofMillis(context.getRemainingTimeInMillis() - 500));
 * try (Connection c = db.getConnection(deadline)) { ... }
 * }</pre>
 */
public final class Deadline {

    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    /** The deadline this long from now; zero or negative is already passed. */
    public static Deadline after(Duration remaining) {
        return new Deadline(System.nanoTime() + remaining.toNanos());
    }

    /** Time left, negative once passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanos - System.nanoTime());
    }

    /** Milliseconds left, negative once passed. */
    public long remainingMillis() {
        return (nanos - System.nanoTime()) / 1_000_000;
    }

    public boolean hasPassed() {
        return nanos - System.nanoTime() <= 0;
    }

    @Override
    public String toString() {
        return "Deadline{" + remainingMillis() + " ms left}";
    }
}
