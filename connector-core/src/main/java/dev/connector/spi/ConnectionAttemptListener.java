package dev.connector.spi;

import dev.connector.ConnectionFailedException;

import java.time.Duration;

/**
 * Observes connection attempts that fail, for metrics or alerts. Called on the thread that is connecting;
 * keep it quick. Successful first attempts are not reported: they are the hot path.
 */
public interface ConnectionAttemptListener {

    /** An attempt failed and will be retried after {@code retryIn}. */
    default void retrying(int attempt, ConnectionFailedException failure, Duration retryIn) {
    }

    /** The connector gave up: the failure is permanent, or the retry deadline has passed. */
    default void gaveUp(int attempts, ConnectionFailedException failure) {
    }

    /** A connection was made after {@code attempts} attempts (only reported when more than one was needed). */
    default void connectedAfterRetries(int attempts, Duration waited) {
    }
}
