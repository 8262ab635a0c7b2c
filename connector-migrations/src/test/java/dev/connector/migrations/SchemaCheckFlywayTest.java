package dev.connector.migrations;

import dev.connector.ConnectorDataSource;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Flyway histories on a real server, one per state, read by SchemaCheck. */
class SchemaCheckFlywayTest {

    private static PostgresServer server;
    private static ConnectorDataSource app;

    @TempDir
    Path dir;
    private String schema;
    private Path shipped;

    @BeforeAll
    static void start() {
        server = TestDatabase.shared();
        app = Fixtures.connection(server, Apps.uniqueName()).build();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Given a database migrated to V2 by the deploy step, and an application that ships V1 and V2. */
    @BeforeEach
    void migratedToVersion2() throws Exception {
        schema = Fixtures.uniqueSchema();
        shipped = dir.resolve("shipped");
        Fixtures.write(shipped, "V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        Fixtures.write(shipped, "V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;\n");
        migrate(shipped);
    }

    private void migrate(Path folder) {
        org.flywaydb.core.api.configuration.FluentConfiguration c = Flyway.configure().dataSource(app).schemas(schema)
                .locations("filesystem:" + folder);
        // as FlywayMigration does: the lock outside a transaction, so a failed non-transactional migration is recorded
        c.getConfigurationExtension(org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        c.load().migrate();
    }

    private SchemaCheck check(Path folder) {
        return SchemaCheck.flyway(app).schemas(schema).locations("filesystem:" + folder).environment(Map.of());
    }

    @Test
    void aDatabaseWithEveryShippedMigrationAppliedIsUpToDate() throws Exception {
        SchemaStatus status = check(shipped).read();
        assertThat(status.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(status.isReady()).isTrue();
        assertThat(status.appliedVersion()).isEqualTo("2 (note)");
        assertThat(status.summary()).startsWith("schema up to date (flyway, database at 2 (note), 2 migration(s) shipped)");
    }

    @Test
    void aMigrationAddedToTheApplicationMakesTheSchemaBehind() throws Exception {
        Fixtures.write(shipped, "V3__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
        SchemaStatus status = check(shipped).read();
        assertThat(status.state()).isEqualTo(SchemaState.BEHIND);
        assertThat(status.isReady()).isFalse();
        assertThat(status.pending()).containsExactly("3 (status)");
        assertThat(status.summary()).contains("run the migrations (the deploy step) before this version serves");
    }

    @Test
    void aMigrationEditedAfterItRanIsDrift() throws Exception {
        Files.writeString(shipped.resolve("V2__note.sql"), "ALTER TABLE orders ADD COLUMN note varchar(20);\n");
        SchemaStatus status = check(shipped).read();
        assertThat(status.state()).isEqualTo(SchemaState.DRIFTED);
        assertThat(status.drifted()).singleElement().asString().startsWith("2 (note) changed after it was applied (checksum ");
    }

    @Test
    void aFailedMigrationInTheHistoryIsFailed() throws Exception {
        // a non-transactional migration that fails is recorded as failed by Flyway on PostgreSQL
        Fixtures.write(shipped, "V3__index.sql", "CREATE INDEX CONCURRENTLY orders_x ON no_such_table (x);\n");
        assertThatThrownBy(() -> migrate(shipped)).hasMessageContaining("no_such_table");
        SchemaStatus status = check(shipped).read();
        assertThat(status.state()).isEqualTo(SchemaState.FAILED);
        assertThat(status.failed()).containsExactly("3 (index)");
        assertThat(status.summary()).contains("flyway repair");
    }

    @Test
    void aNewerMigrationAppliedThatTheApplicationLacksIsAheadAndStillReady() throws Exception {
        // Given a newer release migrated to V3 while this one (V1, V2) still runs
        Path newer = Files.createDirectories(dir.resolve("newer"));
        Files.copy(shipped.resolve("V1__orders.sql"), newer.resolve("V1__orders.sql"));
        Files.copy(shipped.resolve("V2__note.sql"), newer.resolve("V2__note.sql"));
        Fixtures.write(newer, "V3__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
        migrate(newer);
        SchemaStatus status = check(shipped).read();
        assertThat(status.state()).isEqualTo(SchemaState.AHEAD);
        assertThat(status.isReady()).isTrue();
        assertThat(status.ahead()).containsExactly("3 (status)");
        assertThat(status.summary()).contains("fine for expand/contract releases");
    }

    @Test
    void anAppliedMigrationTheApplicationLacksAmongOlderOnesIsDrift() throws Exception {
        Path gap = Files.createDirectories(dir.resolve("gap"));
        Files.copy(shipped.resolve("V2__note.sql"), gap.resolve("V2__note.sql"));
        SchemaStatus status = check(gap).read();
        assertThat(status.state()).isEqualTo(SchemaState.DRIFTED);
        assertThat(status.drifted()).containsExactly("1 (orders) applied but not shipped by this application");
    }

    @Test
    void readsOnlyAndPassesTheSchemaGuardOfAColdStartAsARoleThatCannotWrite() throws Exception {
        // Given a role whose every transaction is read-only, and a function's DataSource in its start-up phase
        String reader = "r" + schema;
        server.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'pw-reader'",
                "ALTER ROLE " + reader + " SET default_transaction_read_only = on");
        Fixtures.exec(server, "GRANT USAGE ON SCHEMA " + schema + " TO " + reader,
                "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + reader);
        Fixtures.write(shipped, "V3__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
        String appName = Apps.uniqueName();
        try (ConnectorDataSource function = Apps.fromPlatform(server, Apps.LAMBDA, appName)
                .user(reader).password("pw-reader").build(); CapturedOutput log = new CapturedOutput()) {
            assertThat(function.isSchemaGuardActive()).isTrue();
            // When the function checks its schema during init
            SchemaCheck check = SchemaCheck.flyway(function).schemas(schema).locations("filesystem:" + shipped)
                    .environment(Map.of());
            // Then it reads the history without writing or changing anything, and, on a function, refuses the start
            assertThat(check.requiresReady()).isTrue();
            assertThatThrownBy(check::atStartup)
                    .isInstanceOf(SchemaNotReadyException.class)
                    .hasMessageStartingWith("The application's start was refused: schema behind (flyway, database at 2 (note)")
                    .hasMessageContaining("pending: 3 (status)")
                    .hasMessageContaining("CONNECTOR_MIGRATIONS_REQUIRE_READY=false would start anyway")
                    .satisfies(e -> assertThat(((SchemaNotReadyException) e).status().state()).isEqualTo(SchemaState.BEHIND));
            assertThat(log.text()).contains("WARN dev.connector.migrations.SchemaCheck - connector-migrations: schema behind");
        }
        assertThat(server.sessionsAfterSettling(appName, java.time.Duration.ofSeconds(5))).isZero();
    }

    @Test
    void onAServerANotReadySchemaIsAWarningAndTheStartGoesOn() throws Exception {
        Fixtures.write(shipped, "V3__status.sql", "ALTER TABLE orders ADD COLUMN status text;\n");
        try (CapturedOutput log = new CapturedOutput()) {
            SchemaCheck check = check(shipped);
            assertThat(check.requiresReady()).isFalse();
            assertThat(check.atStartup().state()).isEqualTo(SchemaState.BEHIND);
            assertThat(check.environment(Map.of(SchemaCheck.REQUIRE_READY_VARIABLE, "true")).requiresReady()).isTrue();
            assertThat(log.text()).contains("WARN dev.connector.migrations.SchemaCheck - connector-migrations: schema behind");
        }
        assertThatThrownBy(() -> check(shipped).environment(Map.of(SchemaCheck.REQUIRE_READY_VARIABLE, "yes")).requiresReady())
                .hasMessage("CONNECTOR_MIGRATIONS_REQUIRE_READY: got 'yes'; allowed: true or false");
    }
}
