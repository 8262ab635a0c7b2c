package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ForwardingDatabaseMetaData;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Database metadata whose connection, and the statements behind its result sets, are guarded. */
final class GuardedMetaData extends ForwardingDatabaseMetaData {

    private final GuardedConnection connection;

    GuardedMetaData(DatabaseMetaData delegate, GuardedConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    protected ResultSet resultSet(ResultSet resultSet) {
        return connection.resultSet(resultSet, null);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return connection.unwrap(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return connection.isWrapperFor(this, delegate, iface);
    }
}
