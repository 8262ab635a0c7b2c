package dev.connector.internal.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SqlScannerTest {

    private static List<String> statements(String sql) {
        return SqlScanner.split(sql).stream().map(SqlStatement::text).collect(Collectors.toList());
    }

    @Test
    void splitsAtSemicolonsOutsideStringsCommentsAndQuotes() {
        assertThat(statements("SELECT ';'; /* ; */ SELECT \";\" -- ;\r; ;; SELECT $$;$$ ;"))
                .containsExactly("SELECT ';'", "SELECT \";\"", "SELECT $$;$$");
    }

    @Test
    void trimsWhitespaceAndCommentsAroundAStatement() {
        assertThat(SqlScanner.split("  /* lead */ CREATE TABLE t (a int) -- trail\n ; ").get(0))
                .isEqualTo(new SqlStatement("  /* lead */ CREATE TABLE t (a int) -- trail\n ; ", 13, 35));
    }

    @Test
    void keepsTheBodyOfABeginAtomicFunctionInOneStatement() {
        String create = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 2 END; END";
        assertThat(statements(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
        assertThat(statements("SELECT 1 AS begin; SELECT 2")).hasSize(2);
    }

    @Test
    void handsOutTheSignificantTokensOfEachStatement() {
        SqlScanner s = new SqlScanner("WITH insert AS (SELECT 1) SELECT 2; DROP TABLE t", true);
        assertThat(s.nextStatement()).isTrue();
        assertThat(s.is("WITH")).isTrue();
        int tokens = 1;
        while (s.advance()) {
            tokens++;
        }
        assertThat(tokens).isEqualTo(9);
        assertThat(s.is("SELECT")).isFalse(); // at the end, nothing matches
        assertThat(s.nextStatement()).isTrue();
        assertThat(s.is("DROP")).isTrue();
        assertThat(s.nextStatement()).isFalse();
    }

    @Test
    void splitsAMillionStatementsInLinearTime() {
        String sql = "SELECT 1;".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThat(SqlScanner.split(sql)).hasSize(1_000_000));
    }
}
