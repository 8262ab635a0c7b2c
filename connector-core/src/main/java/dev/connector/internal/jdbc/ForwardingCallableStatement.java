package dev.connector.internal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;

/**
 * A CallableStatement that forwards every call to a delegate; subclasses override what they change.
 * Generated from the java.sql.CallableStatement interface of Java 17; the Statement part is {@link ForwardingPreparedStatement}.
 */
public abstract class ForwardingCallableStatement extends ForwardingPreparedStatement implements CallableStatement {

    private final CallableStatement callable;

    protected ForwardingCallableStatement(CallableStatement delegate) {
        super(delegate);
        this.callable = delegate;
    }

    @Override
    public boolean getBoolean(int arg0) throws SQLException {
        return callable.getBoolean(arg0);
    }

    @Override
    public boolean getBoolean(String arg0) throws SQLException {
        return callable.getBoolean(arg0);
    }

    @Override
    public byte getByte(String arg0) throws SQLException {
        return callable.getByte(arg0);
    }

    @Override
    public byte getByte(int arg0) throws SQLException {
        return callable.getByte(arg0);
    }

    @Override
    public short getShort(int arg0) throws SQLException {
        return callable.getShort(arg0);
    }

    @Override
    public short getShort(String arg0) throws SQLException {
        return callable.getShort(arg0);
    }

    @Override
    public int getInt(int arg0) throws SQLException {
        return callable.getInt(arg0);
    }

    @Override
    public int getInt(String arg0) throws SQLException {
        return callable.getInt(arg0);
    }

    @Override
    public long getLong(String arg0) throws SQLException {
        return callable.getLong(arg0);
    }

    @Override
    public long getLong(int arg0) throws SQLException {
        return callable.getLong(arg0);
    }

    @Override
    public float getFloat(String arg0) throws SQLException {
        return callable.getFloat(arg0);
    }

    @Override
    public float getFloat(int arg0) throws SQLException {
        return callable.getFloat(arg0);
    }

    @Override
    public double getDouble(int arg0) throws SQLException {
        return callable.getDouble(arg0);
    }

    @Override
    public double getDouble(String arg0) throws SQLException {
        return callable.getDouble(arg0);
    }

    @Override
    public byte[] getBytes(int arg0) throws SQLException {
        return callable.getBytes(arg0);
    }

    @Override
    public byte[] getBytes(String arg0) throws SQLException {
        return callable.getBytes(arg0);
    }

    @Override
    public void setBoolean(String arg0, boolean arg1) throws SQLException {
        callable.setBoolean(arg0, arg1);
    }

    @Override
    public void setByte(String arg0, byte arg1) throws SQLException {
        callable.setByte(arg0, arg1);
    }

    @Override
    public void setShort(String arg0, short arg1) throws SQLException {
        callable.setShort(arg0, arg1);
    }

    @Override
    public void setInt(String arg0, int arg1) throws SQLException {
        callable.setInt(arg0, arg1);
    }

    @Override
    public void setLong(String arg0, long arg1) throws SQLException {
        callable.setLong(arg0, arg1);
    }

    @Override
    public void setFloat(String arg0, float arg1) throws SQLException {
        callable.setFloat(arg0, arg1);
    }

    @Override
    public void setDouble(String arg0, double arg1) throws SQLException {
        callable.setDouble(arg0, arg1);
    }

    @Override
    public Object getObject(int arg0, java.util.Map<String, Class<?>> arg1) throws SQLException {
        return callable.getObject(arg0, arg1);
    }

    @Override
    public <T> T getObject(int arg0, Class<T> arg1) throws SQLException {
        return callable.getObject(arg0, arg1);
    }

    @Override
    public <T> T getObject(String arg0, Class<T> arg1) throws SQLException {
        return callable.getObject(arg0, arg1);
    }

    @Override
    public Object getObject(int arg0) throws SQLException {
        return callable.getObject(arg0);
    }

    @Override
    public Object getObject(String arg0) throws SQLException {
        return callable.getObject(arg0);
    }

    @Override
    public Object getObject(String arg0, java.util.Map<String, Class<?>> arg1) throws SQLException {
        return callable.getObject(arg0, arg1);
    }

    @Override
    public Ref getRef(int arg0) throws SQLException {
        return callable.getRef(arg0);
    }

    @Override
    public Ref getRef(String arg0) throws SQLException {
        return callable.getRef(arg0);
    }

    @Override
    public Array getArray(int arg0) throws SQLException {
        return callable.getArray(arg0);
    }

    @Override
    public Array getArray(String arg0) throws SQLException {
        return callable.getArray(arg0);
    }

    @Override
    public void setURL(String arg0, java.net.URL arg1) throws SQLException {
        callable.setURL(arg0, arg1);
    }

    @Override
    public Timestamp getTimestamp(String arg0) throws SQLException {
        return callable.getTimestamp(arg0);
    }

    @Override
    public Timestamp getTimestamp(int arg0) throws SQLException {
        return callable.getTimestamp(arg0);
    }

    @Override
    public Timestamp getTimestamp(String arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getTimestamp(arg0, arg1);
    }

    @Override
    public Timestamp getTimestamp(int arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getTimestamp(arg0, arg1);
    }

    @Override
    public String getString(int arg0) throws SQLException {
        return callable.getString(arg0);
    }

    @Override
    public String getString(String arg0) throws SQLException {
        return callable.getString(arg0);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int arg0) throws SQLException {
        return callable.getBigDecimal(arg0);
    }

    @Override
    @Deprecated
    public java.math.BigDecimal getBigDecimal(int arg0, int arg1) throws SQLException {
        return callable.getBigDecimal(arg0, arg1);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String arg0) throws SQLException {
        return callable.getBigDecimal(arg0);
    }

    @Override
    public Time getTime(String arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getTime(arg0, arg1);
    }

    @Override
    public Time getTime(int arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getTime(arg0, arg1);
    }

    @Override
    public Time getTime(String arg0) throws SQLException {
        return callable.getTime(arg0);
    }

    @Override
    public Time getTime(int arg0) throws SQLException {
        return callable.getTime(arg0);
    }

    @Override
    public void setTime(String arg0, Time arg1, java.util.Calendar arg2) throws SQLException {
        callable.setTime(arg0, arg1, arg2);
    }

    @Override
    public void setTime(String arg0, Time arg1) throws SQLException {
        callable.setTime(arg0, arg1);
    }

    @Override
    public void setDate(String arg0, Date arg1) throws SQLException {
        callable.setDate(arg0, arg1);
    }

    @Override
    public void setDate(String arg0, Date arg1, java.util.Calendar arg2) throws SQLException {
        callable.setDate(arg0, arg1, arg2);
    }

    @Override
    public Date getDate(int arg0) throws SQLException {
        return callable.getDate(arg0);
    }

    @Override
    public Date getDate(String arg0) throws SQLException {
        return callable.getDate(arg0);
    }

    @Override
    public Date getDate(String arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getDate(arg0, arg1);
    }

    @Override
    public Date getDate(int arg0, java.util.Calendar arg1) throws SQLException {
        return callable.getDate(arg0, arg1);
    }

    @Override
    public java.net.URL getURL(int arg0) throws SQLException {
        return callable.getURL(arg0);
    }

    @Override
    public java.net.URL getURL(String arg0) throws SQLException {
        return callable.getURL(arg0);
    }

    @Override
    public void registerOutParameter(int arg0, SQLType arg1, String arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(String arg0, SQLType arg1, String arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(int arg0, SQLType arg1, int arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(String arg0, SQLType arg1, int arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(int arg0, SQLType arg1) throws SQLException {
        callable.registerOutParameter(arg0, arg1);
    }

    @Override
    public void registerOutParameter(String arg0, SQLType arg1) throws SQLException {
        callable.registerOutParameter(arg0, arg1);
    }

    @Override
    public void registerOutParameter(int arg0, int arg1, int arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(String arg0, int arg1, String arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(String arg0, int arg1, int arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(String arg0, int arg1) throws SQLException {
        callable.registerOutParameter(arg0, arg1);
    }

    @Override
    public void registerOutParameter(int arg0, int arg1, String arg2) throws SQLException {
        callable.registerOutParameter(arg0, arg1, arg2);
    }

    @Override
    public void registerOutParameter(int arg0, int arg1) throws SQLException {
        callable.registerOutParameter(arg0, arg1);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return callable.wasNull();
    }

    @Override
    public Blob getBlob(String arg0) throws SQLException {
        return callable.getBlob(arg0);
    }

    @Override
    public Blob getBlob(int arg0) throws SQLException {
        return callable.getBlob(arg0);
    }

    @Override
    public Clob getClob(int arg0) throws SQLException {
        return callable.getClob(arg0);
    }

    @Override
    public Clob getClob(String arg0) throws SQLException {
        return callable.getClob(arg0);
    }

    @Override
    public void setNull(String arg0, int arg1, String arg2) throws SQLException {
        callable.setNull(arg0, arg1, arg2);
    }

    @Override
    public void setNull(String arg0, int arg1) throws SQLException {
        callable.setNull(arg0, arg1);
    }

    @Override
    public void setBigDecimal(String arg0, java.math.BigDecimal arg1) throws SQLException {
        callable.setBigDecimal(arg0, arg1);
    }

    @Override
    public void setString(String arg0, String arg1) throws SQLException {
        callable.setString(arg0, arg1);
    }

    @Override
    public void setBytes(String arg0, byte[] arg1) throws SQLException {
        callable.setBytes(arg0, arg1);
    }

    @Override
    public void setTimestamp(String arg0, Timestamp arg1, java.util.Calendar arg2) throws SQLException {
        callable.setTimestamp(arg0, arg1, arg2);
    }

    @Override
    public void setTimestamp(String arg0, Timestamp arg1) throws SQLException {
        callable.setTimestamp(arg0, arg1);
    }

    @Override
    public void setAsciiStream(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        callable.setAsciiStream(arg0, arg1, arg2);
    }

    @Override
    public void setAsciiStream(String arg0, java.io.InputStream arg1) throws SQLException {
        callable.setAsciiStream(arg0, arg1);
    }

    @Override
    public void setAsciiStream(String arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        callable.setAsciiStream(arg0, arg1, arg2);
    }

    @Override
    public void setBinaryStream(String arg0, java.io.InputStream arg1, int arg2) throws SQLException {
        callable.setBinaryStream(arg0, arg1, arg2);
    }

    @Override
    public void setBinaryStream(String arg0, java.io.InputStream arg1) throws SQLException {
        callable.setBinaryStream(arg0, arg1);
    }

    @Override
    public void setBinaryStream(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        callable.setBinaryStream(arg0, arg1, arg2);
    }

    @Override
    public void setObject(String arg0, Object arg1) throws SQLException {
        callable.setObject(arg0, arg1);
    }

    @Override
    public void setObject(String arg0, Object arg1, int arg2) throws SQLException {
        callable.setObject(arg0, arg1, arg2);
    }

    @Override
    public void setObject(String arg0, Object arg1, SQLType arg2, int arg3) throws SQLException {
        callable.setObject(arg0, arg1, arg2, arg3);
    }

    @Override
    public void setObject(String arg0, Object arg1, SQLType arg2) throws SQLException {
        callable.setObject(arg0, arg1, arg2);
    }

    @Override
    public void setObject(String arg0, Object arg1, int arg2, int arg3) throws SQLException {
        callable.setObject(arg0, arg1, arg2, arg3);
    }

    @Override
    public void setCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
        callable.setCharacterStream(arg0, arg1);
    }

    @Override
    public void setCharacterStream(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        callable.setCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public void setCharacterStream(String arg0, java.io.Reader arg1, int arg2) throws SQLException {
        callable.setCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public RowId getRowId(int arg0) throws SQLException {
        return callable.getRowId(arg0);
    }

    @Override
    public RowId getRowId(String arg0) throws SQLException {
        return callable.getRowId(arg0);
    }

    @Override
    public void setRowId(String arg0, RowId arg1) throws SQLException {
        callable.setRowId(arg0, arg1);
    }

    @Override
    public void setNString(String arg0, String arg1) throws SQLException {
        callable.setNString(arg0, arg1);
    }

    @Override
    public void setNCharacterStream(String arg0, java.io.Reader arg1) throws SQLException {
        callable.setNCharacterStream(arg0, arg1);
    }

    @Override
    public void setNCharacterStream(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        callable.setNCharacterStream(arg0, arg1, arg2);
    }

    @Override
    public void setNClob(String arg0, java.io.Reader arg1) throws SQLException {
        callable.setNClob(arg0, arg1);
    }

    @Override
    public void setNClob(String arg0, NClob arg1) throws SQLException {
        callable.setNClob(arg0, arg1);
    }

    @Override
    public void setNClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        callable.setNClob(arg0, arg1, arg2);
    }

    @Override
    public void setClob(String arg0, java.io.Reader arg1) throws SQLException {
        callable.setClob(arg0, arg1);
    }

    @Override
    public void setClob(String arg0, java.io.Reader arg1, long arg2) throws SQLException {
        callable.setClob(arg0, arg1, arg2);
    }

    @Override
    public void setClob(String arg0, Clob arg1) throws SQLException {
        callable.setClob(arg0, arg1);
    }

    @Override
    public void setBlob(String arg0, java.io.InputStream arg1) throws SQLException {
        callable.setBlob(arg0, arg1);
    }

    @Override
    public void setBlob(String arg0, java.io.InputStream arg1, long arg2) throws SQLException {
        callable.setBlob(arg0, arg1, arg2);
    }

    @Override
    public void setBlob(String arg0, Blob arg1) throws SQLException {
        callable.setBlob(arg0, arg1);
    }

    @Override
    public NClob getNClob(String arg0) throws SQLException {
        return callable.getNClob(arg0);
    }

    @Override
    public NClob getNClob(int arg0) throws SQLException {
        return callable.getNClob(arg0);
    }

    @Override
    public void setSQLXML(String arg0, SQLXML arg1) throws SQLException {
        callable.setSQLXML(arg0, arg1);
    }

    @Override
    public SQLXML getSQLXML(String arg0) throws SQLException {
        return callable.getSQLXML(arg0);
    }

    @Override
    public SQLXML getSQLXML(int arg0) throws SQLException {
        return callable.getSQLXML(arg0);
    }

    @Override
    public String getNString(String arg0) throws SQLException {
        return callable.getNString(arg0);
    }

    @Override
    public String getNString(int arg0) throws SQLException {
        return callable.getNString(arg0);
    }

    @Override
    public java.io.Reader getNCharacterStream(int arg0) throws SQLException {
        return callable.getNCharacterStream(arg0);
    }

    @Override
    public java.io.Reader getNCharacterStream(String arg0) throws SQLException {
        return callable.getNCharacterStream(arg0);
    }

    @Override
    public java.io.Reader getCharacterStream(String arg0) throws SQLException {
        return callable.getCharacterStream(arg0);
    }

    @Override
    public java.io.Reader getCharacterStream(int arg0) throws SQLException {
        return callable.getCharacterStream(arg0);
    }
}
