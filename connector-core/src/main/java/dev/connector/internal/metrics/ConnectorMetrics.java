package dev.connector.internal.metrics;

import com.zaxxer.hikari.HikariConfig;
import dev.connector.FailureKind;

/**
 * What the connector counts. {@link #NONE} when no MeterRegistry is given: every call is an empty method,
 * and nothing of Micrometer is loaded. Only connects, failures and refusals call it, never a pooled borrow.
 */
public interface ConnectorMetrics {

    ConnectorMetrics NONE = new ConnectorMetrics() {
    };

    /** A physical connection was opened in {@code nanos}. */
    default void connected(long nanos) {
    }

    /** An attempt to open one failed after {@code nanos}. */
    default void connectFailed(long nanos, FailureKind kind) {
    }

    /** A failed attempt is retried. */
    default void retrying(FailureKind kind) {
    }

    /** The server refused the supplier's credentials and they were asked for again. */
    default void credentialsRefused() {
    }

    /** A schema change was refused by the guard. */
    default void schemaChangeRefused() {
    }

    /** A connection left open by an invocation was closed for it. */
    default void leakClosed() {
    }

    /** A statement was cancelled at the invocation's deadline. */
    default void cancelledAtDeadline() {
    }

    /** Adds the pool's own meters (HikariCP's tracker) to a pool about to start. */
    default void instrument(HikariConfig pool) {
    }
}
