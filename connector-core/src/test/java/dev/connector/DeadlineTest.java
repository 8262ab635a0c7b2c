package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deadlines bound every statement by the time left when it runs, not when the connection was opened: directly
 * and through a real PgBouncer in both pool modes, for both strategies. The server is the oracle: what is still
 * running on it (pg_stat_activity) and what rows exist.
 */
class DeadlineTest {

    private static PostgresServer db;
    private static PgBouncer transaction;
    private static PgBouncer session;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        transaction = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(4).start(db);
        session = PgBouncer.in(PgBouncer.Mode.SESSION).poolSize(4).start(db);
        try (Connection c = app(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS deadline_probe (marker text)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        transaction.close();
        session.close();
    }

    static Stream<Arguments> paths() {
        List<Arguments> out = new ArrayList<>();
        for (String path : List.of("direct", "pgbouncer-transaction", "pgbouncer-session")) {
            for (PoolingStrategy strategy : PoolingStrategy.values()) {
                out.add(Arguments.of(path, strategy));
            }
        }
        return out.stream();
    }

    static ConnectorDataSource.Builder through(String path, String app) {
        switch (path) {
            case "direct":
                return Apps.builder(db, app);
            case "pgbouncer-transaction":
                return Apps.builder(transaction, app);
            default:
                return Apps.builder(session, app);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("paths")
    void aSlowStatementLateOnAConnectionInUseIsCancelledAtTheDeadlineAndNothingIsLeftRunning(
            String path, PoolingStrategy strategy) throws Exception {
        String marker = "late-" + UUID.randomUUID();
        try (ConnectorDataSource ds = through(path, Apps.uniqueName()).strategy(strategy).maxPoolSize(2).build()) {
            // Given a deadline 3 s away and a connection that has already been busy for over a second
            Deadline deadline = Deadline.after(Duration.ofSeconds(3));
            try (Connection c = ds.getConnection(deadline); Statement s = c.createStatement()) {
                for (int i = 0; i < 6; i++) {
                    s.execute("SELECT pg_sleep(0.2)");
                }
                assertThat(deadline.remaining()).isLessThan(Duration.ofMillis(1900));
                // When a statement that would run 60 s starts
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(60) /* " + marker + " */"))
                        // Then it is cancelled when the time left runs out
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(deadline.remaining()).as("cancelled at, not long after, the deadline")
                        .isGreaterThan(Duration.ofMillis(-1500));
            }
            // and the server is running nothing of it
            assertThat(runningOnServer(marker, Duration.ofSeconds(5))).isZero();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("paths")
    void aStatementAfterTheDeadlineIsNeverSent(String path, PoolingStrategy strategy) throws Exception {
        String marker = "after-" + UUID.randomUUID();
        try (ConnectorDataSource ds = through(path, Apps.uniqueName()).strategy(strategy).maxPoolSize(2).build()) {
            Deadline deadline = Deadline.after(Duration.ofMillis(1500));
            try (Connection c = ds.getConnection(deadline);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO deadline_probe VALUES (?)")) {
                insert.setString(1, marker + "-before");
                insert.executeUpdate();
                while (!deadline.hasPassed()) {
                    Thread.sleep(50);
                }
                insert.setString(1, marker);
                assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("deadline had passed").hasMessageContaining("it was not run")
                        .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.DEADLINE_EXCEEDED));
            }
        }
        assertThat(rows(marker + "-before")).isEqualTo(1);
        assertThat(rows(marker)).isZero();
    }

    @Test
    void aPooledConnectionBorrowedLaterWithoutADeadlineKeepsNoBoundOfTheEarlierOne() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED)
                .maxPoolSize(1).build()) {
            try (Connection c = ds.getConnection(Deadline.after(Duration.ofMillis(800)));
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(1.5)"); // the same physical connection (pool of one), past the old deadline
            }
        }
    }

    @Test
    void aDeadlineAlreadyPassedFailsAtOnceAndNamesIt() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build()) {
            assertThatThrownBy(() -> ds.getConnection(Deadline.after(Duration.ofMillis(-1))))
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageContaining("the invocation's deadline passed")
                    .satisfies(e -> assertThat(((ConnectionFailedException) e).kind())
                            .isEqualTo(FailureKind.DEADLINE_EXCEEDED));
        }
    }

    /** Statements with this marker still active on the server once things settle (0 as soon as none is). */
    static int runningOnServer(String marker, Duration settle) throws Exception {
        long end = System.nanoTime() + settle.toNanos();
        while (true) {
            int n;
            try (Connection c = db.admin(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM "
                    + "pg_stat_activity WHERE state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()")) {
                s.setString(1, "%" + marker + "%");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    n = rs.getInt(1);
                }
            }
            if (n == 0 || System.nanoTime() > end) {
                return n;
            }
            Thread.sleep(50);
        }
    }

    /** The app database directly, by pgjdbc alone: the oracle's own connection. */
    private static Connection app() throws SQLException {
        return java.sql.DriverManager.getConnection(db.appJdbcUrl(), PostgresServer.APP_USER, PostgresServer.APP_PASSWORD);
    }

    private static int rows(String marker) throws SQLException {
        try (Connection c = app(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM deadline_probe WHERE marker = ?")) {
            s.setString(1, marker);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
