package dev.connector.migrations;

import java.sql.SQLException;

/**
 * The start was refused because the schema is behind, failed or drifted ({@link SchemaCheck#requireReady}).
 * SQLState {@code 55000} (object not in prerequisite state).
 */
public final class SchemaNotReadyException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final transient SchemaStatus status;

    SchemaNotReadyException(SchemaStatus status) {
        super("The application's start was refused: " + status.summary() + ". (This check fails the start because "
                + "requireReady is on: " + SchemaCheck.REQUIRE_READY_VARIABLE + "=false would start anyway.)", "55000");
        this.status = status;
    }

    public SchemaStatus status() {
        return status;
    }
}
