package dev.connector.migrations.internal;

import dev.connector.internal.config.PropertyTable;
import dev.connector.migrations.MigrationSession;

import java.util.Set;

/** connector-migrations' environment variables, so that core knows them among the {@code CONNECTOR_*} names. */
public final class MigrationVariables implements PropertyTable {

    @Override
    public String module() {
        return "connector-migrations";
    }

    @Override
    public Set<String> environmentVariables() {
        return Set.of(MigrationSession.LOCK_TIMEOUT_VARIABLE, MigrationSession.STATEMENT_TIMEOUT_VARIABLE,
                MigrationSession.MAX_ATTEMPTS_VARIABLE, MigrationSession.INITIAL_BACKOFF_VARIABLE,
                MigrationSession.MAX_BACKOFF_VARIABLE, dev.connector.migrations.SchemaCheck.REQUIRE_READY_VARIABLE);
    }
}
