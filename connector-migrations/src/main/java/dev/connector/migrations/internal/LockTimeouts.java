package dev.connector.migrations.internal;

import java.sql.SQLException;

/** Reads a migration tool's exception for PostgreSQL's lock timeout, wherever the tool wrapped it. */
public final class LockTimeouts {

    /** lock_not_available: lock_timeout expired, or NOWAIT found the lock taken. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    private LockTimeouts() {
    }

    public static boolean isLockTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException) {
                for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
                    if (LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first SQLState found in the chain, or XX000 (internal error) when none. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return "XX000";
    }

    /** The first line of the failure's message, at most 300 characters. */
    public static String firstLine(Throwable failure) {
        if (failure == null) {
            return "(none)";
        }
        String m = String.valueOf(failure.getMessage()).strip();
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }

    private static Throwable next(Throwable t) {
        Throwable c = t.getCause();
        return c == t ? null : c;
    }
}
