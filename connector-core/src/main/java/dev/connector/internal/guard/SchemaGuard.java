package dev.connector.internal.guard;

import dev.connector.SchemaChangeRefusedException;
import dev.connector.internal.metrics.ConnectorMetrics;

/**
 * Refuses schema changes while active. Connections handed out while it is active are wrapped; after it is
 * switched off they see that too, and new connections are no longer wrapped at all.
 */
public final class SchemaGuard {

    private final String runtimeName;
    private final boolean untilReady;
    private final ConnectorMetrics metrics;
    private volatile boolean active = true;

    /**
     * @param runtimeName the runtime, for the message
     * @param untilReady  true for refuse-at-startup (lifted by markReady), false for refuse (never lifted)
     */
    public SchemaGuard(String runtimeName, boolean untilReady) {
        this(runtimeName, untilReady, ConnectorMetrics.NONE);
    }

    /** As above, counting refusals in {@code metrics}. */
    public SchemaGuard(String runtimeName, boolean untilReady, ConnectorMetrics metrics) {
        this.runtimeName = runtimeName;
        this.untilReady = untilReady;
        this.metrics = metrics;
    }

    public boolean isActive() {
        return active;
    }

    /** Ends the start-up phase; returns true if that switched the guard off. */
    public boolean lift() {
        if (untilReady && active) {
            active = false;
            return true;
        }
        return false;
    }

    public void check(String sql) throws SchemaChangeRefusedException {
        if (!active) {
            return;
        }
        SchemaChangeDetector.Finding finding = SchemaChangeDetector.find(sql);
        if (finding != null) {
            metrics.schemaChangeRefused();
            throw new SchemaChangeRefusedException(message(finding), finding.statement());
        }
    }

    private String message(SchemaChangeDetector.Finding finding) {
        String when = untilReady
                ? "while the application is starting in a serverless runtime (" + runtimeName + ")"
                : "because connector.schemaPolicy is refuse";
        String allow = untilReady
                ? "To allow it, set connector.schemaPolicy=allow (CONNECTOR_SCHEMA_POLICY=allow), or run it after "
                        + "start-up has ended (ConnectorDataSource.markReady(), which connector-lambda calls at the first invocation)."
                : "To allow it, set connector.schemaPolicy=allow (CONNECTOR_SCHEMA_POLICY=allow).";
        return "Refused a schema change " + when + ": \"" + finding.statement() + "\" " + finding.what() + ". "
                + "Why: every cold start runs its start-up code at the same moment, so schema changes race each other "
                + "and take locks that queue every other query on those tables. "
                + "Instead: run migrations (Flyway, Liquibase, plain SQL) as a deploy step before the new version starts. "
                + allow;
    }
}
