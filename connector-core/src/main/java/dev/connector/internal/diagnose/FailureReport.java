package dev.connector.internal.diagnose;

import dev.connector.ConnectionFailedException;
import dev.connector.FailureKind;
import dev.connector.internal.config.Redaction;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a failure into the message an experienced operator would write: what was attempted, against which
 * target, the likely cause and the next thing to check. Only ever on the failure path.
 */
public final class FailureReport {

    /** The non-secret facts about the target that messages show. */
    public record Target(String host, int port, String database, String user, String sslMode,
                         String applicationName, Duration connectTimeout) {
    }

    private final Target target;
    private final Exceptions exceptions;

    public FailureReport(Target target, Exceptions exceptions) {
        this.target = target;
        this.exceptions = exceptions;
    }

    public Exceptions exceptions() {
        return exceptions;
    }

    public Target target() {
        return target;
    }

    /** An explained exception for a failed connection attempt. */
    public ConnectionFailedException explain(Throwable failure, int attempts, Duration elapsed) {
        return explain(FailureClassifier.classify(failure), failure, false, attempts, elapsed);
    }

    /**
     * An explained exception for a failure while a statement ran on an open connection: a statement the server
     * refused ({@link FailureKind#STATEMENT_FAILED}, such as a division by zero), a write refused by a replica,
     * or the connection failing under the statement (lost, timed out, ended by the server).
     */
    public ConnectionFailedException explainStatement(Throwable failure) {
        FailureKind kind = FailureClassifier.classify(failure);
        if (kind == FailureKind.UNKNOWN && FailureClassifier.isStatementError(failure)) {
            kind = FailureKind.STATEMENT_FAILED;
        }
        return explain(kind, failure, true, 1, null);
    }

    /** Under the explained exception of a pool that could not hand out a connection: the same words, another headline. */
    public ConnectionFailedException explain(FailureKind kind, Throwable failure, String headline) {
        ConnectionFailedException e = explain(kind, failure, false, 1, null);
        return exceptions.connectionFailed(headline + "\n  " + e.getMessage(), e.getSQLState(), kind, 1,
                e.likelyCause(), e.nextStep(), failure);
    }

    private ConnectionFailedException explain(FailureKind kind, Throwable failure, boolean statement, int attempts,
                                              Duration elapsed) {
        String driverSaid = driverMessage(failure);
        StringBuilder m = new StringBuilder();
        if (kind == FailureKind.READ_ONLY_SERVER) {
            m.append("A write was refused: ").append(kind.summary()).append('.');
        } else if (kind == FailureKind.STATEMENT_FAILED) {
            m.append("A statement failed: the server refused it (SQLState ").append(sqlState(failure)).append(").");
        } else if (statement) {
            m.append("A statement failed because its connection did: ").append(kind.summary()).append('.');
        } else {
            m.append("Could not connect to PostgreSQL: ").append(kind.summary()).append('.');
        }
        m.append(statement ? "\n  Attempted: run a statement as user \"" : "\n  Attempted: log in as user \"")
                .append(target.user()).append(statement ? "\" on database \"" : "\" to database \"")
                .append(target.database()).append("\" at ").append(target.host()).append(':').append(target.port())
                .append(" (").append(addresses(target.host())).append("), sslmode ").append(target.sslMode())
                .append(", application ").append(target.applicationName());
        if (attempts > 1 && elapsed != null) {
            m.append(", ").append(attempts).append(" attempts over ").append(seconds(elapsed));
        }
        m.append('.');
        String cause = Runbook.cause(kind, target, driverSaid);
        String next = Runbook.next(kind, target, driverSaid);
        m.append("\n  Likely cause: ").append(cause);
        m.append("\n  Next: ").append(next);
        if (!driverSaid.isEmpty()) {
            m.append("\n  The driver said: ").append(driverSaid);
        }
        return exceptions.connectionFailed(m.toString(), sqlState(failure), kind, attempts, cause, next, failure);
    }

    /** Where the name leads, resolved now: only on the failure path, and only from the JVM's cache or DNS. */
    static String addresses(String host) {
        try {
            return "resolves to " + Arrays.stream(InetAddress.getAllByName(host))
                    .map(InetAddress::getHostAddress).distinct().collect(Collectors.joining(", "));
        } catch (UnknownHostException | SecurityException e) {
            return "does not resolve";
        }
    }

    /** What the driver said, from the cause chain, secrets masked; empty when nothing. */
    public static String driverMessage(Throwable failure) {
        for (Throwable t : FailureClassifier.chain(failure)) {
            if (t instanceof SQLException && t.getMessage() != null && !(t instanceof ConnectionFailedException)) {
                return Redaction.url(t.getMessage().replace('\n', ' ').trim());
            }
        }
        return failure.getMessage() == null ? "" : Redaction.url(failure.getMessage());
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t : FailureClassifier.chain(failure)) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return "08001"; // sqlclient_unable_to_establish_sqlconnection
    }

    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
