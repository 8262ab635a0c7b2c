package dev.connector;

import dev.connector.internal.diagnose.FailureClassifier;

/**
 * What went wrong when a connection could not be had, in the terms of an operator's runbook. Each kind
 * says whether retrying can help, and has an exit code for the doctor command.
 */
public enum FailureKind {
    DNS_FAILURE("the host name does not resolve", false, 10),
    CONNECTION_REFUSED("the connection was refused", true, 11),
    CONNECT_TIMEOUT("the server did not answer in time", true, 12),
    SSL_NOT_SUPPORTED("the server does not support SSL", false, 13),
    CERTIFICATE_REJECTED("the server's certificate was rejected", false, 14),
    NO_PG_HBA_ENTRY("pg_hba.conf does not allow this connection", false, 15),
    AUTHENTICATION_FAILED("authentication failed", false, 16),
    ROLE_DOES_NOT_EXIST("the role does not exist", false, 17),
    DATABASE_DOES_NOT_EXIST("the database does not exist", false, 18),
    TOO_MANY_CONNECTIONS("the server has no free connection slot", true, 19),
    SERVER_STARTING_UP("the server is starting up or not yet accepting connections", true, 20),
    SERVER_SHUTTING_DOWN("the server is shutting down", true, 21),
    READ_ONLY_SERVER("a write was refused by a read-only server or session", false, 22),
    POOL_EXHAUSTED("every pooled connection stayed borrowed for the whole acquire timeout", false, 23),
    DEADLINE_EXCEEDED("the invocation's deadline passed", false, 24),
    CONNECTION_LOST("the connection was reset or closed by the other side", true, 25),
    MISSING_PASSWORD("the server asks for a password and none was given", false, 26),
    STATEMENT_FAILED("a statement failed; the connection itself is fine", false, 27),
    POOLER_UNSUPPORTED_PARAMETER("the pooler refused a startup parameter it does not support", false, 28),
    POOLER_CLIENT_LIMIT("the pooler accepts no more clients (max_client_conn)", true, 29),
    POOLER_WAIT_TIMEOUT("no server connection came free in the pooler in time (query_wait_timeout)", true, 30),
    POOLER_SERVER_UNAVAILABLE("the pooler cannot connect or log in to the server behind it", true, 31),
    UNKNOWN("the connection failed", false, 1);

    private final String summary;
    private final boolean transientFailure;
    private final int exitCode;

    FailureKind(String summary, boolean transientFailure, int exitCode) {
        this.summary = summary;
        this.transientFailure = transientFailure;
        this.exitCode = exitCode;
    }

    /** One line: "the connection was refused". */
    public String summary() {
        return summary;
    }

    /** Whether waiting and trying again can help: the connector retries these within its deadline. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The doctor command's exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The kind of any exception from pgjdbc, HikariCP or the connector: by SQLState, the server's error
     * routine and the Java exception types in the cause chain. Use it at statement time too, for example to
     * recognise {@link #READ_ONLY_SERVER}.
     */
    public static FailureKind of(Throwable failure) {
        return FailureClassifier.classify(failure);
    }
}
