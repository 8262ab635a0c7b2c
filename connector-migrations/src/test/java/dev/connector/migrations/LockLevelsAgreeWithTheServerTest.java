package dev.connector.migrations;

import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A differential test: for each rule, the statement runs on a real table, and the lock PostgreSQL takes on it
 * (read from pg_locks) must be the one the linter claims. Statements that can run in a transaction run inside
 * an open one and the session's own granted locks are read; VACUUM and the CONCURRENTLY forms, which cannot,
 * are sent while another session holds SHARE UPDATE EXCLUSIVE on the table, and the mode of their waiting
 * request is read.
 */
class LockLevelsAgreeWithTheServerTest {

    private static final String S = Fixtures.uniqueSchema();
    private static PostgresServer server;

    @BeforeAll
    static void tables() throws SQLException {
        server = TestDatabase.shared();
        Fixtures.exec(server, "CREATE SCHEMA " + S,
                "CREATE TABLE " + S + ".p (id bigint PRIMARY KEY)",
                "INSERT INTO " + S + ".p SELECT g FROM generate_series(1, 50) g",
                "CREATE TABLE " + S + ".t (id bigint PRIMARY KEY, a int, b text, p_id bigint, c int NOT NULL DEFAULT 0)",
                "INSERT INTO " + S + ".t SELECT g, g, 'x' || g, 1 + g % 50, g FROM generate_series(1, 200) g",
                "CREATE INDEX t_a ON " + S + ".t (a)",
                "CREATE UNIQUE INDEX t_b_u ON " + S + ".t (b)");
    }

    /** rule, statement, the table to read the lock of, and whether it can run in a transaction block. */
    static Stream<Arguments> risky() {
        String t = S + ".t";
        return Stream.of(
                Arguments.of("create-index-without-concurrently", "CREATE INDEX t_c ON " + t + " (c)", t, true),
                Arguments.of("create-index-without-concurrently", "CREATE UNIQUE INDEX t_c ON " + t + " (id, c)", t, true),
                Arguments.of("add-column-volatile-default", "ALTER TABLE " + t + " ADD COLUMN r float8 DEFAULT random()", t, true),
                Arguments.of("add-column-volatile-default", "ALTER TABLE " + t + " ADD COLUMN u uuid DEFAULT gen_random_uuid()", t, true),
                Arguments.of("add-column-volatile-default", "ALTER TABLE " + t + " ADD COLUMN n bigserial", t, true),
                Arguments.of("alter-column-type", "ALTER TABLE " + t + " ALTER COLUMN a TYPE bigint", t, true),
                Arguments.of("alter-column-type", "ALTER TABLE " + t + " ALTER a SET DATA TYPE numeric", t, true),
                Arguments.of("set-not-null", "ALTER TABLE " + t + " ALTER COLUMN a SET NOT NULL", t, true),
                Arguments.of("add-foreign-key-without-not-valid", "ALTER TABLE " + t
                        + " ADD CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES " + S + ".p (id)", t, true),
                Arguments.of("add-foreign-key-without-not-valid", "ALTER TABLE " + t
                        + " ADD CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES " + S + ".p (id)", S + ".p", true),
                Arguments.of("add-check-without-not-valid", "ALTER TABLE " + t + " ADD CONSTRAINT t_c_pos CHECK (c >= 0)", t, true),
                Arguments.of("add-primary-key-without-using-index", "ALTER TABLE " + S + ".p DROP CONSTRAINT p_pkey, "
                        + "ADD PRIMARY KEY (id)", S + ".p", true),
                Arguments.of("add-unique-without-using-index", "ALTER TABLE " + t + " ADD CONSTRAINT t_c_u UNIQUE (id, c)", t, true),
                Arguments.of("vacuum-full", "VACUUM FULL " + t, t, false),
                Arguments.of("vacuum-full", "VACUUM (FULL, ANALYZE) " + t, t, false),
                Arguments.of("cluster", "CLUSTER " + t + " USING t_a", t, true),
                Arguments.of("reindex-without-concurrently", "REINDEX TABLE " + t, t, true),
                Arguments.of("lock-table", "LOCK TABLE " + t, t, true),
                Arguments.of("lock-table", "LOCK " + t + " IN SHARE MODE", t, true),
                Arguments.of("lock-table", "LOCK TABLE " + t + " IN EXCLUSIVE MODE", t, true),
                Arguments.of("rename", "ALTER TABLE " + t + " RENAME COLUMN b TO title", t, true),
                Arguments.of("rename", "ALTER TABLE " + t + " RENAME TO t2", t, true),
                Arguments.of("drop-column", "ALTER TABLE " + t + " DROP COLUMN b", t, true),
                Arguments.of("drop-column", "ALTER TABLE " + t + " DROP a", t, true),
                Arguments.of("drop-table", "DROP TABLE " + t, t, true),
                Arguments.of("drop-index-without-concurrently", "DROP INDEX " + S + ".t_a", t, true));
    }

    @ParameterizedTest(name = "{0}: {1} locks {2}")
    @MethodSource("risky")
    void theLockTheLinterClaimsIsTheLockPostgresqlTakes(String rule, String sql, String table, boolean inTransaction)
            throws Exception {
        // Given the linter's claim for the statement
        List<LockFinding> findings = LockLinter.create().lockTimeoutFromSession(true).lint("case.sql", sql + ";");
        assertThat(findings).extracting(LockFinding::rule).containsExactly(rule);
        LockFinding claim = findings.get(0);
        // When the server runs it, Then the lock it takes on the table is the claimed one, and it blocks reads or writes
        String taken = inTransaction ? strongestHeldInTransaction(sql, table) : requestedWhileWaiting(sql, table);
        assertThat(taken).as("the lock PostgreSQL took on " + table).isEqualTo(serverName(claim.lockMode()));
        assertThat(claim.blocks()).isEqualTo(taken.equals("AccessExclusiveLock") ? "reads and writes" : "writes");
        if (claim.table() != null) {
            assertThat(claim.table()).isIn(table, S + ".t"); // a foreign key locks both tables; the claim names the altered one
        }
    }

    /** The safe forms: no finding, and PostgreSQL takes a lock that lets reads and writes go on. */
    static Stream<Arguments> safe() {
        String t = S + ".t";
        return Stream.of(
                Arguments.of("CREATE INDEX CONCURRENTLY t_c ON " + t + " (c)", t, false),
                Arguments.of("REINDEX TABLE CONCURRENTLY " + t, t, false),
                Arguments.of("DROP INDEX CONCURRENTLY " + S + ".t_a", t, false),
                Arguments.of("VACUUM " + t, t, false),
                Arguments.of("ALTER TABLE " + t + " VALIDATE CONSTRAINT t_c_ok", t, true),
                Arguments.of("LOCK TABLE " + t + " IN ROW EXCLUSIVE MODE", t, true),
                Arguments.of("LOCK TABLE " + t + " IN SHARE UPDATE EXCLUSIVE MODE", t, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safe")
    void theSafeFormsAreNotReportedAndLetReadsAndWritesGoOn(String sql, String table, boolean inTransaction) throws Exception {
        assertThat(LockLinter.create().lockTimeoutFromSession(true).lint("case.sql", sql + ";")).isEmpty();
        String prepare = sql.contains("t_c_ok") ? "ALTER TABLE " + table + " ADD CONSTRAINT t_c_ok CHECK (c >= 0) NOT VALID" : null;
        String taken = inTransaction ? strongestHeldInTransaction(prepare, sql, table) : requestedWhileWaiting(sql, table);
        assertThat(taken).isIn("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock");
    }

    @org.junit.jupiter.api.Test
    void concurrentlyInsideATransactionBlockIsRefusedByTheServerAsTheLinterSays() throws Exception {
        String sql = "BEGIN;\nCREATE INDEX CONCURRENTLY t_c ON " + S + ".t (c);\nCOMMIT;";
        assertThat(LockLinter.create().lockTimeoutFromSession(true).lint("case.sql", sql))
                .extracting(LockFinding::rule, LockFinding::lockMode, LockFinding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("concurrently-in-transaction", "none", 2));
        try (Connection c = Fixtures.app(server, "lock-check")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("CREATE INDEX CONCURRENTLY t_c ON " + S + ".t (c)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25001"));
            }
            c.rollback();
        }
    }

    private static String strongestHeldInTransaction(String sql, String table) throws SQLException {
        return strongestHeldInTransaction(null, sql, table);
    }

    private static String strongestHeldInTransaction(String prepare, String sql, String table) throws SQLException {
        try (Connection c = Fixtures.app(server, "lock-check")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (prepare != null) {
                    s.execute(prepare);
                    c.commit();
                }
                long oid = oid(s, table);
                s.execute(sql);
                try (ResultSet rs = s.executeQuery("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                        + "AND locktype = 'relation' AND relation = " + oid)) {
                    String strongest = null;
                    while (rs.next()) {
                        if (strongest == null || rank(rs.getString(1)) > rank(strongest)) {
                            strongest = rs.getString(1);
                        }
                    }
                    return strongest;
                }
            } finally {
                c.rollback();
                if (prepare != null) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS t_c_ok");
                        c.commit();
                    }
                }
            }
        }
    }

    /** For statements that cannot run in a transaction: the mode they ask for while another session holds the table. */
    private static String requestedWhileWaiting(String sql, String table) throws Exception {
        try (Connection holder = Fixtures.app(server, "lock-holder"); Connection runner = Fixtures.app(server, "lock-runner");
             Connection observer = Fixtures.app(server, "lock-observer"); Statement o = observer.createStatement()) {
            holder.setAutoCommit(false);
            try (Statement h = holder.createStatement()) {
                // SHARE UPDATE EXCLUSIVE: each statement here asks for that or more, and VACUUM's brief ACCESS SHARE
                // to look the table up passes, so the waiting request is the statement's real lock
                h.execute("LOCK TABLE " + table + " IN SHARE UPDATE EXCLUSIVE MODE");
            }
            int pid;
            try (Statement r = runner.createStatement(); ResultSet rs = r.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            long oid = oid(o, table);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try (Statement r = runner.createStatement()) {
                    r.execute(sql);
                } catch (SQLException expected) {
                    // cancelled below
                }
            });
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = o.executeQuery("SELECT mode FROM pg_locks WHERE pid = " + pid
                            + " AND NOT granted AND locktype = 'relation' AND relation = " + oid)) {
                        if (rs.next()) {
                            return rs.getString(1);
                        }
                    }
                    Thread.sleep(10);
                }
                throw new AssertionError(sql + " never waited for a lock on " + table);
            } finally {
                o.execute("SELECT pg_cancel_backend(" + pid + ")");
                holder.rollback();
                running.get();
            }
        }
    }

    private static long oid(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT '" + table + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final List<String> MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private static int rank(String mode) {
        return MODES.indexOf(mode);
    }

    /** "SHARE ROW EXCLUSIVE" as pg_locks writes it: ShareRowExclusiveLock. */
    static String serverName(String mode) {
        StringBuilder b = new StringBuilder();
        for (String w : mode.toLowerCase(Locale.ROOT).split(" ")) {
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.append("Lock").toString();
    }

}
