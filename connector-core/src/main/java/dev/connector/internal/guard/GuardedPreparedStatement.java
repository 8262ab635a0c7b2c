package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ForwardingPreparedStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A prepared statement (its SQL was checked when prepared) whose result sets and connection are guarded. */
final class GuardedPreparedStatement extends ForwardingPreparedStatement {

    private final GuardedConnection connection;

    GuardedPreparedStatement(PreparedStatement delegate, GuardedConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    protected void checkSql(String sql) throws SQLException {
        connection.check(sql); // the driver refuses SQL text on a prepared statement; checked all the same
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return connection.resultSet(super.executeQuery(), this);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return connection.resultSet(super.executeQuery(sql), this);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return connection.resultSet(delegate.getResultSet(), this);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return connection.resultSet(delegate.getGeneratedKeys(), this);
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
