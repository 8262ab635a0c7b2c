package dev.connector.internal.network;

import java.time.Duration;
import java.util.Properties;

/** How long a read on an open connection may wait, when the user configured no socket timeout. */
public final class ReadBounds {

    /**
     * After the server's statement_timeout has passed, its cancellation gets this long to arrive before the
     * socket gives up: on a dead network it never arrives.
     */
    public static final Duration STATEMENT_GRACE = Duration.ofSeconds(1);

    private ReadBounds() {
    }

    /**
     * The socket timeout a connection gets once logged in: the configured one (returned as -1: leave the
     * driver's as it is), else statementTimeout + {@link #STATEMENT_GRACE} when a statement timeout is
     * configured, else none (0): TCP keepalive notices a dead peer within {@link BoundedSocket#DEAD_PEER_BOUND}.
     */
    public static int socketTimeoutAfterLoginMillis(Duration configuredSocketTimeout, Duration statementTimeout) {
        if (!configuredSocketTimeout.isZero()) {
            return -1;
        }
        if (statementTimeout == null || statementTimeout.isZero()) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, statementTimeout.plus(STATEMENT_GRACE).toMillis());
    }

    /** The driver properties with the connector's sockets, unless the user chose a socket factory of their own. */
    public static Properties withConnectorSockets(Properties driverProperties) {
        Properties p = new Properties();
        p.putAll(driverProperties);
        p.putIfAbsent("socketFactory", ConnectorSocketFactory.class.getName());
        return p;
    }
}
