package dev.connector.internal.strategy;

import dev.connector.spi.ConnectionAttemptListener;
import dev.connector.Deadline;
import dev.connector.internal.deadline.ConnectDeadline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of transient connection failures: capped exponential backoff with full jitter (each wait is
 * uniformly random between zero and the cap for that attempt), within a deadline measured from the first
 * attempt. A zero deadline turns retries off.
 */
public record Retry(Duration deadline, Duration initialBackoff, Duration maxBackoff, ConnectionAttemptListener listener) {

    /**
     * Whether another attempt after {@code wait} still ends before the retry deadline, counted from the first
     * attempt, and before the deadline of the connect, if it has one.
     */
    boolean allows(Duration elapsed, Duration wait) {
        if (elapsed.plus(wait).compareTo(deadline) > 0) {
            return false;
        }
        Deadline invocation = ConnectDeadline.current();
        return invocation == null || wait.compareTo(invocation.remaining()) < 0;
    }

    /** The wait before attempt {@code attempt + 1}. */
    Duration delayAfter(int attempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
