package dev.connector;

import java.sql.SQLException;

/**
 * The {@link ConnectorDataSource} was closed ({@code close()}, or the JVM shutting down) and every connection
 * it opened has been closed. Not a connection failure: never retried, never explained as one. SQLState
 * {@value #SQL_STATE} (connection_does_not_exist).
 */
public final class DataSourceClosedException extends SQLException {

    private static final long serialVersionUID = 1L;

    /** SQLState 08003: connection_does_not_exist. */
    public static final String SQL_STATE = "08003";

    DataSourceClosedException(String target) {
        super("This ConnectorDataSource (" + target + ") is closed: close() was called, or the JVM is shutting down, "
                + "and every connection it opened has been closed. Build a new ConnectorDataSource if the application "
                + "goes on.", SQL_STATE);
    }
}
