package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: the pool reads the server's idle_session_timeout when it starts and keeps idle connections alive
 * below it (at half of it, when that is 30 s or more), so the server never ends a pooled connection for
 * idleness and the pool never hands out one it ended.
 */
class IdleSessionTimeoutTest {

    private static final Duration IDLE_SESSION_TIMEOUT = Duration.ofSeconds(62);

    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = TestDatabase.start(ServerSettings.defaults().set("idle_session_timeout", "62s"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES) // waits past a 62 s timeout by design
    void pooledConnectionsOutliveTheServersIdleSessionTimeout() throws Exception {
        String app = Apps.uniqueName();
        String log;
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = Apps.builder(server, app).strategy(PoolingStrategy.BOUNDED).maxPoolSize(2)
                     .set(ConnectorProperty.MIN_IDLE, "2").build()) {
            // Given a pool of two connections, both idle
            Set<Integer> before = backendPids(ds, 2);
            server.awaitSessions(app, 2, Duration.ofSeconds(5));
            // When they stay idle past the server's idle_session_timeout (polled: any ended session fails at once)
            long until = System.nanoTime() + IDLE_SESSION_TIMEOUT.plusSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                assertThat(server.sessions(app)).as("pooled sessions still on the server").isEqualTo(2);
                Thread.sleep(1000);
            }
            // Then the pool hands out the same two sessions, alive
            assertThat(backendPids(ds, 2)).isEqualTo(before);
            log = out.text();
        }
        assertThat(log).contains("the server's idle_session_timeout is 62000 ms")
                .doesNotContain("Failed to validate connection").doesNotContain("WARN");
    }

    private static Set<Integer> backendPids(ConnectorDataSource ds, int n) throws Exception {
        List<Connection> held = new ArrayList<>();
        Set<Integer> pids = new TreeSet<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = ds.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pids.add(rs.getInt(1));
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        return pids;
    }
}
