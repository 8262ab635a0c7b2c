package dev.connector.internal.lifecycle;

import dev.connector.internal.jdbc.ConnectionSource;

import java.sql.Connection;
import java.sql.SQLException;

/** What a closed DataSource answers. */
public final class Closed extends ConnectionSource {

    /** SQLState 08003: connection_does_not_exist. */
    public static final String SQL_STATE = "08003";

    /** The DataSource was closed: not a connection failure, never retried nor explained as one. */
    public static final class ClosedException extends SQLException {
        private static final long serialVersionUID = 1L;

        ClosedException(String message) {
            super(message, SQL_STATE);
        }
    }

    private final String target;

    public Closed(String target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw exception(target);
    }

    public static ClosedException exception(String target) {
        return new ClosedException("This ConnectorDataSource (" + target + ") is closed: close() was called, or the JVM "
                + "is shutting down, and every connection it opened has been closed. Build a new ConnectorDataSource "
                + "if the application goes on.");
    }
}
