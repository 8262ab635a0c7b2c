package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.connector.RuntimeDetectionTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedTest {

    private static PostgresServer db;
    /** A server of its own: max_connections 20, superuser_reserved_connections 3 (the default). */
    private static PostgresServer small;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        small = TestDatabase.start(ServerSettings.defaults().maxConnections(20));
    }

    @AfterAll
    static void stop() throws Exception {
        small.close();
    }

    @Test
    void neverExceedsItsMaximumWithFourTimesMoreThreadsThanConnections() throws Exception {
        String app = Apps.uniqueName();
        int max = 4;
        try (ConnectorDataSource ds = Apps.builder(db, app).strategy(PoolingStrategy.BOUNDED).maxPoolSize(max)
                .set(ConnectorProperty.ACQUIRE_TIMEOUT, "30s").build()) {
            ExecutorService threads = Executors.newFixedThreadPool(max * 4);
            AtomicInteger queries = new AtomicInteger();
            List<Future<?>> work = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (int t = 0; t < max * 4; t++) {
                work.add(threads.submit(() -> {
                    while (System.nanoTime() < until) {
                        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(0.01)");
                            queries.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            int peak = 0;
            while (System.nanoTime() < until) {
                peak = Math.max(peak, db.sessions(app));
                Thread.sleep(20);
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertThat(peak).as("peak server sessions").isBetween(1, max);
            assertThat(queries.get()).isGreaterThan(max * 4);
        }
    }

    @Test
    void sizesThePoolFromTheConnectionBudgetReadFromTheServer() throws Exception {
        String app = Apps.uniqueName();
        String log;
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = Apps.builder(small, app).strategy(PoolingStrategy.BOUNDED)
                     .set(ConnectorProperty.INSTANCES, "4").set(ConnectorProperty.ACQUIRE_TIMEOUT, "500ms").build()) {
            // (20 max_connections - 3 reserved) / 4 instances = 4
            assertPoolHoldsExactly(ds, small, app, 4);
            log = out.text();
        }
        assertThat(log).contains("maxPoolSize 4 = min(ceiling 10 for server, (max_connections 20 - reserved 3) / "
                + "instances 4 = 4) [read from the server]");
    }

    @Test
    void usesAConfiguredBudgetWithoutAskingTheServer() throws Exception {
        String log;
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED)
                     .set(ConnectorProperty.SERVER_MAX_CONNECTIONS, "12").set(ConnectorProperty.RESERVED_CONNECTIONS, "2")
                     .set(ConnectorProperty.INSTANCES, "5").build();
             Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
            log = out.text();
        }
        assertThat(log).contains("maxPoolSize 2 = min(ceiling 10 for server, (max_connections 12 - reserved 2) / "
                + "instances 5 = 2) [configured]");
    }

    @Test
    void onManagedInstancesThePoolHoldsAtMostTheConcurrency() throws Exception {
        String app = Apps.uniqueName();
        Map<String, String> managed = with(Apps.LAMBDA, "AWS_LAMBDA_MAX_CONCURRENCY", "3");
        try (ConnectorDataSource ds = Apps.fromPlatform(small, with(managed, "CONNECTOR_ACQUIRE_TIMEOUT", "300ms"), app)
                .build()) {
            ds.markReady();
            assertPoolHoldsExactly(ds, small, app, 3);
        }
    }

    /** Borrows {@code size} connections, sees the next borrow time out, and counts the sessions server-side. */
    private static void assertPoolHoldsExactly(ConnectorDataSource ds, PostgresServer server, String app, int size)
            throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            held.add(ds.getConnection());
        }
        assertThatThrownBy(ds::getConnection).isInstanceOf(ConnectionFailedException.class)
                .hasCauseInstanceOf(SQLTransientConnectionException.class)
                .satisfies(e -> assertThat(((ConnectionFailedException) e).kind()).isEqualTo(FailureKind.POOL_EXHAUSTED));
        assertThat(server.sessions(app)).isEqualTo(size);
        for (Connection c : held) {
            c.close();
        }
    }

    @Test
    void buildingStartsNoThreadAndNeedsNoReachableServer() throws SQLException {
        Set<String> before = UnpooledTest.threadNames();
        ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url("jdbc:postgresql://127.0.0.1:1/nowhere").user("nobody")
                .strategy(PoolingStrategy.BOUNDED).retryDeadline(Duration.ZERO).shutdownHook(false).build();
        try (ds) {
            Set<String> after = UnpooledTest.threadNames();
            after.removeAll(before);
            assertThat(after).as("threads started by building a BOUNDED DataSource").isEmpty();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
        }
        assertThatCode(ds::close).doesNotThrowAnyException();
    }
}
