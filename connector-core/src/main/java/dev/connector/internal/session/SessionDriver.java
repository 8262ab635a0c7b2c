package dev.connector.internal.session;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The driver as the connector uses it: pgjdbc, plus what {@link SessionSettings} asks for after login
 * (session mode's one {@code set_config}) and on every statement (transaction mode and RDS Proxy). Without a
 * pooler, or with no timeouts configured, it is not used at all.
 */
public final class SessionDriver implements Driver {

    private final Driver driver;
    private final String afterLogin;
    private final long statementTimeoutMillis;
    private final String perTransaction;

    private SessionDriver(Driver driver, SessionSettings settings) {
        this.driver = driver;
        this.afterLogin = settings.afterLogin();
        this.statementTimeoutMillis = settings.clientStatementTimeoutMillis();
        this.perTransaction = settings.perTransaction();
    }

    /** The driver itself when these settings need nothing after login or per statement. */
    public static Driver of(Driver driver, SessionSettings settings) {
        return settings.afterLogin() == null && !settings.needsStatementHooks() ? driver
                : new SessionDriver(driver, settings);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection c = driver.connect(url, info);
        if (c == null) {
            return null;
        }
        try {
            if (afterLogin != null) {
                try (Statement s = c.createStatement()) {
                    s.execute(afterLogin);
                }
            }
            return statementTimeoutMillis > 0 || perTransaction != null
                    ? new SessionConnection(c, statementTimeoutMillis, perTransaction) : c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return driver.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return driver.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return driver.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return driver.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return driver.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }
}
