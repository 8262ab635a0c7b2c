package dev.connector;

import dev.connector.internal.diagnose.Exceptions;

import java.sql.SQLException;

/** The API package's exceptions, made for the internals that raise them; their constructors stay package-private. */
final class ExceptionFactory implements Exceptions {

    static final ExceptionFactory INSTANCE = new ExceptionFactory();

    private ExceptionFactory() {
    }

    @Override
    public ConnectionFailedException connectionFailed(String message, String sqlState, FailureKind kind, int attempts,
                                                      String likelyCause, String nextStep, Throwable cause) {
        return new ConnectionFailedException(message, sqlState, kind, attempts, likelyCause, nextStep, cause);
    }

    @Override
    public SQLException closed(String target) {
        return new DataSourceClosedException(target);
    }
}
