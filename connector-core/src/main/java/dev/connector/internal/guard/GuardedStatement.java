package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ForwardingStatement;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A statement whose SQL passes the schema guard; its result sets and connection are guarded too. */
final class GuardedStatement extends ForwardingStatement {

    private final GuardedConnection connection;

    GuardedStatement(Statement delegate, GuardedConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    protected void checkSql(String sql) throws SQLException {
        connection.check(sql);
    }

    @Override
    public Connection getConnection() {
        return connection;
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
