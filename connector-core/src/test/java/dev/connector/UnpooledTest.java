package dev.connector;

import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnpooledTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    static ConnectorDataSource.Builder unpooled(String appName) {
        return ConnectorDataSource.builder()
                .url(db.appJdbcUrl()).user(PostgresServer.APP_USER).password(PostgresServer.APP_PASSWORD)
                .applicationName(appName)
                .strategy(PoolingStrategy.UNPOOLED)
                .shutdownHook(false);
    }

    static String appName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void leavesNoSessionAfterBorrowCloseCyclesIncludingOnesThatThrow() throws Exception {
        String app = appName();
        try (ConnectorDataSource ds = unpooled(app).build()) {
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1/0");
                } catch (SQLException expected) {
                    assertThat(expected.getSQLState()).isEqualTo("22012");
                }
                try (Connection c = ds.getConnection()) {
                    throw new IllegalStateException("the application fails while holding a connection");
                } catch (IllegalStateException expected) {
                    // the connection was closed by try-with-resources
                }
            }
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void eachBorrowIsItsOwnPhysicalConnection() throws Exception {
        String app = appName();
        try (ConnectorDataSource ds = unpooled(app).build();
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            assertThat(backendPid(a)).isNotEqualTo(backendPid(b));
            assertThat(db.sessions(app)).isEqualTo(2);
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void startsNoThreadWhenBuiltOrUsed() throws Exception {
        Set<String> before = threadNames();
        try (ConnectorDataSource ds = unpooled(appName()).build()) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    assertThat(c.isValid(2)).isTrue();
                }
            }
            Set<String> after = threadNames();
            after.removeAll(before);
            assertThat(after).as("threads started by the UNPOOLED strategy").isEmpty();
        }
    }

    @Test
    void buildingDoesNoNetworkIoEvenWhenTheServerIsUnreachable() {
        // port 1 on loopback: nothing listens there; building must not notice.
        ConnectorDataSource ds = ConnectorDataSource.builder().url("jdbc:postgresql://127.0.0.1:1/nowhere")
                .user("nobody").strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ZERO).shutdownHook(false).build();
        try (ds) {
            assertThat(ds.strategy()).isEqualTo(PoolingStrategy.UNPOOLED);
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
        }
    }

    static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toSet());
    }
}
