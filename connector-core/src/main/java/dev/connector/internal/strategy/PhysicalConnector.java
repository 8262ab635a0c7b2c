package dev.connector.internal.strategy;

import dev.connector.internal.jdbc.ConnectionSource;
import dev.connector.internal.lifecycle.Closed;
import dev.connector.internal.lifecycle.PhysicalConnections;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens physical pgjdbc connections with the session defaults in the startup packet, and registers each so
 * that shutdown can close it. It is the UNPOOLED strategy as it stands, and the connection factory under
 * the BOUNDED pool.
 */
public final class PhysicalConnector extends ConnectionSource {

    private final Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties properties;
    private final PhysicalConnections registry;
    private final String target;
    private final int socketTimeoutAfterLoginMillis;

    /**
     * @param url        a jdbc:postgresql URL without credentials
     * @param properties the driver properties; never mutated, shared by every connect
     * @param target     the non-secret description of the target, for messages
     * @param socketTimeoutAfterLoginMillis the socket timeout to put back once logged in, when the login ran
     *                   under a shorter one; -1 when the driver's socket timeout stays as it is
     */
    public PhysicalConnector(String url, Properties properties, PhysicalConnections registry, String target,
                             int socketTimeoutAfterLoginMillis) {
        this.url = url;
        this.properties = properties;
        this.registry = registry;
        this.target = target;
        this.socketTimeoutAfterLoginMillis = socketTimeoutAfterLoginMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (socketTimeoutAfterLoginMillis >= 0) {
            // a local setsockopt, no round trip; pgjdbc ignores the executor
            connection.setNetworkTimeout(null, socketTimeoutAfterLoginMillis);
        }
        if (!registry.register(connection)) {
            throw Closed.exception(target);
        }
        return connection;
    }

    public String target() {
        return target;
    }
}
