package dev.connector.internal.diagnose;

import dev.connector.ConnectionFailedException;
import dev.connector.FailureKind;

import java.sql.SQLException;

/**
 * Makes the public exceptions, whose constructors only the API package may call: the API package hands its
 * implementation to the internals that need one.
 */
public interface Exceptions {

    ConnectionFailedException connectionFailed(String message, String sqlState, FailureKind kind, int attempts,
                                               String likelyCause, String nextStep, Throwable cause);

    /** A borrow from a closed DataSource; {@code target} describes it without secrets. */
    SQLException closed(String target);
}
