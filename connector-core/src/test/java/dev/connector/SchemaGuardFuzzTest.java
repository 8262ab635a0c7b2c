package dev.connector;

import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential fuzzing of the schema guard with the server as the oracle. A seeded generator mutates DDL and
 * non-DDL templates (comments of every kind, whitespace including {@code \r \f \v}, case, quotes and dollar
 * tags, several statements, CTEs, PREPARE/EXECUTE in one call or two, standard_conforming_strings, long
 * inputs) and sends each through a DataSource under {@code schemaPolicy=refuse}, as a superuser in a scratch
 * database of a private server, so that any DDL that gets through really runs. What the server ran is recorded
 * by event triggers ({@code ddl_command_end}, {@code sql_drop}: notices, which a rollback does not take back)
 * and, for what event triggers do not see (roles, databases, ALTER SYSTEM, role settings, a table rewritten by
 * TRUNCATE or VACUUM FULL, EXPLAIN ANALYZE SELECT INTO), by a fingerprint of the catalogs before and after.
 *
 * <p>A bypass (allowed, and the server ran non-temporary DDL) fails the test; refusals of non-DDL inputs are
 * counted and must stay under 1%; every call must end within its bound and throw nothing but the refusal or
 * an error from the driver or server. Options: {@code -Dguard.fuzz.seed=...} and {@code -Dguard.fuzz.count=...}
 * (CI runs 2,000 inputs with a fixed seed, in well under a minute).
 */
class SchemaGuardFuzzTest {

    private static final long SEED = Long.getLong("guard.fuzz.seed", 20261123L);
    private static final int COUNT = Integer.getInteger("guard.fuzz.count", 2_000);
    private static final Duration CALL_BOUND = Duration.ofSeconds(15);
    private static final String DATABASE = "guard_fuzz";

    /** DDL: each would run on the server if the guard let it through. {t} a fresh name, {p} a prepared name. */
    private static final String[] DDL = {
            "CREATE TABLE {t} ( a int )",
            "CREATE UNLOGGED TABLE {t} ( a int )",
            "CREATE TABLE {t} AS SELECT 1 AS a",
            "SELECT 1 AS a INTO {t}",
            "SELECT 1 AS a INTO TABLE {t}",
            "SELECT 1 AS a INTO UNLOGGED {t}",
            "SELECT 1 AS a INTO temp ; DROP TABLE temp",
            "WITH insert AS ( SELECT 1 AS a ) SELECT a INTO {t} FROM insert",
            "WITH update AS ( SELECT 1 AS a ) SELECT a INTO {t} FROM update",
            "WITH delete AS ( SELECT 1 AS a ) SELECT a INTO {t} FROM delete",
            "WITH merge AS ( SELECT 1 AS a ) SELECT a INTO {t} FROM merge",
            "WITH RECURSIVE insert ( a ) AS ( SELECT 1 ) SELECT a INTO {t} FROM insert",
            "( SELECT 1 AS a INTO {t} )",
            "SELECT insert INTO {t} FROM ( SELECT 1 AS insert ) x",
            "EXPLAIN ANALYZE SELECT 1 AS a INTO {t}",
            "EXPLAIN ( ANALYZE ) CREATE TABLE {t} AS SELECT 1 AS a",
            "PREPARE {p} AS SELECT 1 AS a INTO {t} ; EXECUTE {p}",
            "PREPARE {p} AS SELECT 1 AS a INTO {t} ; EXPLAIN ANALYZE EXECUTE {p}",
            "PREPARE {p} AS WITH insert AS ( SELECT 1 AS a ) SELECT a INTO {t} FROM insert ; EXECUTE {p}",
            "CREATE INDEX {t} ON fz_base ( a )",
            "CREATE VIEW {t} AS SELECT 1 AS a",
            "CREATE SEQUENCE {t}",
            "CREATE SCHEMA {t}",
            "CREATE FUNCTION {t} ( ) RETURNS int LANGUAGE sql AS $$select·1$$",
            "CREATE TYPE {t} AS ENUM ( 'a' )",
            "CREATE MATERIALIZED VIEW {t} AS SELECT 1 AS a",
            "ALTER TABLE fz_base ADD COLUMN {t} int",
            "COMMENT ON TABLE fz_base IS '{t}'",
            "GRANT SELECT ON fz_base TO PUBLIC",
            "REVOKE SELECT ON fz_base FROM fz_role",
            "DO $$begin·execute·'create·table·{t}·(a·int)';·end$$",
            "DO $x$begin·execute·$y$create·table·{t}·(a·int)$y$;·end$x$",
            "TRUNCATE fz_base",
            "VACUUM FULL fz_base",
            "VACUUM ( FULL ) fz_base",
            "VACUUM ( ANALYZE , FULL true ) fz_base",
            "CLUSTER fz_base USING fz_base_a",
            "REINDEX TABLE fz_base",
            "REFRESH MATERIALIZED VIEW fz_mv",
            "CREATE ROLE {t}",
            "ALTER ROLE fz_role CONNECTION LIMIT {n}",
            "ALTER ROLE fz_role SET work_mem = '{n}kB'",
            "CREATE DATABASE {t}",
            "ALTER SYSTEM SET work_mem = '{n}kB'",
            "CREATE TABLE {t} ( a int ) ; DROP TABLE {t}",
            "SELECT 'a\\'' ; CREATE TABLE {t} ( a int ) ; -- '",
            "SET standard_conforming_strings = off ; SELECT 'a\\'' ; CREATE TABLE {t} ( a int ) ; -- '",
            "SELECT 'x'\n'y' ; CREATE TABLE {t} ( a int )",
            "/* x /* y */ ; */ CREATE TABLE {t} ( a int )",
            "-- migrate\rCREATE TABLE {t} ( a int )",
            "SELECT {fn now ( ) } ; CREATE TABLE {t} ( a int )",
    };

    /** Not DDL: the guard must let each through (the server may still refuse some, as an error). */
    private static final String[] NOT_DDL = {
            "SELECT 1",
            "SELECT a FROM fz_base WHERE a = 1",
            "INSERT INTO fz_base ( a ) VALUES ( 1 )",
            "UPDATE fz_base SET a = a + 1 WHERE a < 0",
            "DELETE FROM fz_base WHERE a < 0",
            "MERGE INTO fz_base t USING ( SELECT 1 AS a ) s ON t.a = s.a WHEN MATCHED THEN DO NOTHING",
            "WITH insert AS ( SELECT 1 AS a ) SELECT a FROM insert",
            "WITH merge AS ( SELECT 1 AS a ) , update AS ( SELECT 2 AS a ) SELECT a FROM merge",
            "WITH x AS ( INSERT INTO fz_base VALUES ( 2 ) RETURNING a ) SELECT a FROM x",
            "WITH update AS ( SELECT 1 AS a ) INSERT INTO fz_base SELECT a FROM update",
            "WITH RECURSIVE t ( n ) AS ( SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3 ) SELECT n FROM t",
            "SELECT 'CREATE·TABLE·x' AS \"into\"",
            "SELECT $$·DROP·TABLE·fz_base;·$$",
            "SELECT $q$;CREATE·TABLE·x;$q$",
            "SELECT E'it\\'s;DROP·TABLE·fz_base'",
            "SELECT U&'\\0041;CREATE' AS a",
            "SELECT 'a''b;DROP' AS \"x;y\"",
            "SELECT \"fz_base\".a FROM fz_base",
            "SELECT 1 AS a INTO TEMP {t}",
            "SELECT 1 AS a INTO TEMPORARY TABLE {t}",
            "SELECT 1 AS a INTO LOCAL TEMP {t}",
            "CREATE TEMP TABLE {t} ( a int )",
            "CREATE TEMPORARY VIEW {t} AS SELECT 1 AS a",
            "CREATE LOCAL TEMP SEQUENCE {t}",
            "PREPARE {p} AS SELECT 1 ; EXECUTE {p}",
            "PREPARE {p} ( int ) AS INSERT INTO fz_base VALUES ( $1 ) ; EXECUTE {p} ( 3 )",
            "EXPLAIN ANALYZE SELECT 1",
            "EXPLAIN SELECT a FROM fz_base",
            "VACUUM ( FULL false ) fz_base",
            "VACUUM ( FULL off , ANALYZE ) fz_base",
            "VACUUM fz_base",
            "ANALYZE fz_base",
            "SELECT 1 AS \u0131nto",
            "SELECT 1 AS \u017Felect",
            "SELECT \u0131nto FROM ( SELECT 1 AS \u0131nto ) x",
            "SELECT t.into FROM ( SELECT 1 AS into ) t",
            "SET standard_conforming_strings = off",
            "SELECT set_config ( 'application_name' , 'fz' , false )",
            "SHOW search_path",
            "BEGIN ; SELECT 1 ; COMMIT",
            "DECLARE {p} CURSOR WITH HOLD FOR SELECT 1",
            "CALL fz_proc ( )",
            "{call fz_proc ( ) }",
            "SELECT 'C:\\temp' AS path",
            "SELECT 1 ; SELECT 2",
            "LOCK TABLE fz_base IN ACCESS SHARE MODE",
            "LISTEN fz ; UNLISTEN fz",
    };

    private static final String[] SEPARATORS = {" ", " ", " ", "\t", "\n", "\r", "\r\n", "\f", "\u000B", "  ",
            "/**/", "/* c */", "/* /* nested */ */", "/*;*/", "--c\n", "--c\r", " -- c\r\n", "--;\n", "/*'*/",
            "/*$$*/", "--'\n"};
    private static final String[] PREFIXES = {"", "", "", "SELECT 1;", "/* lead */", "-- lead\r", "SELECT ';';",
            "SELECT $t$;$t$;", "SELECT E'\\';';", "SELECT \"a;b\" FROM ( SELECT 1 AS \"a;b\" ) x;",
            "WITH insert AS (SELECT 1) SELECT 1;", "SELECT U&'\\0041';", "SET standard_conforming_strings = off;",
            "SELECT 'x'\n'y';", "SELECT E'x'\n'\\';';"};
    private static final String[] SUFFIXES = {"", "", ";", "; SELECT 2", "--c", "/* end */", " ;;", "\r\n"};

    private static PostgresServer server;
    private static ConnectorDataSource guarded;
    private static Connection oracle;

    @BeforeAll
    static void scratchDatabase() throws SQLException {
        server = TestDatabase.start(ServerSettings.defaults());
        server.execute("CREATE ROLE fz_super LOGIN SUPERUSER PASSWORD 'fz-pw'", "CREATE ROLE fz_role",
                "CREATE DATABASE " + DATABASE + " OWNER fz_super");
        oracle = server.admin(DATABASE);
        try (Statement s = oracle.createStatement()) {
            s.execute("CREATE TABLE fz_base (a int)");
            s.execute("CREATE INDEX fz_base_a ON fz_base (a)");
            s.execute("CREATE MATERIALIZED VIEW fz_mv AS SELECT 1 AS a");
            s.execute("CREATE PROCEDURE fz_proc() LANGUAGE sql AS 'SELECT 1'");
            s.execute("CREATE FUNCTION fz_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record; "
                    + "BEGIN FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP "
                    + "IF r.schema_name IS NULL OR r.schema_name NOT LIKE 'pg\\_temp%' THEN "
                    + "RAISE NOTICE 'FUZZ-DDL % %', r.command_tag, r.object_identity; END IF; END LOOP; END $$");
            s.execute("CREATE EVENT TRIGGER fz_ddl_end ON ddl_command_end EXECUTE FUNCTION fz_ddl_end()");
            s.execute("CREATE FUNCTION fz_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record; "
                    + "BEGIN FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP "
                    + "IF NOT r.is_temporary THEN RAISE NOTICE 'FUZZ-DROP % %', r.object_type, r.object_identity; "
                    + "END IF; END LOOP; END $$");
            s.execute("CREATE EVENT TRIGGER fz_drop ON sql_drop EXECUTE FUNCTION fz_drop()");
        }
        guarded = ConnectorDataSource.builder().environment(java.util.Map.of())
                .url("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + DATABASE + "?prepareThreshold=0")
                .user("fz_super").password("fz-pw").applicationName("guard-fuzz").shutdownHook(false)
                .strategy(PoolingStrategy.UNPOOLED).schemaPolicy(SchemaPolicy.REFUSE).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (guarded != null) {
            guarded.close();
        }
        if (oracle != null) {
            oracle.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What event triggers do not see: global catalogs, ALTER SYSTEM, relations rewritten or created anywhere. */
    private static String fingerprint() throws SQLException {
        try (Statement s = oracle.createStatement(); ResultSet rs = s.executeQuery("SELECT concat_ws('|', "
                + "(SELECT count(*) || ':' || sum(c.oid::int8) || ':' || sum(c.relfilenode::int8) || ':' "
                + "   || sum(length(coalesce(c.relacl::text, ''))) FROM pg_class c WHERE c.relpersistence <> 't'), "
                + "(SELECT count(*) || ':' || sum(oid::int8) FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp'), "
                + "(SELECT count(*) || ':' || sum(p.oid::int8) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "   WHERE n.nspname !~ '^pg_(toast_)?temp'), "
                + "(SELECT string_agg((rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolconnlimit, "
                + "   rolpassword, rolvaliduntil)::text, ',' ORDER BY oid) FROM pg_authid), "
                + "(SELECT string_agg(m::text, ',' ORDER BY m::text) FROM pg_auth_members m), "
                + "(SELECT string_agg((datname, datacl, datconnlimit, datallowconn)::text, ',' ORDER BY oid) FROM pg_database), "
                + "(SELECT string_agg(d::text, ',' ORDER BY d::text) FROM pg_db_role_setting d), "
                + "(SELECT string_agg(name || '=' || coalesce(setting, ''), ',' ORDER BY seqno) FROM pg_file_settings "
                + "   WHERE sourcefile LIKE '%postgresql.auto.conf'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private record Input(String sql, boolean ddl, int template) {
    }

    /** What the server ran as DDL, by its notices and the catalogs; null if nothing. */
    private static String ranDdl(List<String> notices, String before, String after) {
        List<String> ran = notices.stream().filter(m -> m.startsWith("FUZZ-")).toList();
        if (!ran.isEmpty()) {
            return ran.toString();
        }
        return after.equals(before) ? null : "catalog changed";
    }

    @Test
    void theOracleSeesEveryDdlTemplateRunWithoutTheGuard() throws Exception {
        // Given the same scratch database, a superuser connection without the guard
        try (ConnectorDataSource unguarded = ConnectorDataSource.builder().environment(java.util.Map.of())
                .url("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + DATABASE + "?prepareThreshold=0")
                .user("fz_super").password("fz-pw").applicationName("guard-fuzz-oracle").shutdownHook(false)
                .strategy(PoolingStrategy.UNPOOLED).schemaPolicy(SchemaPolicy.ALLOW).build();
             Connection c = unguarded.getConnection()) {
            List<String> unseen = new ArrayList<>();
            for (int i = 0; i < DDL.length; i++) {
                // When each DDL template runs (the scs-dependent ones in a session where it is off)
                String sql = DDL[i].replace("{t}", "fz_oracle" + i).replace("{p}", "fz_oracle_p" + i)
                        .replace("{n}", String.valueOf(100 + i)).replace('·', ' ');
                String before = fingerprint();
                List<String> notices = new ArrayList<>();
                try {
                    run(c, sql, sql.contains("'a\\''") ? Way.AFTER_SCS_OFF : Way.EXECUTE, notices);
                } catch (SQLException e) {
                    unseen.add(sql + " failed: " + e.getMessage());
                }
                reset(c);
                // Then the oracle reports that the server ran DDL
                if (ranDdl(notices, before, fingerprint()) == null) {
                    unseen.add(sql);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM RESET ALL");
            }
            assertThat(unseen).as("DDL templates the oracle did not see run").isEmpty();
        }
    }

    private static String mutate(String template, Random random, int n) {
        String text = template.replace("{t}", "fz_t" + n).replace("{p}", "fz_p" + n).replace("{n}", String.valueOf(64 + n % 1000));
        boolean flipCase = random.nextInt(3) == 0;
        StringBuilder out = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
        if (random.nextInt(40) == 0) { // long: many words before the statement and its INTO
            out.append("SELECT ARRAY[").append("x, ".repeat(2_000 + random.nextInt(8_000))).append("x] FROM (SELECT 1 AS x) s;");
        }
        if (random.nextInt(60) == 0) {
            out.append("/*").append("x".repeat(50_000 + random.nextInt(100_000))).append("*/");
        }
        String[] tokens = text.split(" ", -1);
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                out.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            String token = tokens[i].replace('·', ' ');
            if (flipCase && !token.contains("'") && !token.contains("$") && !token.contains("\"")) {
                StringBuilder flipped = new StringBuilder(token.length());
                for (char c : token.toCharArray()) {
                    flipped.append(c < 0x80 && random.nextBoolean()
                            ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
                }
                token = flipped.toString();
            }
            out.append(token);
        }
        out.append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
        return out.toString();
    }

    private enum Way { EXECUTE, EXECUTE_QUERY, EXECUTE_UPDATE, BATCH, PREPARE, PREPARE_CALL, TWO_CALLS, AFTER_SCS_OFF }

    @Test
    void noInputGetsDdlPastTheGuardAndFewHarmlessOnesAreRefused() throws Exception {
        Random random = new Random(SEED);
        List<String> bypasses = new ArrayList<>();
        List<String> falseRefusals = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> allowedDdl = new ArrayList<>(); // allowed, and the server ran no DDL: mutations that broke it
        int ddlInputs = 0;
        int notDdlInputs = 0;
        int refused = 0;
        int serverErrors = 0;
        long slowestNanos = 0;
        String before = fingerprint();
        Connection c = guarded.getConnection();
        long started = System.nanoTime();
        for (int n = 0; n < COUNT; n++) {
            boolean ddl = random.nextInt(2) == 0;
            String[] templates = ddl ? DDL : NOT_DDL;
            int template = random.nextInt(templates.length);
            Input input = new Input(mutate(templates[template], random, n), ddl, template);
            Way way = Way.values()[random.nextInt(Way.values().length)];
            if (ddl) {
                ddlInputs++;
            } else {
                notDdlInputs++;
            }
            List<String> notices = new ArrayList<>();
            long t0 = System.nanoTime();
            Throwable thrown = null;
            try {
                run(c, input.sql(), way, notices);
            } catch (Throwable t) {
                thrown = t;
            }
            long took = System.nanoTime() - t0;
            slowestNanos = Math.max(slowestNanos, took);
            if (took > CALL_BOUND.toNanos()) {
                unexpected.add("took " + Duration.ofNanos(took) + ": " + show(input));
            }
            boolean wasRefused = thrown instanceof SchemaChangeRefusedException;
            if (wasRefused) {
                refused++;
                if (!input.ddl()) {
                    falseRefusals.add(show(input));
                }
            } else {
                if (thrown instanceof PSQLException || thrown instanceof java.sql.BatchUpdateException) {
                    serverErrors++;
                } else if (thrown != null) {
                    unexpected.add(thrown + ": " + show(input));
                }
                if (input.ddl() && allowedDdl.size() < 5) {
                    allowedDdl.add(show(input) + (thrown == null ? "" : " -> " + thrown.getMessage()));
                }
            }
            if (wasRefused && way != Way.TWO_CALLS && way != Way.AFTER_SCS_OFF) {
                continue; // refused before anything was sent: nothing to reset, nothing can have changed
            }
            if (c.isClosed() || !c.isValid(5)) {
                c.close();
                c = guarded.getConnection();
            }
            reset(c);
            String after = fingerprint();
            String ran = ranDdl(notices, before, after);
            if (ran != null) {
                if (wasRefused) {
                    unexpected.add("refused, yet the server changed (a previous call?): " + ran + " " + show(input));
                } else {
                    bypasses.add(ran + " via " + way + ": " + show(input));
                }
                before = after;
            }
        }
        c.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        double falseRefusalRate = notDdlInputs == 0 ? 0 : 100.0 * falseRefusals.size() / notDdlInputs;
        System.out.printf(Locale.ROOT, "guard fuzz: seed %d, %d inputs (%d DDL, %d not DDL) in %s: %d refused, "
                        + "%d server errors, %d bypasses, %d false refusals (%.2f%% of non-DDL), slowest call %d ms%n",
                SEED, COUNT, ddlInputs, notDdlInputs, elapsed, refused, serverErrors, bypasses.size(),
                falseRefusals.size(), falseRefusalRate, slowestNanos / 1_000_000);
        allowedDdl.forEach(a -> System.out.println("  allowed DDL template input (the server ran no DDL): " + a));
        assertThat(bypasses).as("inputs the guard allowed and the server ran as DDL").isEmpty();
        assertThat(unexpected).as("calls that threw something else or took too long").isEmpty();
        assertThat(falseRefusalRate).as("false refusals: %s", falseRefusals.stream().limit(20).toList()).isLessThan(1.0);
        assertThat(refused).as("the DDL inputs were refused").isGreaterThan(ddlInputs / 2);
    }

    private static void run(Connection c, String sql, Way way, List<String> notices) throws SQLException {
        switch (way) {
            case EXECUTE_QUERY -> {
                try (Statement s = c.createStatement()) {
                    try {
                        s.executeQuery(sql).close();
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
            case EXECUTE_UPDATE -> {
                try (Statement s = c.createStatement()) {
                    try {
                        s.executeLargeUpdate(sql);
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
            case BATCH -> {
                try (Statement s = c.createStatement()) {
                    try {
                        s.addBatch("SET application_name = 'guard-fuzz'");
                        s.addBatch(sql);
                        s.executeBatch();
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
            case PREPARE -> {
                try (var s = c.prepareStatement(sql)) {
                    try {
                        s.execute();
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
            case PREPARE_CALL -> {
                try (var s = c.prepareCall(sql)) {
                    try {
                        s.execute();
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
            case AFTER_SCS_OFF -> {
                run(c, "SET standard_conforming_strings = off", Way.EXECUTE, notices);
                run(c, sql, Way.EXECUTE, notices);
            }
            case TWO_CALLS -> {
                int split = sql.indexOf(" ; ");
                if (split < 0) {
                    run(c, sql, Way.EXECUTE, notices);
                } else {
                    try {
                        run(c, sql.substring(0, split), Way.EXECUTE, notices);
                    } catch (PSQLException e) {
                        // the second call runs on: the first may have left something behind
                    }
                    run(c, sql.substring(split + 3), Way.EXECUTE, notices);
                }
            }
            default -> {
                try (Statement s = c.createStatement()) {
                    try {
                        s.execute(sql);
                    } finally {
                        collect(s.getWarnings(), notices);
                    }
                }
            }
        }
    }

    private static void collect(SQLWarning warning, List<String> notices) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            notices.add(w.getMessage());
        }
    }

    /** Back to a clean session: no transaction, no prepared statements, cursors, temp tables or settings. */
    private static void reset(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
            s.execute("DISCARD ALL");
            s.execute("SET statement_timeout = '10s'");
        }
    }

    private static String show(Input input) {
        String sql = input.sql().length() > 300 ? input.sql().substring(0, 300) + "...(" + input.sql().length() + " chars)" : input.sql();
        return (input.ddl() ? "DDL#" : "non-DDL#") + input.template() + " "
                + sql.replace("\r", "\\r").replace("\n", "\\n").replace("\f", "\\f").replace("\u000B", "\\v");
    }
}
