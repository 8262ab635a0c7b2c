package dev.connector.internal.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The driver's own objects below the connector's decorators, for the connector's own layers. Decorators may
 * refuse {@code unwrap} to their callers (the schema guard does while it is active, so that applications
 * cannot reach an unguarded driver object); a layer of the connector stacked above them still needs the
 * driver's statement to set what JDBC has no method for.
 */
public final class DriverObjects {

    private DriverObjects() {
    }

    /** The {@code iface} object below every {@link ForwardingStatement} around {@code statement}. */
    public static <T> T unwrap(Statement statement, Class<T> iface) throws SQLException {
        Statement current = statement;
        while (!iface.isInstance(current) && current instanceof ForwardingStatement) {
            current = ((ForwardingStatement) current).delegate;
        }
        return iface.isInstance(current) ? iface.cast(current) : current.unwrap(iface);
    }
}
