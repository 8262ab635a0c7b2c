package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ForwardingCallableStatement;

import java.sql.Connection;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A callable statement (its SQL was checked when prepared): result sets, refcursors, arrays and connection guarded. */
final class GuardedCallableStatement extends ForwardingCallableStatement {

    private final GuardedConnection connection;

    GuardedCallableStatement(CallableStatement delegate, GuardedConnection connection) {
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
    public Object getObject(int index) throws SQLException {
        return connection.object(super.getObject(index), this);
    }

    @Override
    public Object getObject(String name) throws SQLException {
        return connection.object(super.getObject(name), this);
    }

    @Override
    public Object getObject(int index, java.util.Map<String, Class<?>> map) throws SQLException {
        return connection.object(super.getObject(index, map), this);
    }

    @Override
    public Object getObject(String name, java.util.Map<String, Class<?>> map) throws SQLException {
        return connection.object(super.getObject(name, map), this);
    }

    @Override
    public <T> T getObject(int index, Class<T> type) throws SQLException {
        return connection.object(super.getObject(index, type), type, this);
    }

    @Override
    public <T> T getObject(String name, Class<T> type) throws SQLException {
        return connection.object(super.getObject(name, type), type, this);
    }

    @Override
    public Array getArray(int index) throws SQLException {
        return connection.array(super.getArray(index));
    }

    @Override
    public Array getArray(String name) throws SQLException {
        return connection.array(super.getArray(name));
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
