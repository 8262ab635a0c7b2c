package dev.connector;

import dev.connector.internal.diagnose.FailureClassifier;

/**
 * What went wrong when a connection could not be had, in the terms of an operator's runbook. Each kind
 * says whether retrying can help; the doctor command maps each to an exit code of its own.
 */
public enum FailureKind {
    DNS_FAILURE("the host name does not resolve", false),
    CONNECTION_REFUSED("the connection was refused", true),
    CONNECT_TIMEOUT("the server did not answer in time", true),
    SSL_NOT_SUPPORTED("the server does not support SSL", false),
    CERTIFICATE_REJECTED("the server's certificate was rejected", false),
    NO_PG_HBA_ENTRY("pg_hba.conf does not allow this connection", false),
    AUTHENTICATION_FAILED("authentication failed", false),
    ROLE_DOES_NOT_EXIST("the role does not exist", false),
    DATABASE_DOES_NOT_EXIST("the database does not exist", false),
    TOO_MANY_CONNECTIONS("the server has no free connection slot", true),
    SERVER_STARTING_UP("the server is starting up or not yet accepting connections", true),
    SERVER_SHUTTING_DOWN("the server is shutting down", true),
    READ_ONLY_SERVER("a write was refused by a read-only server or session", false),
    POOL_EXHAUSTED("every pooled connection stayed borrowed for the whole acquire timeout", false),
    DEADLINE_EXCEEDED("the invocation's deadline passed", false),
    CONNECTION_LOST("the connection was reset or closed by the other side", true),
    MISSING_PASSWORD("the server asks for a password and none was given", false),
    STATEMENT_FAILED("a statement failed; the connection itself is fine", false),
    POOLER_UNSUPPORTED_PARAMETER("the pooler refused a startup parameter it does not support", false),
    POOLER_CLIENT_LIMIT("the pooler accepts no more clients (max_client_conn)", true),
    POOLER_WAIT_TIMEOUT("no server connection came free in the pooler in time (query_wait_timeout)", true),
    POOLER_SERVER_UNAVAILABLE("the pooler cannot connect or log in to the server behind it", true),
    UNKNOWN("the connection failed", false);

    private final String summary;
    private final boolean transientFailure;

    FailureKind(String summary, boolean transientFailure) {
        this.summary = summary;
        this.transientFailure = transientFailure;
    }

    /** One line: "the connection was refused". */
    public String summary() {
        return summary;
    }

    /** Whether waiting and trying again can help: the connector retries these within its deadline. */
    public boolean isTransient() {
        return transientFailure;
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
