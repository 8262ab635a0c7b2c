package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ForwardingResultSet;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A result set whose statement is guarded, as are the refcursors and arrays read from it. */
final class GuardedResultSet extends ForwardingResultSet {

    private final Statement owner;
    private final GuardedConnection connection;

    GuardedResultSet(ResultSet delegate, Statement owner, GuardedConnection connection) {
        super(delegate);
        this.owner = owner;
        this.connection = connection;
    }

    @Override
    public Statement getStatement() throws SQLException {
        return owner != null ? owner : connection.statement(delegate.getStatement());
    }

    @Override
    public Object getObject(int index) throws SQLException {
        return connection.object(delegate.getObject(index), owner);
    }

    @Override
    public Object getObject(String name) throws SQLException {
        return connection.object(delegate.getObject(name), owner);
    }

    @Override
    public Object getObject(int index, java.util.Map<String, Class<?>> map) throws SQLException {
        return connection.object(delegate.getObject(index, map), owner);
    }

    @Override
    public Object getObject(String name, java.util.Map<String, Class<?>> map) throws SQLException {
        return connection.object(delegate.getObject(name, map), owner);
    }

    @Override
    public <T> T getObject(int index, Class<T> type) throws SQLException {
        return connection.object(delegate.getObject(index, type), type, owner);
    }

    @Override
    public <T> T getObject(String name, Class<T> type) throws SQLException {
        return connection.object(delegate.getObject(name, type), type, owner);
    }

    @Override
    public Array getArray(int index) throws SQLException {
        return connection.array(delegate.getArray(index));
    }

    @Override
    public Array getArray(String name) throws SQLException {
        return connection.array(delegate.getArray(name));
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
