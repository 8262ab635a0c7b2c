package dev.connector.internal.diagnose;

import dev.connector.ConnectionFailedException;
import dev.connector.FailureKind;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one place that maps driver, pool and network exceptions to a {@link FailureKind}. The server's
 * SQLState decides first (it does not depend on the server's language); within a SQLState the server's
 * error routine or, failing that, its English message; then the Java exception types of the network layer.
 */
public final class FailureClassifier {

    /** query_canceled: what the connector reports when an invocation's deadline cuts work short. */
    public static final String DEADLINE_SQL_STATE = "57014";

    private FailureClassifier() {
    }

    public static FailureKind classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof ConnectionFailedException) {
                return ((ConnectionFailedException) t).kind();
            }
            if (t instanceof SQLException && DEADLINE_SQL_STATE.equals(((SQLException) t).getSQLState())
                    && String.valueOf(t.getMessage()).contains("deadline")) {
                return FailureKind.DEADLINE_EXCEEDED;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof PSQLException && ((PSQLException) t).getServerErrorMessage() != null) {
                ServerErrorMessage server = ((PSQLException) t).getServerErrorMessage();
                FailureKind kind = fromServer(((PSQLException) t).getSQLState(), server.getMessage(), server.getRoutine());
                if (kind != null) {
                    return kind;
                }
            }
        }
        for (Throwable t : chain) {
            FailureKind kind = fromJava(t);
            if (kind != null) {
                return kind;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SQLException) {
                FailureKind kind = fromServer(((SQLException) t).getSQLState(), t.getMessage(), null);
                if (kind != null) {
                    return kind;
                }
            }
        }
        if (failure instanceof SQLTransientConnectionException
                && String.valueOf(failure.getMessage()).contains("Connection is not available")) {
            return FailureKind.POOL_EXHAUSTED; // HikariCP timed out with no connection failure behind it
        }
        return FailureKind.UNKNOWN;
    }

    private static FailureKind fromServer(String sqlState, String message, String routine) {
        if (sqlState == null) {
            return null;
        }
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        FailureKind pooler = fromPooler(text);
        if (pooler != null) {
            return pooler;
        }
        switch (sqlState) {
            case "28P01": // invalid_password
                return FailureKind.AUTHENTICATION_FAILED;
            case "28000": // invalid_authorization_specification: pg_hba, a missing role, or another auth failure
                if ("ClientAuthentication".equals(routine) || text.contains("pg_hba.conf")) {
                    return FailureKind.NO_PG_HBA_ENTRY;
                }
                if ("InitializeSessionUserId".equals(routine) || (text.contains("role") && text.contains("does not exist"))) {
                    return FailureKind.ROLE_DOES_NOT_EXIST;
                }
                return FailureKind.AUTHENTICATION_FAILED;
            case "3D000": // invalid_catalog_name
                return FailureKind.DATABASE_DOES_NOT_EXIST;
            case "53300": // too_many_connections: server-wide, per role or per database
                return FailureKind.TOO_MANY_CONNECTIONS;
            case "57P03": // cannot_connect_now: starting up, in recovery, or shutting down
                return text.contains("shutting down") ? FailureKind.SERVER_SHUTTING_DOWN : FailureKind.SERVER_STARTING_UP;
            case "57P01": // admin_shutdown
            case "57P02": // crash_shutdown
                return FailureKind.SERVER_SHUTTING_DOWN;
            case "25006": // read_only_sql_transaction
                return FailureKind.READ_ONLY_SERVER;
            case "08004": // sqlserver_rejected_establishment_of_sqlconnection: pgjdbc's "does not support SSL",
                          // or "The server requested SCRAM-based authentication, but no password was provided."
                if (text.contains("no password was provided")) {
                    return FailureKind.MISSING_PASSWORD;
                }
                return text.contains("ssl") ? FailureKind.SSL_NOT_SUPPORTED : null;
            default:
                return null;
        }
    }

    /**
     * The poolers' own errors. PgBouncer sends them all with SQLState 08P01 (protocol_violation), so its
     * English texts decide; each is a phrase PostgreSQL itself never uses.
     */
    private static FailureKind fromPooler(String text) {
        if (text.contains("unsupported startup parameter")) { // PgBouncer: a parameter it does not track
            return FailureKind.POOLER_UNSUPPORTED_PARAMETER;
        }
        if (text.contains("rds proxy") && text.contains("feature not supported")) { // RDS Proxy: options and others
            return FailureKind.POOLER_UNSUPPORTED_PARAMETER;
        }
        if (text.contains("no more connections allowed")) { // PgBouncer: max_client_conn (or max_db_connections)
            return FailureKind.POOLER_CLIENT_LIMIT;
        }
        if (text.contains("query_wait_timeout")) { // PgBouncer: waited for a server connection too long
            return FailureKind.POOLER_WAIT_TIMEOUT;
        }
        if (text.contains("pgbouncer cannot connect to server") // PgBouncer: the server refused or is down
                || text.contains("server login has been failing")) { // PgBouncer: server_login_retry
            return FailureKind.POOLER_SERVER_UNAVAILABLE;
        }
        return null;
    }

    private static FailureKind fromJava(Throwable t) {
        if (lostConnection(t)) {
            return FailureKind.CONNECTION_LOST;
        }
        if (t instanceof UnknownHostException) {
            return FailureKind.DNS_FAILURE;
        }
        if (t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
            return FailureKind.CONNECT_TIMEOUT;
        }
        if (t instanceof ConnectException) {
            return String.valueOf(t.getMessage()).contains("timed out")
                    ? FailureKind.CONNECT_TIMEOUT : FailureKind.CONNECTION_REFUSED;
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                || t instanceof CertificateException) {
            return FailureKind.CERTIFICATE_REJECTED;
        }
        if (t instanceof PSQLException && String.valueOf(t.getMessage()).contains("could not be verified")) {
            return FailureKind.CERTIFICATE_REJECTED; // pgjdbc's host name check under verify-full
        }
        return null;
    }

    /**
     * Whether the server answered a statement with an error of its own (a SQLState outside class 08, connection
     * exception): the statement failed, not the connection.
     */
    public static boolean isStatementError(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof PSQLException && ((PSQLException) t).getServerErrorMessage() != null) {
                String state = ((PSQLException) t).getSQLState();
                return state != null && !state.startsWith("08");
            }
        }
        return false;
    }

    /**
     * The other side reset or closed the connection: what a client sees while a server restarts (a backend
     * ending mid-login, a postmaster closing its socket) or when a proxy or load balancer drops the connection.
     */
    private static boolean lostConnection(Throwable t) {
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (t instanceof EOFException) {
            return true; // the server closed the connection: pgjdbc's "Premature end of input stream" and kin
        }
        if (t instanceof SSLHandshakeException) {
            return message.contains("remote host terminated") || t.getCause() instanceof EOFException;
        }
        return t instanceof SocketException && !(t instanceof ConnectException) && !(t instanceof NoRouteToHostException)
                && (message.contains("connection reset") || message.contains("broken pipe"));
    }

    /** The exception, its causes and SQLException's next exceptions, each once. */
    static List<Throwable> chain(Throwable failure) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> todo = new ArrayList<>();
        todo.add(failure);
        while (!todo.isEmpty() && out.size() < 32) {
            Throwable t = todo.remove(0);
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            out.add(t);
            todo.add(t.getCause());
            if (t instanceof SQLException) {
                todo.add(((SQLException) t).getNextException());
            }
        }
        return out;
    }
}
