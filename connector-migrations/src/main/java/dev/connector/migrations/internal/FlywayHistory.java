package dev.connector.migrations.internal;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;

/**
 * Reads Flyway's history through Flyway's own {@code info()}: it resolves the migrations the application ships
 * and merges them with the history table, read with SELECTs only. Loaded only when Flyway is on the classpath.
 */
public final class FlywayHistory {

    private FlywayHistory() {
    }

    public static History read(DataSource dataSource, String[] locations, String[] schemas, String table) {
        FluentConfiguration configuration = Flyway.configure().dataSource(dataSource).locations(locations)
                .createSchemas(false);
        if (schemas.length > 0) {
            configuration.schemas(schemas);
        }
        if (table != null) {
            configuration.table(table);
        }
        History h = new History("flyway");
        for (MigrationInfo m : configuration.load().info().all()) {
            if (m.getType().isSynthetic()) {
                continue; // Flyway's own rows: the schema it created, a baseline marker
            }
            String name = (m.getVersion() != null ? m.getVersion().getVersion() : "R") + " (" + m.getDescription() + ")";
            boolean shipped = m.getState().isResolved();
            if (shipped) {
                h.shipped++;
            }
            if (m.getState().isApplied() && m.getVersion() != null) {
                h.applied = name;
            }
            switch (m.getState()) {
                case PENDING, OUTDATED -> h.pending.add(name);
                case IGNORED -> h.drifted.add(name + " shipped but skipped: older than the applied ones and not applied");
                case FAILED, FUTURE_FAILED, MISSING_FAILED -> h.failed.add(name);
                case FUTURE_SUCCESS -> h.ahead.add(name);
                case MISSING_SUCCESS -> h.drifted.add(name + " applied but not shipped by this application");
                case SUCCESS, OUT_OF_ORDER -> {
                    if (m.isVersioned() && !m.isChecksumMatching()) {
                        h.drifted.add(name + " changed after it was applied (checksum " + m.getAppliedChecksum()
                                + " applied, " + m.getResolvedChecksum() + " shipped)");
                    }
                }
                default -> {
                    // baseline, below baseline, superseded, undone, deleted, above target: nothing to report
                }
            }
        }
        return h;
    }
}
