package dev.connector.migrations;

import dev.connector.migrations.internal.LockTimeouts;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * {@code flyway migrate} through a {@link MigrationSession}, ready for retries and for
 * {@code CREATE INDEX CONCURRENTLY}:
 * <ul>
 *   <li>Flyway's PostgreSQL lock is taken outside a transaction ({@code postgresql.transactional.lock=false}):
 *       with its default, Flyway keeps a transaction open for the whole run, a concurrent index build waits for
 *       that transaction, and the migration can never finish (without a lock timeout it hangs for ever);</li>
 *   <li>a non-transactional migration cancelled by the lock timeout is recorded by Flyway as failed, and the
 *       next run would refuse to start; the row that attempt added, and only that one, is removed before the
 *       retry, as {@code flyway repair} would (without repair's realigning of checksums, which would hide drift).</li>
 * </ul>
 *
 * <pre>{@code
 * FlywayMigration.migrate(session, Flyway.configure().locations("classpath:db/migration"));
 * }</pre>
 */
public final class FlywayMigration {

    private FlywayMigration() {
    }

    /** Migrates with this configuration (its DataSource is replaced by the session's), retrying on lock timeouts. */
    public static MigrateResult migrate(MigrationSession session, FluentConfiguration configuration) throws SQLException {
        configuration.dataSource(session.dataSource());
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        Flyway flyway = configuration.load();
        String table = historyTable(configuration);
        return session.run("flyway migrate", ds -> {
            long before = lastRank(ds, table);
            try {
                return flyway.migrate();
            } catch (RuntimeException e) {
                if (LockTimeouts.isLockTimeout(e)) {
                    removeFailedRowsAfter(ds, table, before);
                }
                throw e;
            }
        });
    }

    private static String historyTable(FluentConfiguration configuration) {
        String schema = configuration.getDefaultSchema() != null ? configuration.getDefaultSchema()
                : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
        String table = quote(configuration.getTable());
        return schema == null ? table : quote(schema) + "." + table;
    }

    private static long lastRank(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN to_regclass('" + table.replace("'", "''") + "') IS NULL "
                     + "THEN -1 END")) {
            rs.next();
            if (rs.getObject(1) != null) {
                return -1; // no history yet
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(installed_rank), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void removeFailedRowsAfter(DataSource ds, String table, long before) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + table + " WHERE NOT success AND installed_rank > " + before);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
