package dev.connector;

import java.sql.SQLException;

/**
 * A statement that changes the schema (or locks a whole table) was refused before it reached the server,
 * because the schema policy forbids it now: in a serverless runtime while the application is starting,
 * or always under {@code connector.schemaPolicy=refuse}. SQLState {@value #SQL_STATE}
 * (object_not_in_prerequisite_state). The message shows the statement, why, and what to do instead.
 */
public final class SchemaChangeRefusedException extends SQLException {

    private static final long serialVersionUID = 1L;

    public static final String SQL_STATE = "55000";

    private final String statement;

    public SchemaChangeRefusedException(String message, String statement) {
        super(message, SQL_STATE);
        this.statement = statement;
    }

    /** The refused statement, at most 80 characters, string literals masked if it mentions a password. */
    public String statement() {
        return statement;
    }
}
