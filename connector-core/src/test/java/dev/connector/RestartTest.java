package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: while the server restarts (fast or immediate), every failure of a new connection is transient and
 * retried within the retry deadline (5 s), so no getConnection() fails when the server is back within it.
 * Statements on connections the restart ended do fail: that is the server's doing, and those connections are
 * not handed out again.
 */
class RestartTest {

    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = TestDatabase.start(ServerSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void restartsUnderLoadFailNoGetConnection(PoolingStrategy strategy) throws Exception {
        String app = Apps.uniqueName();
        Queue<SQLException> borrowFailures = new ConcurrentLinkedQueue<>();
        AtomicInteger statementFailures = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        // Given eight threads borrowing, querying and returning connections as fast as they can
        try (ConnectorDataSource ds = Apps.builder(server, app).strategy(strategy).maxPoolSize(4).build()) {
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                workers.add(load.submit(() -> {
                    while (!stop.get()) {
                        Connection c;
                        try {
                            c = ds.getConnection();
                        } catch (SQLException e) {
                            borrowFailures.add(e);
                            continue;
                        }
                        try (c; Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                            succeeded.incrementAndGet();
                        } catch (SQLException endedByTheRestart) {
                            statementFailures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // When the server restarts, fast and immediate, twice each, with load in between
            for (PostgresServer.Shutdown mode : List.of(PostgresServer.Shutdown.FAST, PostgresServer.Shutdown.IMMEDIATE,
                    PostgresServer.Shutdown.FAST, PostgresServer.Shutdown.IMMEDIATE)) {
                awaitProgress(succeeded, 50);
                server.restart(mode);
            }
            awaitProgress(succeeded, 50);
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            load.shutdown();
        }
        // Then no getConnection() failed, and nothing is left on the server
        assertThat(borrowFailures).as("getConnection() failures during restarts").isEmpty();
        assertThat(succeeded.get()).isGreaterThan(250);
        server.awaitSessions(app, 0, Duration.ofSeconds(5));
    }

    private static void awaitProgress(AtomicInteger succeeded, int more) throws InterruptedException {
        int target = succeeded.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (succeeded.get() < target) {
            assertThat(System.nanoTime()).as("the load makes progress").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
