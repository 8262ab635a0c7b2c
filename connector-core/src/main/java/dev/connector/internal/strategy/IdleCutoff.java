package dev.connector.internal.strategy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The server's idle_session_timeout (PostgreSQL 14+), read when the pool starts, and the keepalive that stays
 * below it: a pooled connection idle longer than that is ended by the server, and a pool that does not know it
 * keeps believing in idle connections it no longer has.
 */
final class IdleCutoff {

    private static final Logger log = LoggerFactory.getLogger(IdleCutoff.class);
    /** HikariCP's shortest keepalive; below it HikariCP turns keepalive off. */
    static final Duration SHORTEST_KEEPALIVE = Duration.ofSeconds(30);

    private IdleCutoff() {
    }

    /** The session's idle_session_timeout; zero when off or not known to the server. */
    static Duration read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT setting::bigint FROM pg_settings WHERE name = 'idle_session_timeout'")) {
            return rs.next() ? Duration.ofMillis(rs.getLong(1)) : Duration.ZERO;
        }
    }

    /**
     * The configured keepalive, or half the server's idle_session_timeout when that is shorter, so that an idle
     * pooled connection is used before the server ends it. Below HikariCP's 30 s floor that cannot be done: one
     * WARN says so and what to change.
     */
    static Duration keepalive(Duration configured, Duration idleSessionTimeout, Duration maxLifetime) {
        if (idleSessionTimeout.isZero() || (!configured.isZero() && configured.compareTo(idleSessionTimeout.dividedBy(2)) <= 0)) {
            return configured;
        }
        Duration half = idleSessionTimeout.dividedBy(2);
        if (half.compareTo(SHORTEST_KEEPALIVE) < 0) {
            log.warn("connector: the server's idle_session_timeout is {} ms, too short for the pool to keep idle "
                    + "connections alive (its keepalive is at least 30 s): the server will end idle pooled connections "
                    + "and the pool will replace them when borrowed. Raise it for this role (ALTER ROLE ... SET "
                    + "idle_session_timeout = '5min') or use the UNPOOLED strategy.", idleSessionTimeout.toMillis());
            return configured;
        }
        return !maxLifetime.isZero() && half.compareTo(maxLifetime) >= 0 ? configured : half;
    }
}
