package dev.connector.migrations;

import dev.connector.ConnectorDataSource;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Liquibase histories on a real server, one per state, read by SchemaCheck without Liquibase writing. */
class SchemaCheckLiquibaseTest {

    private static PostgresServer server;
    private static ConnectorDataSource app;

    @TempDir
    Path dir;
    private String schema;

    @BeforeAll
    static void start() {
        server = TestDatabase.shared();
        app = Fixtures.connection(server, Apps.uniqueName()).build();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private String changelog(String... changesets) {
        StringBuilder s = new StringBuilder("--liquibase formatted sql\n");
        for (String c : changesets) {
            s.append('\n').append(c.replace("S.", schema + ".")).append('\n');
        }
        return s.toString();
    }

    private static final String ONE = "--changeset dev:1\nCREATE TABLE S.orders (id bigint PRIMARY KEY);";
    private static final String TWO = "--changeset dev:2\nALTER TABLE S.orders ADD COLUMN note text;";
    private static final String THREE = "--changeset dev:3\nALTER TABLE S.orders ADD COLUMN status text;";

    /** Given a database updated to changeset 2 by the deploy step. */
    @BeforeEach
    void updatedToChangeset2() throws Exception {
        schema = Fixtures.uniqueSchema();
        Fixtures.exec(server, "CREATE SCHEMA " + schema);
        Fixtures.write(dir, "changelog.sql", changelog(ONE, TWO));
        LiquibaseRuns.update(app, schema, dir, "changelog.sql");
    }

    private SchemaStatus read(String... shippedChangesets) throws Exception {
        Path shipped = Fixtures.write(dir.resolve("app"), "changelog.sql", changelog(shippedChangesets));
        String before = Fixtures.queryOne(server, "SELECT md5(string_agg(t::text, ',')) FROM " + schema + ".databasechangelog t");
        SchemaStatus status = SchemaCheck.liquibase(app, "changelog.sql").directory(shipped).schemas(schema)
                .environment(Map.of()).read();
        // the check never writes: the history is exactly as it was
        assertThat(Fixtures.queryOne(server, "SELECT md5(string_agg(t::text, ',')) FROM " + schema + ".databasechangelog t"))
                .isEqualTo(before);
        return status;
    }

    @Test
    void everyShippedChangesetAppliedIsUpToDate() throws Exception {
        SchemaStatus status = read(ONE, TWO);
        assertThat(status.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(status.appliedVersion()).isEqualTo("changelog.sql::2::dev");
    }

    @Test
    void aChangesetAddedToTheApplicationMakesTheSchemaBehind() throws Exception {
        SchemaStatus status = read(ONE, TWO, THREE);
        assertThat(status.state()).isEqualTo(SchemaState.BEHIND);
        assertThat(status.pending()).containsExactly("changelog.sql::3::dev");
    }

    @Test
    void aChangesetEditedAfterItRanIsDrift() throws Exception {
        SchemaStatus status = read(ONE, TWO.replace("note text", "note varchar(20)"));
        assertThat(status.state()).isEqualTo(SchemaState.DRIFTED);
        assertThat(status.drifted()).singleElement().asString()
                .startsWith("changelog.sql::2::dev changed after it was applied (checksum 9:");
    }

    @Test
    void aRunThatDiedHoldingTheChangelogLockIsFailed() throws Exception {
        // what a deploy killed in the middle of an update leaves behind
        Fixtures.exec(server, "UPDATE " + schema + ".databasechangeloglock SET locked = true, lockgranted = now(), "
                + "lockedby = 'deploy-7f (10.0.0.7)'");
        SchemaStatus status = read(ONE, TWO);
        assertThat(status.state()).isEqualTo(SchemaState.FAILED);
        assertThat(status.failed()).singleElement().asString().startsWith("the changelog lock is held by deploy-7f (10.0.0.7)");
        assertThat(status.summary()).contains("liquibase release-locks");
    }

    @Test
    void aNewerChangesetAppliedThatTheApplicationLacksIsAhead() throws Exception {
        Fixtures.write(dir, "changelog.sql", changelog(ONE, TWO, THREE));
        LiquibaseRuns.update(app, schema, dir, "changelog.sql");
        SchemaStatus status = read(ONE, TWO);
        assertThat(status.state()).isEqualTo(SchemaState.AHEAD);
        assertThat(status.isReady()).isTrue();
        assertThat(status.ahead()).containsExactly("changelog.sql::3::dev");
    }

    @Test
    void anAppliedChangesetTheApplicationLacksAmongOlderOnesIsDrift() throws Exception {
        SchemaStatus status = read(TWO);
        assertThat(status.state()).isEqualTo(SchemaState.DRIFTED);
        assertThat(status.drifted()).containsExactly("changelog.sql::1::dev applied but not shipped by this application");
    }
}
