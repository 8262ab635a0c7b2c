package dev.connector.migrations;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.connector.migrations.MigrationSessionFlywayTest.countOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Liquibase through the migration session, against a real server, with a session in the way. */
class MigrationSessionLiquibaseTest {

    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestDatabase.shared();
    }

    private static String changelog(String schema, String... changes) {
        StringBuilder s = new StringBuilder("--liquibase formatted sql\n\n--changeset dev:1\nCREATE TABLE " + schema
                + ".orders (id bigint PRIMARY KEY, note text);\nINSERT INTO " + schema
                + ".orders SELECT g, 'n' FROM generate_series(1, 100) g;\n");
        for (int i = 0; i < changes.length; i++) {
            s.append("\n--changeset dev:").append(i + 2).append(changes[i].contains("CONCURRENTLY") ? " runInTransaction:false" : "")
                    .append('\n').append(changes[i]).append('\n');
        }
        return s.toString();
    }

    @Test
    void retriesALiquibaseUpdateUntilTheBlockerLetsGoWhileOtherQueriesAreNeverHeldLongerThanTheLockTimeout() throws Exception {
        String schema = Fixtures.uniqueSchema();
        Fixtures.exec(server, "CREATE SCHEMA " + schema);
        Duration lockTimeout = Duration.ofMillis(800);
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, Apps.uniqueName()))
                .lockTimeout(lockTimeout).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400))
                .maxAttempts(50).build();
             CapturedOutput log = new CapturedOutput()) {
            // Given a table in use, a session that keeps it open in a transaction, and changesets that need an
            // ACCESS EXCLUSIVE lock on it and a concurrent index
            Fixtures.write(dir, "changelog.sql", changelog(schema));
            session.run("liquibase update", ds -> { LiquibaseRuns.update(ds, schema, dir, "changelog.sql"); return null; });
            Fixtures.write(dir, "changelog.sql", changelog(schema, "ALTER TABLE " + schema + ".orders ADD COLUMN status text;",
                    "CREATE INDEX CONCURRENTLY orders_note ON " + schema + ".orders (note);"));
            try (Fixtures.QueryStream stream = new Fixtures.QueryStream(server, schema + ".orders")) {
                Fixtures.Blocker blocker = new Fixtures.Blocker(server, "report-job", "SELECT count(*) FROM " + schema + ".orders");
                // When the deploy step runs liquibase update, and the blocker ends after two attempts have failed
                CompletableFuture<Object> update = CompletableFuture.supplyAsync(() -> {
                    try {
                        return session.run("liquibase update", ds -> {
                            LiquibaseRuns.update(ds, schema, dir, "changelog.sql");
                            return null;
                        });
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (countOf(log.text(), "and was cancelled") < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                blocker.close();
                update.get(60, TimeUnit.SECONDS);
                System.out.println("MEASURED liquibase: slowest of " + stream.count() + " queries during the attempts: " + stream.slowestMillis() + " ms");
                // Then the other queries waited at most the lock timeout plus a little, and some did wait
                assertThat(stream.slowestMillis()).as("slowest query during the attempts, ms")
                        .isLessThan(lockTimeout.toMillis() + 700)
                        .isGreaterThan(lockTimeout.toMillis() / 2);
            }
            // And the update was retried whole and applied both changesets
            assertThat(countOf(log.text(), "and was cancelled")).isGreaterThanOrEqualTo(2);
            assertThat(Fixtures.queryOne(server, "SELECT count(*) FROM " + schema + ".databasechangelog")).isEqualTo("3");
            assertThat(Fixtures.queryOne(server, "SELECT indisvalid FROM pg_index WHERE indexrelid = '"
                    + schema + ".orders_note'::regclass")).isEqualTo("t");
        }
    }

    @Test
    void givesUpWithAClearMessageWhenTheLockIsNeverReleased() throws Exception {
        String schema = Fixtures.uniqueSchema();
        Fixtures.exec(server, "CREATE SCHEMA " + schema);
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, Apps.uniqueName()))
                .lockTimeout(Duration.ofMillis(300)).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(200))
                .maxAttempts(3).build()) {
            Fixtures.write(dir, "changelog.sql", changelog(schema));
            session.run("liquibase update", ds -> { LiquibaseRuns.update(ds, schema, dir, "changelog.sql"); return null; });
            Fixtures.write(dir, "changelog.sql", changelog(schema, "ALTER TABLE " + schema + ".orders ADD COLUMN status text;"));
            try (Fixtures.Blocker blocker = new Fixtures.Blocker(server, "report-job", "SELECT count(*) FROM " + schema + ".orders")) {
                assertThatThrownBy(() -> session.run("liquibase update", ds -> {
                    LiquibaseRuns.update(ds, schema, dir, "changelog.sql");
                    return null;
                }))
                        .isInstanceOf(MigrationLockTimeoutException.class)
                        .hasMessageContaining("liquibase update gave up after 3 attempt(s)")
                        .hasMessageContaining("application 'report-job'");
            }
            // And the changelog lock was released, the changeset not recorded
            assertThat(Fixtures.queryOne(server, "SELECT locked FROM " + schema + ".databasechangeloglock")).isEqualTo("f");
            assertThat(Fixtures.queryOne(server, "SELECT count(*) FROM " + schema + ".databasechangelog")).isEqualTo("1");
        }
    }
}
