package dev.connector.migrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command a pipeline runs: exit codes and JSON. */
class MigrationsCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MigrationsCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lintExitsOneWithEveryFindingInJsonAndZeroWhenClean() throws Exception {
        Fixtures.write(dir, "V1__index.sql", "CREATE INDEX orders_a ON orders (a);\n");
        Run risky = run(Map.of(), "lint", "--json", dir.toString());
        assertThat(risky.code()).isEqualTo(1);
        JsonNode j = risky.json();
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("findings")).hasSize(2);
        assertThat(j.get("findings").get(0).get("rule").asText()).isEqualTo("create-index-without-concurrently");
        assertThat(j.get("findings").get(0).get("lockMode").asText()).isEqualTo("SHARE");
        assertThat(j.get("findings").get(1).get("rule").asText()).isEqualTo("no-lock-timeout");

        Run human = run(Map.of(), "lint", "--session", dir.toString());
        assertThat(human.code()).isEqualTo(1);
        assertThat(human.out()).contains("V1__index.sql:1: create-index-without-concurrently: SHARE on orders (blocks writes)")
                .contains("1 finding(s).");

        Fixtures.write(dir, "V1__index.sql", "CREATE INDEX CONCURRENTLY orders_a ON orders (a);\n");
        assertThat(run(Map.of(), "lint", dir.toString()).code()).isZero();
    }

    @Test
    void usageMistakesExitSixtyFour() {
        assertThat(run(Map.of()).code()).isEqualTo(64);
        assertThat(run(Map.of(), "lint").code()).isEqualTo(64);
        assertThat(run(Map.of(), "lint", dir.resolve("missing").toString()).err()).contains("cannot read");
        assertThat(run(Map.of(), "status", "--json").code()).isEqualTo(64);
        assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(64);
    }

    @Test
    void statusExitsWithTheStateOfTheSchemaAndNeverPrintsThePassword() throws Exception {
        PostgresServer server = TestDatabase.shared();
        String schema = Fixtures.uniqueSchema();
        Fixtures.write(dir, "V1__orders.sql", "CREATE TABLE orders (id bigint);\n");
        try (var app = Fixtures.connection(server, Apps.uniqueName()).build()) {
            Flyway.configure().dataSource(app).schemas(schema).locations("filesystem:" + dir).load().migrate();
        }
        Map<String, String> env = Map.of("DATABASE_URL", server.appDatabaseUrl());
        Run upToDate = run(env, "status", "--json", "--flyway", "filesystem:" + dir, "--schema", schema);
        assertThat(upToDate.code()).as(upToDate.out()).isZero();
        assertThat(upToDate.json().get("state").asText()).isEqualTo("UP_TO_DATE");

        Fixtures.write(dir, "V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;\n");
        Run behind = run(env, "status", "--flyway", "filesystem:" + dir, "--schema", schema);
        assertThat(behind.code()).isEqualTo(4);
        assertThat(behind.out()).startsWith("[FAIL] schema: schema behind (flyway, database at 1 (orders)");
        assertThat(behind.out() + behind.err()).doesNotContain(PostgresServer.APP_PASSWORD);

        Run badPort = run(Map.of("PGPORT", "five"), "status", "--json", "--flyway", "filesystem:" + dir);
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.json().get("detail").asText()).contains("connector.port: got 'five'");

        Run refused = run(Map.of("PGHOST", "127.0.0.1", "PGPORT", "1"), "status", "--json", "--flyway", "filesystem:" + dir);
        assertThat(refused.code()).as(refused.out()).isEqualTo(11);
    }
}
