package dev.connector.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault kit does to the network and the server what the guarantees' tests say it does. */
class FaultKitTest {

    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = TestDatabase.start(ServerSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aBlackholeSilencesOpenConnectionsWithoutClosingThem() throws Exception {
        String app = "kit-blackhole";
        try (FaultProxy proxy = FaultProxy.to(server); Connection c = connect(proxy, app)) {
            proxy.blackhole();
            c.setNetworkTimeout(null, 500);
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1"))
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
            assertThat(server.sessions(app)).as("the server never heard of it").isEqualTo(1);
        }
        server.awaitSessions(app, 0, Duration.ofSeconds(5));
    }

    @Test
    void aBlackholeAcceptsNewConnectionsAndNeverAnswers() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server).blackhole()) {
            long start = System.nanoTime();
            Properties p = props("kit-silent");
            p.setProperty("socketTimeout", "1");
            assertThatThrownBy(() -> DriverManager.getConnection(proxy.appJdbcUrl(), p))
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void latencyHoldsEveryChunkOfTheLogin() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server).latency(Duration.ofMillis(200))) {
            long start = System.nanoTime();
            try (Connection c = connect(proxy, "kit-slow")) {
                assertThat(c.isValid(5)).isTrue();
            }
            // SSLRequest, startup, SCRAM first and final message: at least four round trips, each way delayed
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1600));
        }
    }

    @Test
    void aResetEndsOpenConnectionsAndRefusesNewOnes() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(server); Connection c = connect(proxy, "kit-reset")) {
            proxy.reset();
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(proxy, "kit-reset")).hasRootCauseInstanceOf(SocketException.class);
            proxy.forward();
            try (Connection again = connect(proxy, "kit-reset")) {
                assertThat(again.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void halfOpenKeepsTheServerSideOfAVanishedClient() throws Exception {
        String app = "kit-half-open";
        try (FaultProxy proxy = FaultProxy.to(server).halfOpen(true)) {
            Connection c = connect(proxy, app);
            ((org.postgresql.core.BaseConnection) c).abort(Runnable::run); // gone without a Terminate
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(proxy.openConnections()).as("the proxy saw the client go").isZero();
            assertThat(server.sessions(app)).as("the server did not").isEqualTo(1);
        }
        server.awaitSessions(app, 0, Duration.ofSeconds(5));
    }

    @Test
    void restartsEndSessionsAndComeBackOnTheSamePort() throws Exception {
        for (PostgresServer.Shutdown mode : PostgresServer.Shutdown.values()) {
            Connection before = connect(server, "kit-restart");
            server.restart(mode);
            assertThatThrownBy(() -> before.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            try (Connection after = connect(server, "kit-restart")) {
                assertThat(after.isValid(5)).isTrue();
            }
        }
        server.stop(PostgresServer.Shutdown.FAST);
        assertThatThrownBy(() -> connect(server, "kit-restart")).hasRootCauseInstanceOf(java.net.ConnectException.class);
        server.start();
        try (Connection after = connect(server, "kit-restart")) {
            assertThat(after.isValid(5)).isTrue();
        }
    }

    @Test
    void terminatingBackendsEndsTheSessionsOfOneApplication() throws Exception {
        try (Connection a = connect(server, "kit-kill"); Connection b = connect(server, "kit-kill");
             Connection other = connect(server, "kit-other")) {
            assertThat(server.terminateBackends("kit-kill")).isEqualTo(2);
            assertThat(server.sessions("kit-kill")).isZero();
            assertThatThrownBy(() -> a.createStatement().execute("SELECT 1"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57P01"));
            assertThat(other.isValid(5)).isTrue();
        }
    }

    @Test
    void idleSessionTimeoutSetAtRuntimeEndsIdleSessions() throws Exception {
        server.setAtRuntime("idle_session_timeout", "300ms");
        try (Connection c = connect(server, "kit-idle")) {
            server.awaitSessions("kit-idle", 0, Duration.ofSeconds(5));
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        } finally {
            server.setAtRuntime("idle_session_timeout", "0");
        }
    }

    private static Connection connect(FaultProxy proxy, String app) throws SQLException {
        return DriverManager.getConnection(proxy.appJdbcUrl(), props(app));
    }

    private static Connection connect(PostgresServer db, String app) throws SQLException {
        Connection c = DriverManager.getConnection(db.appJdbcUrl(), props(app));
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        return c;
    }

    private static Properties props(String app) {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", PostgresServer.APP_PASSWORD);
        p.setProperty("ApplicationName", app);
        return p;
    }
}
