package dev.connector.internal.session;

import dev.connector.Pooler;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * How the session timeouts reach the server for each pooler, decided once at build time:
 * <ul>
 *   <li>{@code none}: in the startup packet's {@code options}, server-side, no round trip;</li>
 *   <li>{@code pgbouncer-session}: one {@code set_config(..., false)} right after login; PgBouncer runs
 *       {@code server_reset_query} ({@code DISCARD ALL}) when the client leaves, so nothing reaches the next client;</li>
 *   <li>{@code pgbouncer-transaction}: {@code statementTimeout} as a query timeout on every statement (a cancel
 *       request, which PgBouncer forwards); {@code lockTimeout} and {@code idleInTransactionSessionTimeout}
 *       with {@code set_config(..., true)}, i.e. {@code SET LOCAL}, at the start of every explicit transaction;
 *       it ends with the transaction, so it never reaches another client;</li>
 *   <li>{@code rds-proxy}: {@code statementTimeout} as a query timeout; any {@code SET} would pin the session,
 *       so the other two are refused (set them on the role instead).</li>
 * </ul>
 * Behind any pooler {@code application_name} still travels in the startup packet: pgjdbc puts it there only
 * with {@code assumeMinServerVersion} 9.0 or later, which is set unless configured.
 */
public final class SessionSettings {

    /** A timeout's name in the configuration and on the server, and its value in milliseconds (0: not set). */
    public record Timeout(String key, String setting, long millis) {
        boolean isSet() {
            return millis > 0;
        }
    }

    private final Pooler pooler;
    private final List<Timeout> timeouts;
    private final Timeout statementTimeout;

    /** @param timeouts statementTimeout first, then lockTimeout and idleInTransactionSessionTimeout */
    public SessionSettings(Pooler pooler, Timeout statementTimeout, Timeout lockTimeout, Timeout idleInTransaction) {
        this.pooler = pooler;
        this.statementTimeout = statementTimeout;
        this.timeouts = List.of(statementTimeout, lockTimeout, idleInTransaction);
    }

    public Pooler pooler() {
        return pooler;
    }

    /**
     * The setting this pooler cannot honour, with why and what to do instead, or null when every configured
     * setting can be honoured.
     */
    public String refusal(Properties driverProperties) {
        String options = driverProperties.getProperty("options");
        if (pooler.isPooler() && options != null && !options.isBlank()) {
            return "connector.driver.options: a pooler (" + pooler.configValue() + ") refuses options in the startup "
                    + "packet (PgBouncer: unsupported startup parameter: options; RDS Proxy: Feature not supported); "
                    + "set server settings on the role instead (ALTER ROLE ... SET name = value)";
        }
        if (pooler == Pooler.RDS_PROXY) {
            for (Timeout t : timeouts.subList(1, 3)) {
                if (t.isSet()) {
                    return "connector." + t.key() + ": RDS Proxy pins a client to its server connection for the whole "
                            + "session on any SET, and refuses it in the startup packet, so the connector cannot apply "
                            + t.setting() + " there; set it on the role instead (ALTER ROLE <user> SET " + t.setting()
                            + " = '" + t.millis() + "ms'), which the server applies at every login, and remove "
                            + "connector." + t.key();
                }
            }
        }
        return null;
    }

    /** Driver properties for this pooler, added to the user's (which win). */
    public void applyTo(Properties p) {
        if (p.getProperty("assumeMinServerVersion") == null) {
            // application_name (and extra_float_digits) go in the startup packet, not in a SET after login
            p.setProperty("assumeMinServerVersion", "9.0");
        }
        if ((pooler == Pooler.PGBOUNCER_TRANSACTION || pooler == Pooler.RDS_PROXY)
                && p.getProperty("prepareThreshold") == null) {
            // PgBouncer: a named server-side statement would be looked for on a server connection another client
            // now has; RDS Proxy: it would pin the session
            p.setProperty("prepareThreshold", "0");
        }
        if (pooler == Pooler.NONE) {
            StringJoiner options = new StringJoiner(" ");
            String given = p.getProperty("options");
            if (given != null && !given.isBlank()) {
                options.add(given.trim());
            }
            for (Timeout t : timeouts) {
                if (t.isSet()) {
                    options.add("-c " + t.setting() + "=" + t.millis());
                }
            }
            if (options.length() > 0) {
                p.setProperty("options", options.toString());
            }
        }
    }

    /** The statement to run once after each login, or null: session mode only. */
    public String afterLogin() {
        return pooler == Pooler.PGBOUNCER_SESSION ? setConfig(timeouts, false) : null;
    }

    /** The statement that opens each explicit transaction, or null: transaction mode only. */
    public String perTransaction() {
        return pooler == Pooler.PGBOUNCER_TRANSACTION ? setConfig(timeouts.subList(1, 3), true) : null;
    }

    /** The query timeout every statement gets, in milliseconds, or 0: behind a transaction pooler or RDS Proxy. */
    public long clientStatementTimeoutMillis() {
        return pooler == Pooler.PGBOUNCER_TRANSACTION || pooler == Pooler.RDS_PROXY ? statementTimeout.millis() : 0;
    }

    /** Whether connections need the connector's statement hooks (query timeout, per-transaction settings). */
    public boolean needsStatementHooks() {
        return clientStatementTimeoutMillis() > 0 || perTransaction() != null;
    }

    /** How each configured timeout is applied, for the start-up line and the doctor. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Timeout t : timeouts) {
            if (t.isSet()) {
                parts.add(t.key() + " " + how(t));
            }
        }
        return parts.isEmpty() ? "no session timeouts configured" : String.join(", ", parts);
    }

    private String how(Timeout t) {
        switch (pooler) {
            case NONE:
                return "in the startup packet";
            case PGBOUNCER_SESSION:
                return "by set_config after login (reset by PgBouncer's DISCARD ALL)";
            case PGBOUNCER_TRANSACTION:
                return t == statementTimeout ? "per statement by a cancel request"
                        : "by SET LOCAL at the start of each explicit transaction";
            default:
                return "per statement by a cancel request";
        }
    }

    private static String setConfig(List<Timeout> timeouts, boolean local) {
        StringJoiner calls = new StringJoiner(", ", "SELECT ", "");
        calls.setEmptyValue("");
        for (Timeout t : timeouts) {
            if (t.isSet()) {
                calls.add("set_config('" + t.setting() + "', '" + t.millis() + "', " + local + ")");
            }
        }
        String sql = calls.toString();
        return sql.isEmpty() ? null : sql;
    }
}
