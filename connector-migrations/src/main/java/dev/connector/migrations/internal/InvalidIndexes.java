package dev.connector.migrations.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@code CREATE INDEX CONCURRENTLY} cancelled by the lock timeout, while it waited for older transactions,
 * leaves an INVALID index behind: a retry would fail on "relation already exists" (or, with IF NOT EXISTS,
 * silently keep the useless index). So the session notes the invalid indexes before an attempt and, after a
 * lock timeout, drops the ones the attempt left, concurrently, before trying again.
 */
public final class InvalidIndexes {

    private static final String LIST = "SELECT i.indexrelid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
            + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE NOT i.indisvalid";

    private InvalidIndexes() {
    }

    /** The oids of the invalid indexes now; empty when they cannot be read. */
    public static Set<Long> snapshot(DataSource dataSource) {
        Set<Long> oids = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LIST)) {
            while (rs.next()) {
                oids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            // nothing to compare with: then nothing is dropped
        }
        return oids;
    }

    /**
     * Drops, concurrently, the invalid indexes that are not in {@code before}, and returns their names. A drop
     * waits for older transactions as the build did, so it may meet the lock timeout too: that is thrown.
     */
    public static List<String> dropNew(DataSource dataSource, Set<Long> before) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(LIST)) {
                while (rs.next()) {
                    if (!before.contains(rs.getLong(1))) {
                        names.add(rs.getString(2));
                    }
                }
            }
            for (String name : names) {
                s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + name);
                dropped.add(name);
            }
        }
        return dropped;
    }
}
