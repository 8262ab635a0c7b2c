package dev.connector;

import java.sql.SQLException;

/**
 * A connection could not be had. The message says what was attempted, against which target (host and the
 * addresses it resolved to, port, database, user, sslmode, application name; never the password), the
 * likely cause and the next thing to check. The driver's exception is the cause, its SQLState is kept.
 */
public final class ConnectionFailedException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final int attempts;

    public ConnectionFailedException(String message, String sqlState, FailureKind kind, int attempts, Throwable cause) {
        super(message, sqlState, cause);
        this.kind = kind;
        this.attempts = attempts;
    }

    public FailureKind kind() {
        return kind;
    }

    /** How many connection attempts were made before giving up: more than one when it was retried. */
    public int attempts() {
        return attempts;
    }
}
