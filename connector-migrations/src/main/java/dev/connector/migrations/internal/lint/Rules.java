package dev.connector.migrations.internal.lint;

import dev.connector.migrations.LockFinding;
import dev.connector.migrations.internal.lint.Statements.Stmt;
import dev.connector.migrations.internal.lint.Statements.Tok;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules, read off PostgreSQL's lock table (AlterTableGetLockLevel and friends in tablecmds.c) and checked
 * against the server by LockLevelsAgreeWithTheServerTest. Each rule names the lock the server takes on the
 * table the statement names.
 */
public final class Rules {

    static final String AX = "ACCESS EXCLUSIVE";
    static final String READS_AND_WRITES = "reads and writes";
    static final String WRITES = "writes";

    /** Functions whose value changes per row: a default using one makes ADD COLUMN rewrite the table. */
    private static final Set<String> VOLATILE = Set.of("RANDOM", "CLOCK_TIMESTAMP", "GEN_RANDOM_UUID", "UUID_GENERATE_V4",
            "UUID_GENERATE_V1", "UUIDV4", "UUIDV7", "NEXTVAL", "TIMEOFDAY", "STATEMENT_TIMESTAMP", "RANDOM_NORMAL",
            "TXID_CURRENT", "SETSEED");
    private static final Set<String> SERIAL = Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2");
    private static final Set<String> BLOCKING_LOCK_MODES = Set.of("SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", AX);

    private Rules() {
    }

    /** The findings of one file's statements, in order. */
    public static List<LockFinding> check(String source, List<Stmt> statements, boolean lockTimeoutFromSession) {
        List<LockFinding> out = new ArrayList<>();
        boolean lockTimeoutSet = lockTimeoutFromSession;
        boolean inTransaction = false;
        boolean reportedNoLockTimeout = false;
        boolean concurrent = false;
        boolean transactional = false;
        Set<String> validated = new java.util.HashSet<>();
        for (Stmt s : statements) {
            String verb = s.at(0);
            if (setsLockTimeout(s)) {
                lockTimeoutSet = true;
                continue;
            }
            if (verb.equals("BEGIN") || (verb.equals("START") && s.at(1).equals("TRANSACTION"))) {
                inTransaction = true;
                continue;
            }
            if (verb.equals("COMMIT") || verb.equals("END") || verb.equals("ROLLBACK") || verb.equals("ABORT")) {
                inTransaction = false;
                continue;
            }
            Finder f = new Finder(source, s, out, validated);
            if (verb.equals("ALTER") && s.has("VALIDATE")) {
                validated.add(tableOf(s)); // a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan
            }
            boolean concurrently = s.has("CONCURRENTLY");
            if (concurrently) {
                concurrent = true;
                if (inTransaction) {
                    f.add("concurrently-in-transaction", tableOf(s), "none", "nothing",
                            "CONCURRENTLY cannot run inside a transaction block: the statement fails, and the "
                                    + "migration with it",
                            "run it on its own, outside BEGIN ... COMMIT (Flyway: a migration file of its own, so "
                                    + "Flyway runs it without a transaction; Liquibase: runInTransaction:false)");
                }
            } else if (!verb.equals("SET") && !verb.equals("SELECT") && !verb.isEmpty()) {
                transactional = true;
            }
            int before = out.size();
            rules(f, s, verb);
            boolean locksATable = out.size() > before || takesATableLock(s, verb);
            if (locksATable && !lockTimeoutSet && !reportedNoLockTimeout) {
                reportedNoLockTimeout = true;
                f.add("no-lock-timeout", tableOf(s), lockOf(s, verb), READS_AND_WRITES,
                        "this file changes a table without setting lock_timeout first: while the statement waits for "
                                + "its lock (behind one long query or open transaction), every other query on the table "
                                + "queues behind it, however brief the lock itself would be",
                        "SET lock_timeout = '3s'; at the top of the file (or run the migrations through "
                                + "connector-migrations' MigrationSession, which sets it on every session and retries)");
            }
        }
        if (concurrent && transactional) {
            out.add(new LockFinding(source, 1, "(the whole file)", "concurrently-mixed-with-transactional", null, "none",
                    "nothing", "this file mixes CONCURRENTLY with statements that need a transaction: Flyway refuses "
                    + "it (or, with mixed=true, runs it in a transaction, where CONCURRENTLY fails)",
                    "put each CONCURRENTLY statement in a migration file of its own"));
        }
        return out;
    }

    private static void rules(Finder f, Stmt s, String verb) {
        switch (verb) {
            case "CREATE" -> {
                int i = 1;
                if (s.at(i).equals("UNIQUE")) {
                    i++;
                }
                if (s.at(i).equals("INDEX") && !s.has("CONCURRENTLY")) {
                    f.add("create-index-without-concurrently", tableOf(s), "SHARE", WRITES,
                            "CREATE INDEX holds a SHARE lock on the table for the whole build: every INSERT, UPDATE "
                                    + "and DELETE waits until the index is built",
                            "CREATE INDEX CONCURRENTLY, outside a transaction block");
                }
            }
            case "ALTER" -> {
                if (s.at(1).equals("TABLE")) {
                    alterTable(f, s);
                }
            }
            case "DROP" -> {
                if (s.at(1).equals("TABLE")) {
                    f.add("drop-table", tableOf(s), AX, READS_AND_WRITES,
                            "the version still running reads and writes this table: its queries fail the moment it is gone",
                            "expand/contract: release a version that no longer uses the table, then drop it in a later migration");
                } else if (s.at(1).equals("INDEX") && !s.has("CONCURRENTLY")) {
                    f.add("drop-index-without-concurrently", tableOf(s), AX, READS_AND_WRITES,
                            "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table",
                            "DROP INDEX CONCURRENTLY, outside a transaction block");
                }
            }
            case "VACUUM" -> {
                if (s.tokens().stream().anyMatch(t -> t.is("FULL"))) { // VACUUM FULL t, or VACUUM (FULL, ...) t
                    f.add("vacuum-full", tableOf(s), AX, READS_AND_WRITES,
                            "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock: nothing reads or writes it until done",
                            "plain VACUUM (no lock that blocks reads or writes), or pg_repack to reclaim space online");
                }
            }
            case "CLUSTER" -> f.add("cluster", tableOf(s), AX, READS_AND_WRITES,
                    "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
                    "pg_repack --order-by, online; or leave the order to the index");
            case "REINDEX" -> {
                if (!s.has("CONCURRENTLY")) {
                    f.add("reindex-without-concurrently", tableOf(s), "SHARE", WRITES,
                            "REINDEX blocks writes to the table (SHARE) and reads through the index being rebuilt "
                                    + "(ACCESS EXCLUSIVE on it) for the whole rebuild",
                            "REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction block");
                }
            }
            case "LOCK" -> {
                String mode = lockMode(s);
                if (BLOCKING_LOCK_MODES.contains(mode)) {
                    f.add("lock-table", tableOf(s), mode, mode.equals(AX) ? READS_AND_WRITES : WRITES,
                            "an explicit " + mode + " lock holds off every " + (mode.equals(AX) ? "query" : "write")
                                    + " on the table until the transaction ends",
                            "no explicit lock: let each statement take the lock it needs, briefly, under lock_timeout");
                }
            }
            default -> {
                // queries, DML and the rest take no lock that blocks other queries for long
            }
        }
    }

    private static void alterTable(Finder f, Stmt s) {
        String table = tableOf(s);
        List<Tok> t = s.tokens();
        for (int i = 0; i < t.size(); i++) {
            Tok tok = t.get(i);
            if (tok.depth() != 0 || tok.word() == null) {
                continue;
            }
            String w = tok.word();
            String next = s.at(i + 1);
            if (w.equals("RENAME") && !next.equals("CONSTRAINT")) {
                f.add("rename", table, AX, READS_AND_WRITES,
                        "the version still running uses the old name: its queries fail as soon as this commits",
                        "expand/contract: add the new column (or a view with the new name), write both, backfill, "
                                + "switch readers, and drop the old one in a later release");
                return;
            }
            if (w.equals("DROP") && i >= 3 && !Set.of("CONSTRAINT", "DEFAULT", "NOT", "EXPRESSION", "IDENTITY", "")
                    .contains(next)) {
                f.add("drop-column", table, AX, READS_AND_WRITES,
                        "the version still running selects or inserts this column: its queries fail as soon as this commits",
                        "expand/contract: release a version that no longer uses the column, then drop it in a later migration");
            }
            if (w.equals("ADD") && !next.equals("CONSTRAINT") && !isConstraintStart(next)) {
                int end = clauseEnd(s, i);
                if (volatileDefault(s, i, end)) {
                    f.add("add-column-volatile-default", table, AX, READS_AND_WRITES,
                            "a default that differs per row (or a serial, a stored generated column) makes PostgreSQL "
                                    + "rewrite the whole table under an ACCESS EXCLUSIVE lock",
                            "ADD COLUMN without that default (a constant default is fine, PostgreSQL 11+), then "
                                    + "ALTER COLUMN ... SET DEFAULT for new rows, and backfill old rows in batches");
                }
            }
            if (w.equals("ADD") && (next.equals("CONSTRAINT") || isConstraintStart(next))) {
                int end = clauseEnd(s, i);
                int kind = i + 1;
                if (s.at(kind).equals("CONSTRAINT")) {
                    kind += 2;
                }
                String k = s.at(kind);
                boolean notValid = has(s, "NOT", i, end) && has(s, "VALID", i, end);
                if (k.equals("FOREIGN") && !notValid) {
                    f.add("add-foreign-key-without-not-valid", table, "SHARE ROW EXCLUSIVE", WRITES,
                            "adding a foreign key checks every row under a SHARE ROW EXCLUSIVE lock on both tables: "
                                    + "writes to either wait for the whole scan",
                            "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then in another transaction "
                                    + "ALTER TABLE ... VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE: reads and writes go on)");
                } else if (k.equals("CHECK") && !notValid) {
                    f.add("add-check-without-not-valid", table, AX, READS_AND_WRITES,
                            "adding a CHECK constraint scans every row under an ACCESS EXCLUSIVE lock",
                            "ADD CONSTRAINT ... CHECK (...) NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT "
                                    + "(SHARE UPDATE EXCLUSIVE: reads and writes go on)");
                } else if ((k.equals("PRIMARY") || k.equals("UNIQUE")) && !has(s, "USING", i, end)) {
                    f.add("add-" + (k.equals("PRIMARY") ? "primary-key" : "unique") + "-without-using-index", table, AX,
                            READS_AND_WRITES, "it builds the index under an ACCESS EXCLUSIVE lock: nothing reads or "
                                    + "writes the table until the index is built",
                            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... "
                                    + (k.equals("PRIMARY") ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX (an instant)");
                }
            }
            if (w.equals("TYPE") && i > 0 && (s.at(i - 1).equals("DATA") || isAfterAlterColumn(s, i))) {
                f.add("alter-column-type", table, AX, READS_AND_WRITES,
                        "changing a column's type rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock, "
                                + "unless the new type is binary-compatible (varchar(n) to text or a longer varchar)",
                        "add a column of the new type, write both, backfill in batches, switch readers, drop the old one");
            }
            if (w.equals("SET") && next.equals("NOT") && s.at(i + 2).equals("NULL") && !f.validated().contains(table)) {
                f.add("set-not-null", table, AX, READS_AND_WRITES,
                        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
                        "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT NULL "
                                + "uses the constraint and skips the scan (PostgreSQL 12+); then DROP CONSTRAINT c");
            }
        }
    }

    private static boolean isAfterAlterColumn(Stmt s, int typeIndex) {
        // ALTER [COLUMN] name [SET DATA] TYPE
        int j = typeIndex - 1; // the column name
        j--;
        if (s.at(j).equals("COLUMN")) {
            j--;
        }
        return s.at(j).equals("ALTER") && j > 1;
    }

    private static boolean isConstraintStart(String word) {
        return word.equals("PRIMARY") || word.equals("UNIQUE") || word.equals("FOREIGN") || word.equals("CHECK")
                || word.equals("EXCLUDE");
    }

    /** Where the ALTER TABLE clause that starts at {@code from} ends: the next comma at depth 0, or the end. */
    private static int clauseEnd(Stmt s, int from) {
        for (int i = from + 1; i < s.tokens().size(); i++) {
            Tok t = s.tokens().get(i);
            if (t.depth() == 0 && t.text().equals(",")) {
                return i;
            }
        }
        return s.tokens().size();
    }

    private static boolean has(Stmt s, String word, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.tokens().get(i).is(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean volatileDefault(Stmt s, int from, int to) {
        boolean inDefault = false;
        for (int i = from; i < to; i++) {
            Tok t = s.tokens().get(i);
            if (t.is("DEFAULT")) {
                inDefault = true;
            } else if (inDefault && t.word() != null && VOLATILE.contains(t.word())) {
                return true;
            } else if (t.word() != null && SERIAL.contains(t.word())) {
                return true;
            } else if (t.is("STORED")) {
                return true;
            }
        }
        return false;
    }

    private static boolean setsLockTimeout(Stmt s) {
        for (Tok t : s.tokens()) {
            if (t.is("LOCK_TIMEOUT") || t.text().toLowerCase(java.util.Locale.ROOT).contains("lock_timeout")) {
                return s.at(0).equals("SET") || s.at(0).equals("SELECT");
            }
        }
        return false;
    }

    /** Statements that lock a table at all, if only for an instant: behind a waiting lock request, queries queue. */
    private static boolean takesATableLock(Stmt s, String verb) {
        return verb.equals("ALTER") || verb.equals("DROP") || verb.equals("TRUNCATE") || verb.equals("LOCK")
                || verb.equals("CLUSTER") || verb.equals("REINDEX") || (verb.equals("VACUUM") && s.tokens().stream().anyMatch(t -> t.is("FULL")))
                || (verb.equals("CREATE") && (s.has("INDEX") || s.has("TRIGGER")) && !s.has("CONCURRENTLY"));
    }

    private static String lockOf(Stmt s, String verb) {
        if (verb.equals("CREATE") || verb.equals("REINDEX")) {
            return "SHARE";
        }
        if (verb.equals("LOCK")) {
            return lockMode(s);
        }
        return AX;
    }

    private static String lockMode(Stmt s) {
        int in = s.indexOf("IN", 1);
        if (in < 0) {
            return AX;
        }
        StringBuilder mode = new StringBuilder();
        for (int i = in + 1; i < s.tokens().size() && !s.at(i).equals("MODE"); i++) {
            mode.append(mode.length() > 0 ? " " : "").append(s.at(i));
        }
        return mode.toString();
    }

    /**
     * The table a statement names: after TABLE [IF EXISTS] [ONLY], ON [ONLY] (an index), or the first name of
     * VACUUM, CLUSTER, LOCK; qualified names kept whole. Null when it names none.
     */
    static String tableOf(Stmt s) {
        String verb = s.at(0);
        int i;
        if (verb.equals("CREATE")) {
            i = s.indexOf("ON", 1) + 1;
            if (i == 0) {
                return null;
            }
        } else if (verb.equals("ALTER") || verb.equals("DROP")) {
            i = 2;
            if (s.at(1).equals("INDEX")) {
                return null; // DROP INDEX names the index, not the table
            }
        } else if (verb.equals("REINDEX")) {
            i = 2;
            if (s.at(1).equals("INDEX")) {
                return null;
            }
        } else {
            i = 1;
            if (s.at(i).equals("TABLE")) {
                i++;
            }
        }
        while (Set.of("IF", "EXISTS", "ONLY", "FULL", "VERBOSE", "ANALYZE", "FREEZE", "CONCURRENTLY", "TABLE").contains(s.at(i))) {
            i++;
        }
        if (i < s.tokens().size() && s.tokens().get(i).text().equals("(")) {
            // VACUUM (FULL) t: skip the option list
            int depth = s.tokens().get(i).depth();
            i++;
            while (i < s.tokens().size() && !(s.tokens().get(i).text().equals(")") && s.tokens().get(i).depth() == depth)) {
                i++;
            }
            i++;
        }
        StringBuilder name = new StringBuilder();
        while (i < s.tokens().size()) {
            Tok t = s.tokens().get(i);
            if (t.kind() != dev.connector.internal.sql.TokenKind.WORD
                    && t.kind() != dev.connector.internal.sql.TokenKind.QUOTED_IDENTIFIER) {
                break;
            }
            name.append(t.text());
            if (i + 1 < s.tokens().size() && s.tokens().get(i + 1).text().equals(".")) {
                name.append('.');
                i += 2;
            } else {
                break;
            }
        }
        return name.length() == 0 ? null : name.toString();
    }

    /** Adds findings for one statement. */
    private record Finder(String source, Stmt s, List<LockFinding> out, Set<String> validated) {
        void add(String rule, String table, String lock, String blocks, String why, String instead) {
            String text = s.text().strip().replaceAll("\\s+", " ");
            if (text.length() > 120) {
                text = text.substring(0, 117) + "...";
            }
            out.add(new LockFinding(source, s.line(), text, rule, table, lock, blocks, why, instead));
        }
    }
}
