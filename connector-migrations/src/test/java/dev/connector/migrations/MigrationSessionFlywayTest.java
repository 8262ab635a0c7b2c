package dev.connector.migrations;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Flyway through the migration session, against a real server, with a session in the way. */
class MigrationSessionFlywayTest {

    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = TestDatabase.shared();
    }

    private static Flyway flyway(javax.sql.DataSource ds, String schema, Path folder) {
        return Flyway.configure().dataSource(ds).schemas(schema).locations("filesystem:" + folder).load();
    }

    private Path ordersMigrated(MigrationSession session, String schema) throws Exception {
        Path folder = Fixtures.write(dir.resolve("db"), "V1__orders.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n"
                        + "INSERT INTO orders SELECT g, 'n' FROM generate_series(1, 100) g;\n");
        session.run("flyway migrate", ds -> flyway(ds, schema, folder).migrate());
        return folder;
    }

    @Test
    void everySessionHasTheShortLockTimeoutNoStatementTimeoutAndNoGuard() throws Exception {
        // Given a serverless environment (the guard would refuse DDL at start-up) with a statement timeout set
        String app = Apps.uniqueName();
        try (MigrationSession session = MigrationSession.builder(Apps.fromPlatform(server, Apps.LAMBDA, app)
                        .statementTimeout(Duration.ofSeconds(5)))
                .lockTimeout(Duration.ofMillis(1500)).build();
             // When a session is opened through it
             Connection c = session.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Then the lock timeout is the session's, there is no statement timeout, and DDL goes through
            try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1500ms");
                assertThat(rs.getString(2)).isEqualTo("0");
            }
            String schema = Fixtures.uniqueSchema();
            s.execute("CREATE SCHEMA " + schema);
            s.execute("DROP SCHEMA " + schema);
        }
        assertThat(server.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void readsItsOptionsFromTheEnvironmentBesideTheConnectionAndRefusesABadOneNamingIt() throws Exception {
        String app = Apps.uniqueName();
        Map<String, String> env = Map.of("DATABASE_URL", server.appDatabaseUrl(), "PGAPPNAME", app,
                "CONNECTOR_SHUTDOWN_HOOK", "false", "CONNECTOR_MIGRATIONS_LOCK_TIMEOUT", "1200ms",
                "CONNECTOR_MIGRATIONS_REQUIRE_READY", "true");
        try (MigrationSession session = MigrationSession.fromEnvironment(env);
             Connection c = session.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1200ms");
        }
        assertThatThrownBy(() -> MigrationSession.fromEnvironment(Map.of("DATABASE_URL", server.appDatabaseUrl(),
                "CONNECTOR_MIGRATIONS_LOCK_TIMEOUT", "soon")))
                .isInstanceOf(dev.connector.InvalidConfigurationException.class)
                .hasMessageStartingWith("CONNECTOR_MIGRATIONS_LOCK_TIMEOUT: got 'soon' from the environment; allowed: a duration");
        assertThat(server.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void retriesAWholeMigrationUntilTheBlockerLetsGoWhileOtherQueriesAreNeverHeldLongerThanTheLockTimeout() throws Exception {
        String schema = Fixtures.uniqueSchema();
        String app = Apps.uniqueName();
        Duration lockTimeout = Duration.ofMillis(800);
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, app))
                .lockTimeout(lockTimeout).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400))
                .maxAttempts(50).build();
             CapturedOutput log = new CapturedOutput()) {
            // Given a table in use, a reporting session that keeps it open in a transaction, and a migration
            // that needs an ACCESS EXCLUSIVE lock on it
            Path folder = ordersMigrated(session, schema);
            Fixtures.write(folder, "V2__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
            MigrateResult result;
            try (Fixtures.QueryStream stream = new Fixtures.QueryStream(server, schema + ".orders")) {
                Fixtures.Blocker blocker = new Fixtures.Blocker(server, "report-job", "SELECT count(*) FROM " + schema + ".orders");
                // When the deploy step migrates, and the blocker commits only after two attempts have failed
                CompletableFuture<MigrateResult> migrate = CompletableFuture.supplyAsync(() -> {
                    try {
                        return session.run("flyway migrate", ds -> flyway(ds, schema, folder).migrate());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (countOf(log.text(), "and was cancelled") < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                blocker.close();
                result = migrate.get(60, TimeUnit.SECONDS);
                System.out.println("MEASURED flyway: slowest of " + stream.count() + " queries during the attempts: " + stream.slowestMillis() + " ms");
                // Then the queries on the table waited at most the lock timeout plus a little, and some did wait
                assertThat(stream.count()).isGreaterThan(10);
                assertThat(stream.slowestMillis()).as("slowest query during the attempts, ms")
                        .isLessThan(lockTimeout.toMillis() + 700)
                        .isGreaterThan(lockTimeout.toMillis() / 2);
            }
            // And the migration was retried whole and succeeded once the lock was released
            assertThat(countOf(log.text(), "and was cancelled")).isGreaterThanOrEqualTo(2);
            assertThat(log.text()).contains("oldest open transactions: pid").contains("application 'report-job'");
            assertThat(result.migrationsExecuted).isEqualTo(1);
            assertThat(Fixtures.queryOne(server, "SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                    + schema + "' AND table_name = 'orders' AND column_name = 'status'")).isEqualTo("1");
        }
        // And nothing was left open
        assertThat(server.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void givesUpWithAClearMessageWhenTheLockIsNeverReleased() throws Exception {
        String schema = Fixtures.uniqueSchema();
        String app = Apps.uniqueName();
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, app))
                .lockTimeout(Duration.ofMillis(300)).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(200))
                .maxAttempts(3).build()) {
            // Given a migration that needs a lock a session keeps for good
            Path folder = ordersMigrated(session, schema);
            Fixtures.write(folder, "V2__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
            try (Fixtures.Blocker blocker = new Fixtures.Blocker(server, "report-job", "SELECT count(*) FROM " + schema + ".orders")) {
                // When the deploy step migrates, Then it gives up after three attempts, saying why and what to do
                assertThatThrownBy(() -> session.run("flyway migrate", ds -> flyway(ds, schema, folder).migrate()))
                        .isInstanceOf(MigrationLockTimeoutException.class)
                        .hasMessageContaining("flyway migrate gave up after 3 attempt(s)")
                        .hasMessageContaining("waited longer than lock_timeout 300ms")
                        .hasMessageContaining("application 'report-job'")
                        .hasMessageContaining("Next: find the blocker")
                        .satisfies(e -> {
                            assertThat(((MigrationLockTimeoutException) e).attempts()).isEqualTo(3);
                            assertThat(((MigrationLockTimeoutException) e).getSQLState()).isEqualTo("55P03");
                        });
            }
            // And nothing of it was applied
            assertThat(Fixtures.queryOne(server, "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE version = '2'"))
                    .isEqualTo("0");
        }
        assertThat(server.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void failuresOtherThanLockTimeoutsAreNotRetried() throws Exception {
        String schema = Fixtures.uniqueSchema();
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, Apps.uniqueName()))
                .maxAttempts(5).build(); CapturedOutput log = new CapturedOutput()) {
            Path folder = ordersMigrated(session, schema);
            Fixtures.write(folder, "V2__broken.sql", "ALTER TABLE no_such_table ADD COLUMN x int;\n");
            assertThatThrownBy(() -> session.run("flyway migrate", ds -> flyway(ds, schema, folder).migrate()))
                    .hasMessageContaining("no_such_table");
            assertThat(countOf(log.text(), "flyway migrate: attempt ")).isEqualTo(2); // V1's run, then V2's single one
        }
    }

    @Test
    void createIndexConcurrentlyUnderFlywaysTransactionalLockFailsAtTheLockTimeoutInsteadOfHangingForever() throws Exception {
        // Given Flyway's default on PostgreSQL: its lock is held in a transaction of its own for the whole run,
        // and CREATE INDEX CONCURRENTLY waits for every older transaction, that one included
        String schema = Fixtures.uniqueSchema();
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, Apps.uniqueName()))
                .lockTimeout(Duration.ofMillis(500)).maxAttempts(2).initialBackoff(Duration.ofMillis(50)).build()) {
            Path folder = ordersMigrated(session, schema);
            Fixtures.write(folder, "V2__index.sql", "CREATE INDEX CONCURRENTLY orders_note ON orders (note);\n");
            // When it migrates through session.run with Flyway's defaults (not FlywayMigration), Then it fails at
            // the lock timeout instead of hanging, and says how to find the invalid index the last attempt left
            assertThatThrownBy(() -> session.run("flyway migrate", ds -> flyway(ds, schema, folder).migrate()))
                    .isInstanceOf(MigrationLockTimeoutException.class)
                    .hasMessageContaining("WHERE NOT indisvalid and DROP INDEX CONCURRENTLY");
            assertThat(Fixtures.queryOne(server, "SELECT indisvalid FROM pg_index WHERE indexrelid = '"
                    + schema + ".orders_note'::regclass")).isEqualTo("f");
        }
    }

    @Test
    void retriesCreateIndexConcurrentlyHeldUpByAnOpenTransactionAndDropsTheInvalidIndexEachAttemptLeft() throws Exception {
        String schema = Fixtures.uniqueSchema();
        try (MigrationSession session = MigrationSession.builder(Fixtures.connection(server, Apps.uniqueName()))
                .lockTimeout(Duration.ofMillis(600)).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(300))
                .maxAttempts(50).build();
             CapturedOutput log = new CapturedOutput()) {
            // Given a transaction that wrote to the table and stays open, and a concurrent index to build
            Path folder = ordersMigrated(session, schema);
            Fixtures.write(folder, "V2__index.sql", "CREATE INDEX CONCURRENTLY orders_note ON orders (note);\n");
            try (Fixtures.QueryStream stream = new Fixtures.QueryStream(server, schema + ".orders")) {
                Fixtures.Blocker blocker = new Fixtures.Blocker(server, "batch-job",
                        "UPDATE " + schema + ".orders SET note = 'b' WHERE id = 100");
                // When the deploy step migrates, and the transaction ends after an attempt has failed
                CompletableFuture<MigrateResult> migrate = CompletableFuture.supplyAsync(() -> {
                    try {
                        return FlywayMigration.migrate(session, Flyway.configure().schemas(schema)
                                .locations("filesystem:" + folder));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (countOf(log.text(), "and was cancelled") < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                blocker.close();
                migrate.get(60, TimeUnit.SECONDS);
                // Then the stream of queries never waited on the index build
                assertThat(stream.slowestMillis()).as("slowest query, ms").isLessThan(600 + 700);
            }
            // And the invalid index of the cancelled attempt was dropped, and the retry built a valid one
            assertThat(log.text()).contains("dropped the INVALID index " + schema + ".orders_note");
            assertThat(Fixtures.queryOne(server, "SELECT indisvalid FROM pg_index WHERE indexrelid = '"
                    + schema + ".orders_note'::regclass")).isEqualTo("t");
        }
    }

    static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
