package dev.connector.internal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;

/**
 * A PreparedStatement that forwards every call to a delegate; subclasses override what they change.
 * Generated from the java.sql.PreparedStatement interface of Java 17; the Statement part is {@link ForwardingStatement}.
 */
public abstract class ForwardingPreparedStatement extends ForwardingStatement implements PreparedStatement {

    private final PreparedStatement prepared;

    protected ForwardingPreparedStatement(PreparedStatement delegate) {
        super(delegate);
        this.prepared = delegate;
    }

    @Override
    public boolean execute() throws SQLException {
        beforeExecute();
        return prepared.execute();
    }

    @Override
    public void setBoolean(int arg0, boolean arg1) throws SQLException {
        prepared.setBoolean(arg0, arg1);
    }

    @Override
    public void setByte(int arg0, byte arg1) throws SQLException {
        prepared.setByte(arg0, arg1);
    }

    @Override
    public void setShort(int arg0, short arg1) throws SQLException {
        prepared.setShort(arg0, arg1);
    }

    @Override
    public void setInt(int arg0, int arg1) throws SQLException {
        prepared.setInt(arg0, arg1);
    }

    @Override
    public void setLong(int arg0, long arg1) throws SQLException {
        prepared.setLong(arg0, arg1);
    }

    @Override
    public void setFloat(int arg0, float arg1) throws SQLException {
        prepared.setFloat(arg0, arg1);
    }

    @Override
    public void setDouble(int arg0, double arg1) throws SQLException {
        prepared.setDouble(arg0, arg1);
    }

    @Override
    public void setURL(int arg0, java.net.URL arg1) throws SQLException {
        prepared.setURL(arg0, arg1);
    }

    @Override
    public void setArray(int arg0, Array arg1) throws SQLException {
        prepared.setArray(arg0, arg1);
    }

    @Override
    public void setTime(int arg0, Time arg1, java.util.Calendar arg2) throws SQLException {
        prepared.setTime(arg0, arg1, arg2);
    }

    @Override
    public void setTime(int arg0, Time arg1) throws SQLException {
        prepared.setTime(arg0, arg1);
    }

    @Override
    public void setDate(int arg0, Date arg1, java.util.Calendar arg2) throws SQLException {
        prepared.setDate(arg0, arg1, arg2);
    }

    @Override
    public void setDate(int arg0, Date arg1) throws SQLException {
        prepared.setDate(arg0, arg1);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        beforeExecute();
        return prepared.executeQuery();
    }

    @Override
    public int executeUpdate() throws SQLException {
        beforeExecute();
        return prepared.executeUpdate();
    }

    @Override
    public void setNull(int arg0, int arg1) throws SQLException {
        prepared.setNull(arg0, arg1);
    }

    @Override
    public void setNull(int arg0, int arg1, String arg2) throws SQLException {
        prepared.setNull(arg0, arg1, arg2);
    }

    @Override
    public void setBigDecimal(int arg0, java.math.BigDecimal arg1) throws SQLException {
        prepared.setBigDecimal(arg0, arg1);
    }

    @Override
    public void setString(int arg0, String arg1) throws SQLException {
        prepared.setString(arg0, arg1);
    }

    @Override
    public void setBytes(int arg0, byte[] arg1) throws SQLException {
        prepared.setBytes(arg0, arg1);
    }

    @Override
    public void setTimestamp(int arg0, Timestamp arg1, java.util.Calendar arg2) throws SQLException {
        prepared.setTimestamp(arg0, arg1, arg2);
    }

    @Override
    public void setTimestamp(int arg0, Timestamp arg1) throws SQLException {
        prepared.setTimestamp(arg0, arg1);
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1) throws SQLException {
        prepared.setAsciiStream(arg0, arg1);
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        prepared.setAsciiStream(arg0, arg1, arg2);
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        prepared.setAsciiStream(arg0, arg1, arg2);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        prepared.setUnicodeStream(arg0, arg1, arg2);
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1) throws SQLException {
        prepared.setBinaryStream(arg0, arg1);
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        prepared.setBinaryStream(arg0, arg1, arg2);
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        prepared.setBinaryStream(arg0, arg1, arg2);
    }

    @Override
    public void clearParameters() throws SQLException {
        prepared.clearParameters();
    }

    @Override
    public void setObject(int arg0, Object arg1) throws SQLException {
        prepared.setObject(arg0, arg1);
    }

    @Override
    public void setObject(int arg0, Object arg1, SQLType arg2, int arg3) throws SQLException {
        prepared.setObject(arg0, arg1, arg2, arg3);
    }

    @Override
    public void setObject(int arg0, Object arg1, int arg2, int arg3) throws SQLException {
        prepared.setObject(arg0, arg1, arg2, arg3);
    }

    @Override
    public void setObject(int arg0, Object arg1, SQLType arg2) throws SQLException {
        prepared.setObject(arg0, arg1, arg2);
    }

    @Override
    public void setObject(int arg0, Object arg1, int arg2) throws SQLException {
        prepared.setObject(arg0, arg1, arg2);
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws SQLException {
        prepared.setCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        prepared.setCharacterStream(arg0, arg1);
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        prepared.setCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public void setRef(int arg0, Ref arg1) throws SQLException {
        prepared.setRef(arg0, arg1);
    }

    @Override
    public void setBlob(int arg0, Blob arg1) throws SQLException {
        prepared.setBlob(arg0, arg1);
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1) throws SQLException {
        prepared.setBlob(arg0, arg1);
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        prepared.setBlob(arg0, arg1, arg2);
    }

    @Override
    public void setClob(int arg0, Clob arg1) throws SQLException {
        prepared.setClob(arg0, arg1);
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        prepared.setClob(arg0, arg1, arg2);
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1) throws SQLException {
        prepared.setClob(arg0, arg1);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return prepared.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return prepared.getParameterMetaData();
    }

    @Override
    public void setRowId(int arg0, RowId arg1) throws SQLException {
        prepared.setRowId(arg0, arg1);
    }

    @Override
    public void setNString(int arg0, String arg1) throws SQLException {
        prepared.setNString(arg0, arg1);
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1) throws SQLException {
        prepared.setNCharacterStream(arg0, arg1);
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        prepared.setNCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1, long arg2) throws SQLException {
        prepared.setNClob(arg0, arg1, arg2);
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1) throws SQLException {
        prepared.setNClob(arg0, arg1);
    }

    @Override
    public void setNClob(int arg0, NClob arg1) throws SQLException {
        prepared.setNClob(arg0, arg1);
    }

    @Override
    public void setSQLXML(int arg0, SQLXML arg1) throws SQLException {
        prepared.setSQLXML(arg0, arg1);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        beforeExecute();
        return prepared.executeLargeUpdate();
    }
}
