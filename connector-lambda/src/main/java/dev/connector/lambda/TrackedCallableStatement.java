package dev.connector.lambda;

import dev.connector.internal.jdbc.ForwardingCallableStatement;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A callable statement of a {@link TrackedConnection}: errors the invocation's deadline caused say so. */
final class TrackedCallableStatement extends ForwardingCallableStatement {

    private final TrackedConnection connection;

    TrackedCallableStatement(CallableStatement delegate, TrackedConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            return super.executeQuery();
        } catch (SQLException e) {
            throw connection.invocation.cutShort(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try {
            return super.executeUpdate();
        } catch (SQLException e) {
            throw connection.invocation.cutShort(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        try {
            return super.execute();
        } catch (SQLException e) {
            throw connection.invocation.cutShort(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try {
            return super.executeLargeUpdate();
        } catch (SQLException e) {
            throw connection.invocation.cutShort(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return super.executeBatch();
        } catch (SQLException e) {
            throw connection.invocation.cutShort(e);
        }
    }
}
