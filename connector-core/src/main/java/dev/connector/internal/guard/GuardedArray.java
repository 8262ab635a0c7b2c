package dev.connector.internal.guard;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** An array whose result sets (and so their statements) are guarded. */
final class GuardedArray implements Array {

    private final Array delegate;
    private final GuardedConnection connection;

    GuardedArray(Array delegate, GuardedConnection connection) {
        this.delegate = delegate;
        this.connection = connection;
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        return delegate.getBaseTypeName();
    }

    @Override
    public int getBaseType() throws SQLException {
        return delegate.getBaseType();
    }

    @Override
    public Object getArray() throws SQLException {
        return delegate.getArray();
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        return delegate.getArray(map);
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        return delegate.getArray(index, count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return delegate.getArray(index, count, map);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return connection.resultSet(delegate.getResultSet(), null);
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        return connection.resultSet(delegate.getResultSet(map), null);
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        return connection.resultSet(delegate.getResultSet(index, count), null);
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return connection.resultSet(delegate.getResultSet(index, count, map), null);
    }

    @Override
    public void free() throws SQLException {
        delegate.free();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
