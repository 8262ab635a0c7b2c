package dev.connector.internal.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SchemaChangeDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE orders (id bigint)",
            "create table if not exists orders (id bigint)",
            "CREATE UNLOGGED TABLE t (a int)",
            "CREATE INDEX orders_idx ON orders (id)",
            "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)",
            "CREATE VIEW v AS SELECT 1",
            "CREATE OR REPLACE VIEW v AS SELECT 1",
            "CREATE MATERIALIZED VIEW mv AS SELECT 1",
            "CREATE SEQUENCE s",
            "CREATE SCHEMA app",
            "CREATE TYPE mood AS ENUM ('sad', 'ok')",
            "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql",
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 $body$",
            "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
            "CREATE EXTENSION IF NOT EXISTS pgcrypto",
            "CREATE TABLE copy AS SELECT * FROM orders",
            "ALTER TABLE orders ADD COLUMN note text",
            "ALTER INDEX i RENAME TO j",
            "ALTER SEQUENCE s RESTART",
            "DROP TABLE orders",
            "drop index if exists i",
            "DROP VIEW v", "DROP MATERIALIZED VIEW mv", "DROP SCHEMA app CASCADE", "DROP TYPE mood",
            "DROP DOMAIN posint", "DROP FUNCTION f()", "DROP TRIGGER trg ON t", "DROP EXTENSION pgcrypto",
            "DROP SEQUENCE s",
            "TRUNCATE orders",
            "GRANT SELECT ON orders TO reader",
            "REVOKE ALL ON orders FROM public",
            "COMMENT ON TABLE orders IS 'the orders'",
            "SELECT * INTO orders_copy FROM orders",
            "SELECT a, b INTO UNLOGGED t2 FROM t",
            "WITH x AS (SELECT 1 AS a) SELECT a INTO t3 FROM x",
            "DO $$ BEGIN EXECUTE 'CREATE TABLE x (a int)'; END $$",
            "DO 'BEGIN NULL; END'",
            "LOCK TABLE orders",
            "LOCK orders IN ACCESS EXCLUSIVE MODE",
            "LOCK TABLE orders IN EXCLUSIVE MODE NOWAIT",
            "LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE",
            "VACUUM FULL orders",
            "VACUUM (FULL, ANALYZE) orders",
            "REINDEX TABLE orders",
            "CLUSTER orders USING orders_idx",
            "REFRESH MATERIALIZED VIEW mv",
            "EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1",
            "(SELECT 1 INTO t4)",
            // several statements, the second refused
            "SELECT 1; CREATE TABLE t (a int)",
            "BEGIN; ALTER TABLE t ADD b int; COMMIT",
            // comments and strings before the real statement
            "-- a comment\nCREATE TABLE t (a int)",
            "/* outer /* nested */ still comment */ DROP TABLE t",
            "SELECT 'a;b'; DROP TABLE t",
            "SELECT E'it\\'s; here'; DROP TABLE t",
            "SELECT $$ ; $$; DROP TABLE t",
            "SELECT $tag$ $$ ; $tag$; DROP TABLE t",
            "SELECT \"weird;name\" FROM t; TRUNCATE t",
            // the field report's bypasses (issue 9)
            "-- migrate\rCREATE TABLE t(a int)",
            "-- migrate\r\nCREATE TABLE t(a int)",
            "WITH insert AS (SELECT 1 AS a) SELECT a INTO t FROM insert",
            "WITH update AS (SELECT 1 AS a) SELECT a INTO t FROM update",
            "WITH delete AS (SELECT 1 AS a) SELECT a INTO t FROM delete",
            "WITH merge AS (SELECT 1 AS a) SELECT a INTO t FROM merge",
            "WITH RECURSIVE insert(a) AS NOT MATERIALIZED (SELECT 1) SEARCH DEPTH FIRST BY a SET ord "
                    + "SELECT a INTO t FROM insert",
            "WITH x AS (SELECT 1 AS insert) CYCLE insert SET done TO true DEFAULT false USING path, "
                    + "merge AS (DELETE FROM s RETURNING *) SELECT insert INTO t FROM x",
            "WITH x AS (SELECT 1) (SELECT 1 INTO t)",
            "PREPARE p AS SELECT 1 AS a INTO t; EXECUTE p",
            "PREPARE p (int) AS WITH insert AS (SELECT $1 AS a) SELECT a INTO t FROM insert",
            "EXPLAIN ANALYZE SELECT 1 INTO t",
            "EXPLAIN (ANALYZE, COSTS false) CREATE TABLE t AS SELECT 1",
            "SELECT 'a\\'' ; CREATE TABLE t(a int); -- '",
            "SELECT B'0'\n'\\'; CREATE TABLE t(a int); --'",
            "SELECT set_config('standard_conforming_strings', 'off', false), 'x\\';\nSELECT 'a\\'' INTO t FROM x --'",
            // INTO temp without a name after it is a permanent table called temp
            "SELECT 1 INTO temp",
            "SELECT 1 INTO temp FROM t",
            "SELECT 1 INTO temp.t",
            "SELECT 1 INTO local FROM t",
            "SELECT 1 INTO UNLOGGED t",
            "SELECT insert INTO t FROM x",
            "SELECT 1 INTO t UNION SELECT 2",
            "DECLARE c CURSOR FOR SELECT 1 INTO t",
            "VACUUM (FULL) t", "VACUUM (FULL true) t", "VACUUM (ANALYZE, FULL 1) t", "VACUUM (FULL 'on')",
            "vacuum full",
            "CREATE\fTABLE\u000Bt (a int)",
            "ALTER SYSTEM SET work_mem = '8MB'",
            "CREATE ROLE r", "CREATE DATABASE d",
            "{call f()}; CREATE TABLE t(a int)",
            "SELECT 1; /* a /* nested */ ; */ CREATE TABLE t(a int)",
            "CREATE TEMP FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
    })
    void refuses(String sql) {
        assertThat(SchemaChangeDetector.find(sql)).as(sql).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "select * from orders where id = $1",
            "INSERT INTO orders (id) VALUES (1)",
            "UPDATE orders SET note = 'CREATE TABLE x' WHERE id = 1",
            "DELETE FROM orders WHERE id = 1",
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
            "WITH x AS (DELETE FROM t RETURNING *) INSERT INTO archive SELECT * FROM x",
            "WITH x AS (SELECT 1) SELECT * FROM x",
            "CREATE TEMP TABLE scratch (a int)",
            "CREATE TEMPORARY TABLE scratch AS SELECT 1",
            "CREATE LOCAL TEMPORARY TABLE scratch (a int)",
            "CREATE GLOBAL TEMP TABLE scratch (a int)",
            "CREATE OR REPLACE TEMP VIEW tv AS SELECT 1",
            "SELECT * INTO TEMP scratch FROM orders",
            "SELECT 1 AS into",
            "SELECT t.\"into\" FROM t",
            "SELECT 'DROP TABLE orders'",
            "SELECT E'\\' DROP TABLE orders'",
            "SELECT $$ DROP TABLE orders $$",
            "SELECT $fn$ CREATE TABLE x $fn$",
            "-- DROP TABLE orders\nSELECT 1",
            "/* DROP TABLE /* nested */ orders */ SELECT 1",
            "SELECT \"create\" FROM t",
            "SELECT * FROM \"DROP TABLE t\"",
            "SET statement_timeout = 1000",
            "SHOW search_path",
            "VACUUM orders",
            "ANALYZE orders",
            "LOCK TABLE orders IN ROW EXCLUSIVE MODE",
            "LOCK TABLE orders IN ACCESS SHARE MODE",
            "EXPLAIN SELECT 1",
            "CALL process_orders()",
            "{call process_orders()}",
            "BEGIN; SELECT 1; COMMIT;",
            "",
            ";;;",
            "   ",
            // no false refusals (issue 9)
            "VACUUM (FULL false) orders",
            "VACUUM (FULL off, ANALYZE) orders",
            "VACUUM (FULL 0)",
            "VACUUM (FULL 'false', VERBOSE)",
            "SELECT 1 AS \u0131nto",
            "SELECT \u0131nto FROM t",
            "\u017Felect 1 into t", // not a keyword to the server: a syntax error, not a table
            "SELECT x \u0131nto t FROM y",
            "WITH insert AS (SELECT 1 AS a) SELECT a FROM insert",
            "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x",
            "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
            "WITH x AS MATERIALIZED (SELECT 1), y AS (SELECT 2) MERGE INTO t USING x ON true WHEN MATCHED THEN DELETE",
            "PREPARE p AS SELECT 1",
            "PREPARE q (int) AS INSERT INTO t VALUES ($1)",
            "EXECUTE p",
            "EXPLAIN ANALYZE EXECUTE p",
            "DEALLOCATE p",
            "SELECT 1 INTO TEMP t",
            "SELECT 1 INTO TEMP TABLE t",
            "SELECT 1 INTO LOCAL TEMPORARY t",
            "SELECT 1 INTO TEMP \"t\" FROM x",
            "SELECT E'x'\n'\\'; CREATE TABLE t(a int); --'",
            "SELECT 'C:\\temp'",
            "SET standard_conforming_strings = off",
            "SELECT t.into FROM t",
            "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t",
            "{call f()}",
            "{? = call f(?)}",
            "SELECT $q$ CREATE TABLE t(a int) $q$",
            "SELECT U&'\\0041 CREATE TABLE'",
            "CREATE TEMP SEQUENCE s",
            "CREATE OR REPLACE TEMP RECURSIVE VIEW v(n) AS SELECT 1",
    })
    void allows(String sql) {
        assertThat(SchemaChangeDetector.find(sql)).as(sql).isNull();
    }

    @Test
    void reportsTheOffendingStatementAndWhy() {
        SchemaChangeDetector.Finding finding = SchemaChangeDetector.find("SELECT 1;\n  CREATE   TABLE orders (id bigint)");
        assertThat(finding.statement()).isEqualTo("CREATE TABLE orders (id bigint)");
        assertThat(finding.what()).isEqualTo("creates a schema object (CREATE TABLE)");
    }

    @Test
    void cutsLongStatementsAtEightyCharacters() {
        String sql = "CREATE TABLE t (" + "a int, ".repeat(40) + "z int)";
        assertThat(SchemaChangeDetector.find(sql).statement()).hasSize(80).endsWith("...");
    }

    @Test
    void readsPastAnyNumberOfWordsBeforeInto() {
        String sql = "SELECT " + "a, ".repeat(100_000) + "a INTO t FROM x";
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThat(SchemaChangeDetector.find(sql)).isNotNull());
    }

    @Test
    void masksPasswordsInEveryQuotingFormWithoutOverflowingTheStack() {
        String huge = "x".repeat(200_000);
        assertThat(SchemaChangeDetector.find("ALTER ROLE app PASSWORD '" + huge + "'").statement())
                .isEqualTo("ALTER ROLE app PASSWORD '***'..."); // the literal goes on past what is read
        assertThat(SchemaChangeDetector.find("ALTER ROLE app PASSWORD $p$My-Secret-42$p$").statement())
                .isEqualTo("ALTER ROLE app PASSWORD '***'");
        assertThat(SchemaChangeDetector.find("ALTER ROLE app PASSWORD E'My\\'Secret-42'").statement())
                .isEqualTo("ALTER ROLE app PASSWORD '***'");
        assertThat(SchemaChangeDetector.find("ALTER ROLE app PASSWORD U&'My\\0053ecret'").statement())
                .isEqualTo("ALTER ROLE app PASSWORD '***'");
        // with standard_conforming_strings off the literal would end later: masked as far as either reading goes
        assertThat(SchemaChangeDetector.find("ALTER ROLE app PASSWORD 'My\\'Secret-42'").statement())
                .doesNotContain("Secret");
    }

    @Test
    void masksStringLiteralsOfStatementsThatMentionAPassword() {
        SchemaChangeDetector.Finding finding = SchemaChangeDetector.find("ALTER ROLE app PASSWORD 'hunter2'");
        assertThat(finding.statement()).isEqualTo("ALTER ROLE app PASSWORD '***'").doesNotContain("hunter2");
    }

    @Test
    void neverThrowsNorHangsOnArbitraryInput() {
        // The characters that drive the scanner's states, plus keywords, in random order and length.
        String[] pieces = {"'", "\"", "$", "$$", "$a$", "$1", "E'", "e'", "\\", "--", "/*", "*/", "\n", ";", "(", ")",
                ".", " ", "CREATE", "TABLE", "TEMP", "SELECT", "INTO", "DROP", "LOCK", "IN", "MODE", "WITH", "AS",
                "EXPLAIN", "DO", "x", "1", "\u00e9", "\uD83D\uDE00", "\0", "U&'", "[", "]"};
        Random random = new Random(20261121L);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 200_000; i++) {
                StringBuilder sql = new StringBuilder();
                int n = random.nextInt(40);
                for (int j = 0; j < n; j++) {
                    sql.append(pieces[random.nextInt(pieces.length)]);
                }
                SchemaChangeDetector.find(sql.toString());
            }
            for (int i = 0; i < 20_000; i++) {
                char[] chars = new char[random.nextInt(64)];
                for (int j = 0; j < chars.length; j++) {
                    chars[j] = (char) random.nextInt(0x3000);
                }
                SchemaChangeDetector.find(new String(chars));
            }
        });
    }

    @Test
    void scansLargeInputInLinearTime() {
        String unterminated = "SELECT '" + "x".repeat(2_000_000);
        String manyStatements = "SELECT 1;".repeat(200_000);
        String deepComments = "/*".repeat(100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(SchemaChangeDetector.find(unterminated)).isNull();
            assertThat(SchemaChangeDetector.find(manyStatements + "DROP TABLE t")).isNotNull();
            assertThat(SchemaChangeDetector.find(deepComments)).isNull();
        });
    }
}
