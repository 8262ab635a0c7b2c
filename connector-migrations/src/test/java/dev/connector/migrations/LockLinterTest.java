package dev.connector.migrations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The linter's reading of SQL files (pure logic: what each lock is, is proven against the server elsewhere). */
class LockLinterTest {

    @TempDir
    Path dir;

    private static List<String> rules(String sql) {
        return LockLinter.create().lint("m.sql", sql).stream().map(LockFinding::rule).toList();
    }

    @Test
    void readsStatementsAsTheServerDoesSoCommentsStringsAndBodiesAreNotStatements() {
        String sql = "SET lock_timeout = '2s';\n"
                + "-- CREATE INDEX old ON orders (a);\n"
                + "/* VACUUM FULL orders; /* nested */ still a comment; */\n"
                + "SELECT 'CREATE INDEX i ON orders (a); VACUUM FULL orders';\n"
                + "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN EXECUTE 'CLUSTER orders'; END $body$;\n"
                + "INSERT INTO \"ALTER TABLE x RENAME TO y\" VALUES (1);\n";
        assertThat(rules(sql)).isEmpty();
    }

    @Test
    void aFileThatChangesATableWithoutSettingLockTimeoutFirstIsReportedOnce() {
        assertThat(rules("ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN tag text;"))
                .containsExactly("no-lock-timeout");
        assertThat(rules("SET lock_timeout = '3s';\nALTER TABLE orders ADD COLUMN note text;")).isEmpty();
        assertThat(rules("SET LOCAL lock_timeout TO 3000;\nALTER TABLE orders ADD COLUMN note text;")).isEmpty();
        assertThat(rules("SELECT set_config('lock_timeout', '3s', false);\nALTER TABLE orders ADD COLUMN note text;")).isEmpty();
        assertThat(rules("ALTER TABLE orders ADD COLUMN note text;\nSET lock_timeout = '3s';")).containsExactly("no-lock-timeout");
        assertThat(LockLinter.create().lockTimeoutFromSession(true).lint("m.sql", "ALTER TABLE orders ADD COLUMN note text;"))
                .isEmpty();
    }

    @Test
    void theSafeFormsAreNotReported() {
        String safe = "SET lock_timeout = '3s';\n"
                + "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n"
                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer;\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_note_nn;\n"
                + "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_pk PRIMARY KEY USING INDEX orders_id_u;\n"
                + "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x', ALTER COLUMN note DROP DEFAULT;\n"
                + "ALTER TABLE orders DROP CONSTRAINT orders_note_nn;\n"
                + "ALTER TABLE orders RENAME CONSTRAINT a TO b;\n";
        assertThat(rules(safe)).isEmpty();
    }

    @Test
    void eachFindingSaysWhereWhatLockWhyAndTheSafeForm() {
        List<LockFinding> f = LockLinter.create().lint("V3__orders.sql",
                "SET lock_timeout = '3s';\n\nCREATE INDEX orders_created\n  ON public.\"Orders\" (created_at);\n");
        assertThat(f).extracting(LockFinding::source, LockFinding::line, LockFinding::rule, LockFinding::table,
                        LockFinding::lockMode, LockFinding::blocks)
                .containsExactly(tuple("V3__orders.sql", 3, "create-index-without-concurrently", "public.\"Orders\"",
                        "SHARE", "writes"));
        assertThat(f.get(0).statement()).isEqualTo("CREATE INDEX orders_created ON public.\"Orders\" (created_at)");
        assertThat(f.get(0).describe()).contains("instead: CREATE INDEX CONCURRENTLY, outside a transaction block");
    }

    @Test
    void concurrentlyMixedWithTransactionalStatementsInOneFileIsReported() {
        assertThat(rules("SET lock_timeout = '3s';\nALTER TABLE orders ADD COLUMN note text;\n"
                + "CREATE INDEX CONCURRENTLY orders_note ON orders (note);"))
                .containsExactly("concurrently-mixed-with-transactional");
        assertThat(rules("CREATE INDEX CONCURRENTLY orders_note ON orders (note);")).isEmpty();
    }

    @Test
    void aFlywayFolderIsReadInVersionOrder() throws Exception {
        Fixtures.write(dir, "V10__ten.sql", "VACUUM FULL ten;");
        Fixtures.write(dir, "V2__two.sql", "CLUSTER two;");
        Fixtures.write(dir, "V1_1__one.sql", "LOCK TABLE one;");
        Fixtures.write(dir, "R__view.sql", "DROP TABLE old_view_data;");
        Fixtures.write(dir, "README.md", "VACUUM FULL not_sql;");
        assertThat(LockLinter.create().lockTimeoutFromSession(true).lint(dir))
                .extracting(f -> f.table())
                .containsExactly("one", "two", "ten", "old_view_data");
    }
}
