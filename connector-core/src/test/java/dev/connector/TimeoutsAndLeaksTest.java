package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The timeouts and leak detection reach the driver and the pool. */
class TimeoutsAndLeaksTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @Test
    void theConnectTimeoutBoundsALoginToAPeerThatNeverAnswers() throws Exception {
        // The kernel completes the TCP handshake from the backlog; nothing ever answers PostgreSQL's protocol.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ConnectorDataSource ds = ConnectorDataSource.builder().environment(java.util.Map.of())
                     .url("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/x").user("u").password("p")
                     .strategy(PoolingStrategy.UNPOOLED).connectTimeout(Duration.ofSeconds(1))
                     .retryDeadline(Duration.ZERO).shutdownHook(false)
                     .build()) {
            // the first connect in a JVM loads pgjdbc and its crypto (seconds on a loaded machine): not the login
            // the connect timeout bounds, so it is paid before the clock starts
            try (ConnectorDataSource warm = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build();
                 Connection c = warm.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOf(ConnectionFailedException.class)
                    .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class)
                    .satisfies(e -> assertThat(((ConnectionFailedException) e).kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void onceLoggedInTheConnectionHasTheConfiguredSocketTimeoutNotTheLoginBound() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                .connectTimeout(Duration.ofSeconds(1)).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(c.getNetworkTimeout()).isZero();
            s.execute("SELECT pg_sleep(1.5)"); // longer than the login bound, and fine
        }
    }

    @Test
    void theSocketTimeoutEndsAWaitForTheServer() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                .set(ConnectorProperty.SOCKET_TIMEOUT, "1s").build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)"))
                    .isInstanceOf(SQLException.class).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void leakDetectionIsOffByDefaultBecauseItCostsAStackTraceAndATimerPerBorrow() {
        // Given a BOUNDED DataSource as it comes
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED).build()) {
            // Then its pool gets no leak threshold (the benchmarks' defaults pairs measure what that saves),
            // and the documented default says so
            assertThat(ds.config().leakDetectionThreshold()).isZero();
            assertThat(ConnectorProperty.LEAK_DETECTION_THRESHOLD.defaultValue()).contains("0 (off)");
        }
    }

    @Test
    void aConnectionHeldPastTheLeakThresholdIsReportedWithWhereItWasBorrowed() throws Exception {
        String log;
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED)
                     .set(ConnectorProperty.LEAK_DETECTION_THRESHOLD, "2s").build()) {
            try (Connection held = ds.getConnection()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (!out.text().contains("leak") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(held.isValid(1)).isTrue();
            }
            log = out.text();
        }
        assertThat(log).contains("Connection leak detection triggered")
                .contains("at dev.connector.TimeoutsAndLeaksTest.aConnectionHeldPastTheLeakThreshold");
    }
}
