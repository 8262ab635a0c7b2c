package dev.connector.internal.jdbc;

import dev.connector.internal.config.DriverLimits;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that only hands out connections: the connector's internal building block. The rest of the
 * DataSource interface is answered once, here.
 */
public abstract class ConnectionSource implements DataSource {

    /** How long one login may take, as JDBC's getLoginTimeout reports it: never 0. */
    private final int loginTimeoutSeconds;

    /** A source whose logins are bounded by pgjdbc's default connect timeout. */
    protected ConnectionSource() {
        this(DriverLimits.PGJDBC_CONNECT_TIMEOUT);
    }

    /** A source whose logins are bounded by {@code loginBound} (the connect timeout, which also bounds the login). */
    protected ConnectionSource(Duration loginBound) {
        this.loginTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, loginBound.toSeconds()));
    }

    @Override
    public abstract Connection getConnection() throws SQLException;

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "getConnection(user, password) is not supported: configure connector.user and connector.password "
                        + "when building the ConnectorDataSource");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // logging goes through SLF4J
    }

    /**
     * Accepted and not applied: every login is bounded by {@code connector.connectTimeout} (and
     * {@code connector.loginTimeout}), which {@link #getLoginTimeout()} reports. A pool calls this with its own
     * acquire timeout; refusing it would only make the pool log that it could not.
     */
    @Override
    public void setLoginTimeout(int seconds) {
        // configured through connector.connectTimeout and connector.loginTimeout
    }

    /**
     * The longest a login takes, in seconds: never 0, which would tell a pool (HikariCP waits this long for
     * its connection-adding thread when it closes) that logins take no time at all.
     */
    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the connector logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException(getClass().getSimpleName() + " does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
