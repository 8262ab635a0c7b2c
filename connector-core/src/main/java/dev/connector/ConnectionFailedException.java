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
    private final String likelyCause;
    private final String nextStep;

    ConnectionFailedException(String message, String sqlState, FailureKind kind, int attempts, String likelyCause,
                              String nextStep, Throwable cause) {
        super(message, sqlState, cause);
        this.kind = kind;
        this.attempts = attempts;
        this.likelyCause = likelyCause;
        this.nextStep = nextStep;
    }

    /** What most likely went wrong, from the runbook: the message's "Likely cause" line. */
    public String likelyCause() {
        return likelyCause;
    }

    /** What to check or do next, from the runbook: the message's "Next" line. */
    public String nextStep() {
        return nextStep;
    }

    public FailureKind kind() {
        return kind;
    }

    /** How many connection attempts were made before giving up: more than one when it was retried. */
    public int attempts() {
        return attempts;
    }
}
