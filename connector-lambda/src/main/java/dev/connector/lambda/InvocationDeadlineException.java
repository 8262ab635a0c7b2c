package dev.connector.lambda;

import java.sql.SQLException;

/**
 * Database work was cut short at the invocation's deadline: the server cancelled the statement
 * ({@code statement_timeout}) or the socket gave up, before Lambda would have ended the environment.
 * SQLState {@code 57014} (query_canceled); the cause is the driver's exception. Nothing is left running on
 * the server.
 */
public final class InvocationDeadlineException extends SQLException {

    private static final long serialVersionUID = 1L;

    public InvocationDeadlineException(String message, Throwable cause) {
        super(message, "57014", cause);
    }
}
