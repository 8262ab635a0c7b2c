package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** explain() says what failed: a statement, or the connection under it. */
class ExplainTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @Test
    void aStatementErrorIsExplainedAsAStatementNotAsAConnectionFailure() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            SQLException failure = failureOf(s, "SELECT 1 / 0");
            ConnectionFailedException e = ds.explain(failure);
            assertThat(e.kind()).isEqualTo(FailureKind.STATEMENT_FAILED);
            assertThat(e.getSQLState()).isEqualTo("22012");
            assertThat(e.getMessage()).startsWith("A statement failed: the server refused it (SQLState 22012).")
                    .contains("Attempted: run a statement as user \"connector_app\" on database \"connector_app\"")
                    .contains("The connection itself is fine.")
                    .contains("The driver said: ERROR: division by zero")
                    .doesNotContain("Could not connect");
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void aStatementWhoseSessionTheServerEndedIsExplainedByTheConnection() throws Exception {
        String app = Apps.uniqueName();
        try (ConnectorDataSource ds = Apps.builder(db, app).strategy(PoolingStrategy.UNPOOLED).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            db.terminateBackends(app);
            ConnectionFailedException e = ds.explain(failureOf(s, "SELECT 1"));
            assertThat(e.kind()).isEqualTo(FailureKind.SERVER_SHUTTING_DOWN);
            assertThat(e.getMessage()).startsWith("A statement failed because its connection did: the server is shutting down.");
        }
    }

    @Test
    void aMissingPasswordIsItsOwnKindAndFailsAtOnce() {
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url(db.appJdbcUrl()).user(PostgresServer.APP_USER).shutdownHook(false).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.MISSING_PASSWORD);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.getMessage()).contains("PGPASSWORD");
            });
            assertThat(LoginBoundTest.since(start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    private static SQLException failureOf(Statement s, String sql) {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError(sql + " did not fail");
    }
}
