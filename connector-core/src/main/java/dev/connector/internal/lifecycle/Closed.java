package dev.connector.internal.lifecycle;

import dev.connector.internal.diagnose.Exceptions;
import dev.connector.internal.jdbc.ConnectionSource;

import java.sql.Connection;
import java.sql.SQLException;

/** What a closed DataSource answers: {@code DataSourceClosedException}. */
public final class Closed extends ConnectionSource {

    private final String target;
    private final Exceptions exceptions;

    public Closed(String target, Exceptions exceptions) {
        this.target = target;
        this.exceptions = exceptions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw exceptions.closed(target);
    }
}
