package dev.connector.internal.strategy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pool's maximum size. Configured, it is used as given. Otherwise it is the connection budget:
 * <pre>
 *   share = floor((max_connections - reserved) / instances)
 *   size  = max(1, min(runtime ceiling, share))
 * </pre>
 * where reserved is {@code superuser_reserved_connections + reserved_connections} (PostgreSQL 16+), both
 * read from the server over one connection at the pool's start unless configured.
 */
final class PoolSizing {

    private static final Logger log = LoggerFactory.getLogger(PoolSizing.class);

    /** The size and how it was reached, for the log. */
    record Size(int maximum, String explanation) {
    }

    private PoolSizing() {
    }

    static Size size(PoolSettings settings, PhysicalConnector connector) throws SQLException {
        if (settings.maxPoolSize() != null) {
            return new Size(settings.maxPoolSize(), "maxPoolSize " + settings.maxPoolSize() + " (configured)");
        }
        int serverMax;
        int reserved;
        String origin;
        if (settings.serverMaxConnections() != null && settings.reservedConnections() != null) {
            serverMax = settings.serverMaxConnections();
            reserved = settings.reservedConnections();
            origin = "configured";
        } else {
            ConnectionBudget read;
            try (Connection c = connector.getConnection()) {
                read = ConnectionBudget.read(c);
            }
            serverMax = settings.serverMaxConnections() != null ? settings.serverMaxConnections() : read.maxConnections();
            reserved = settings.reservedConnections() != null ? settings.reservedConnections() : read.reserved();
            origin = "read from the server";
        }
        int share = (serverMax - reserved) / settings.instances();
        int ceiling = settings.runtimeCeiling();
        int size = Math.max(1, Math.min(ceiling, share));
        String explanation = "maxPoolSize " + size + " = min(ceiling " + ceiling + " for " + settings.runtime().name()
                + ", (max_connections " + serverMax + " - reserved " + reserved + ") / instances "
                + settings.instances() + " = " + share + ") [" + origin + "]";
        if (share < 1) {
            log.warn("connector: the connection budget is exhausted: max_connections {} - reserved {} leaves less than "
                    + "one connection for each of {} instances; using 1. Lower connector.instances' real count, raise "
                    + "max_connections, or put PgBouncer or RDS Proxy in front.", serverMax, reserved, settings.instances());
        }
        return new Size(size, explanation);
    }
}
