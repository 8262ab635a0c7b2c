package dev.connector.spi;

import java.time.Duration;

/**
 * The deadline of the work the current thread is doing, such as a function invocation. A physical
 * connection opened on this thread while it is set gets a connect timeout, a server-side
 * {@code statement_timeout} (in the startup packet) and a socket timeout no longer than the time left, so
 * a slow database ends the work with an error before the deadline and leaves no query running; and
 * connection retries stop when it has passed, whatever {@code connector.retryDeadline} allows.
 * connector-lambda sets it from {@code Context.getRemainingTimeInMillis()} around each invocation; other
 * integrations may do the same. Per thread, so concurrent invocations (Lambda Managed Instances) each have
 * their own.
 */
public final class InvocationDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private InvocationDeadline() {
    }

    /** From now on, this thread's work must be done within {@code remaining}. */
    public static void set(Duration remaining) {
        DEADLINE_NANOS.set(System.nanoTime() + remaining.toNanos());
    }

    /** This thread has no deadline any more. */
    public static void clear() {
        DEADLINE_NANOS.remove();
    }

    /** Time left on this thread's deadline (negative once passed), or null when none is set. */
    public static Duration remaining() {
        Long deadline = DEADLINE_NANOS.get();
        return deadline == null ? null : Duration.ofNanos(deadline - System.nanoTime());
    }
}
