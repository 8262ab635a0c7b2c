package dev.connector.migrations.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * After a lock timeout: the sessions most likely to have held the lock, the oldest open transactions. Only
 * pids, application names, states and ages: never query text, which may carry secrets.
 */
public final class Blockers {

    private Blockers() {
    }

    public static String describe(DataSource dataSource, Duration olderThan) {
        String sql = "SELECT pid, coalesce(nullif(application_name, ''), '(none)'), coalesce(state, '?'), "
                + "extract(epoch FROM now() - xact_start)::bigint FROM pg_stat_activity "
                + "WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
                + "AND xact_start < now() - make_interval(secs => " + Math.max(olderThan.toMillis(), 1) / 1000.0 + ") "
                + "ORDER BY xact_start LIMIT 3";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
                found.add("pid " + rs.getInt(1) + " (application '" + rs.getString(2) + "', " + rs.getString(3)
                        + ", transaction open " + rs.getLong(4) + " s)");
            }
            return found.isEmpty() ? "no transaction older than the lock timeout is open now"
                    : "oldest open transactions: " + String.join(", ", found);
        } catch (SQLException e) {
            return "could not list open transactions (" + e.getMessage() + ")";
        }
    }
}
