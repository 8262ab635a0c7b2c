package dev.connector.migrations;

/** How the database's migration history compares with the migrations the application ships. */
public enum SchemaState {
    /** Every migration the application ships is applied, and nothing else. */
    UP_TO_DATE(true, 0),
    /**
     * The database has applied migrations this application does not ship, newer than all it knows: a newer
     * release migrated while this one runs. Fine for expand/contract releases, so it counts as ready.
     */
    AHEAD(true, 0),
    /** Migrations the application ships are not applied yet: the deploy step has not run. */
    BEHIND(false, 4),
    /** The history records a failed migration, or a run that died holding the tool's lock. */
    FAILED(false, 5),
    /** An applied migration was changed afterwards (checksum), or one applied is unknown among older ones. */
    DRIFTED(false, 6);

    private final boolean ready;
    private final int exitCode;

    SchemaState(boolean ready, int exitCode) {
        this.ready = ready;
        this.exitCode = exitCode;
    }

    /** Whether the application can run on this schema. */
    public boolean isReady() {
        return ready;
    }

    /** The status command's exit code for this state. */
    public int exitCode() {
        return exitCode;
    }
}
