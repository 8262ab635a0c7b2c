package dev.connector.migrations;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SchemaCheck} found: the state, and the migrations behind it, each named the way its tool names
 * it (Flyway: {@code 4 (add status)}; Liquibase: {@code db/changelog.sql::4::dev}). Immutable.
 */
public final class SchemaStatus {

    private final SchemaState state;
    private final String tool;
    private final String appliedVersion;
    private final int shipped;
    private final List<String> pending;
    private final List<String> failed;
    private final List<String> drifted;
    private final List<String> ahead;

    SchemaStatus(String tool, String appliedVersion, int shipped, List<String> pending, List<String> failed,
                 List<String> drifted, List<String> ahead) {
        this.tool = tool;
        this.appliedVersion = appliedVersion;
        this.shipped = shipped;
        this.pending = List.copyOf(pending);
        this.failed = List.copyOf(failed);
        this.drifted = List.copyOf(drifted);
        this.ahead = List.copyOf(ahead);
        this.state = !failed.isEmpty() ? SchemaState.FAILED : !drifted.isEmpty() ? SchemaState.DRIFTED
                : !pending.isEmpty() ? SchemaState.BEHIND : !ahead.isEmpty() ? SchemaState.AHEAD : SchemaState.UP_TO_DATE;
    }

    public SchemaState state() {
        return state;
    }

    public boolean isReady() {
        return state.isReady();
    }

    /** {@code flyway} or {@code liquibase}. */
    public String tool() {
        return tool;
    }

    /** The latest migration applied to the database, or null when none is. */
    public String appliedVersion() {
        return appliedVersion;
    }

    /** Migrations the application ships, not applied. */
    public List<String> pending() {
        return pending;
    }

    /** Failed entries in the history (Liquibase: the changelog lock held). */
    public List<String> failed() {
        return failed;
    }

    /** Applied migrations changed since (with both checksums), or applied ones unknown among those shipped. */
    public List<String> drifted() {
        return drifted;
    }

    /** Applied migrations the application does not ship, newer than every one it does. */
    public List<String> ahead() {
        return ahead;
    }

    /** One line: the state, what it rests on, and what to do. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("schema " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + tool
                + ", database at " + (appliedVersion == null ? "no migration applied" : appliedVersion) + ", "
                + shipped + " migration(s) shipped)");
        if (!failed.isEmpty()) {
            parts.add("failed: " + String.join(", ", failed) + "; fix the cause, repair the history ("
                    + (tool.equals("flyway") ? "flyway repair" : "liquibase release-locks") + ") and run the deploy step again");
        }
        if (!drifted.isEmpty()) {
            parts.add("drifted: " + String.join(", ", drifted) + "; an applied migration must never change: restore "
                    + "the file as it was applied and put the change in a new migration, or find who changed the database");
        }
        if (!pending.isEmpty()) {
            parts.add("pending: " + String.join(", ", pending) + "; run the migrations (the deploy step) before this version serves");
        }
        if (!ahead.isEmpty()) {
            parts.add("ahead: " + String.join(", ", ahead) + " applied but not shipped by this application, newer than "
                    + "all it ships; fine for expand/contract releases (a newer release migrated while this one runs)");
        }
        if (state == SchemaState.UP_TO_DATE) {
            parts.add("every migration shipped is applied");
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return summary();
    }
}
