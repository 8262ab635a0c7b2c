package dev.connector.internal.strategy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The pool's maximum size. Configured, it is used as given. Otherwise it is the connection budget:
 * <pre>
 *   share = floor((max_connections - reserved) / instances)
 *   size  = max(1, min(runtime ceiling, share))
 * </pre>
 * where reserved is {@code superuser_reserved_connections + reserved_connections} (PostgreSQL 16+), both
 * read from the server over one connection at the pool's start unless configured.
 */
public final class PoolSizing {

    private static final Logger log = LoggerFactory.getLogger(PoolSizing.class);

    /** The size and how it was reached, for the log and the doctor. */
    public record Size(int maximum, int share, String explanation) {
    }

    private PoolSizing() {
    }

    /** Whether sizing needs the server's numbers: the size is not configured and the budget not fully. */
    static boolean needsServer(PoolSettings settings) {
        return settings.maxPoolSize() == null
                && (settings.serverMaxConnections() == null || settings.reservedConnections() == null);
    }

    /** @param read the budget read from the server, when {@link #needsServer} said so; else null */
    static Size size(PoolSettings settings, ConnectionBudget read) {
        if (settings.maxPoolSize() != null) {
            return new Size(settings.maxPoolSize(), settings.maxPoolSize(),
                    "maxPoolSize " + settings.maxPoolSize() + " (configured)");
        }
        int serverMax = settings.serverMaxConnections() != null ? settings.serverMaxConnections() : read.maxConnections();
        int reserved = settings.reservedConnections() != null ? settings.reservedConnections() : read.reserved();
        return budget(settings.runtimeCeiling(), settings.runtime().name(), serverMax, reserved, settings.instances(),
                read == null ? "configured" : "read from the server");
    }

    /**
     * The formula, for the pool and for the doctor alike:
     * {@code size = max(1, min(ceiling, floor((max_connections - reserved) / instances)))}.
     */
    public static Size budget(int ceiling, String runtimeName, int serverMax, int reserved, int instances, String origin) {
        int share = (serverMax - reserved) / instances;
        int size = Math.max(1, Math.min(ceiling, share));
        String explanation = "maxPoolSize " + size + " = min(ceiling " + ceiling + " for " + runtimeName
                + ", (max_connections " + serverMax + " - reserved " + reserved + ") / instances "
                + instances + " = " + share + ") [" + origin + "]";
        if (share < 1) {
            log.warn("connector: the connection budget is exhausted: max_connections {} - reserved {} leaves less than "
                    + "one connection for each of {} instances; using 1. Lower connector.instances' real count, raise "
                    + "max_connections, or put PgBouncer or RDS Proxy in front.", serverMax, reserved, instances);
        }
        return new Size(size, share, explanation);
    }
}
