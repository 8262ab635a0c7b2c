package dev.connector.migrations;

import java.sql.SQLException;

/**
 * A migration gave up: every attempt waited longer than {@code lock_timeout} for a lock that another session
 * held, and was cancelled so that the queries queued behind it could go on. SQLState {@code 55P03}
 * (lock_not_available), the last attempt's failure chained.
 */
public final class MigrationLockTimeoutException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    MigrationLockTimeoutException(String message, int attempts, Throwable last) {
        super(message, "55P03", last);
        this.attempts = attempts;
    }

    /** How many times the migration was tried. */
    public int attempts() {
        return attempts;
    }
}
