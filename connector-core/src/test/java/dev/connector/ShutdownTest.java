package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.HalfOpenProxy;
import dev.connector.testing.HoldConnections;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShutdownTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void closeClosesEveryConnectionIncludingBorrowedOnes(PoolingStrategy strategy) throws Exception {
        String app = Apps.uniqueName();
        ConnectorDataSource ds = Apps.builder(db, app).strategy(strategy).maxPoolSize(4).build();
        List<Connection> borrowed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Connection c = ds.getConnection();
            c.createStatement().execute("SELECT 1");
            borrowed.add(c);
        }
        assertThat(db.sessions(app)).isGreaterThanOrEqualTo(3);

        ds.close();

        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        assertThatThrownBy(() -> borrowed.get(0).createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void closeIsIdempotentAndLaterBorrowsFailClearly(PoolingStrategy strategy) {
        ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(strategy).build();
        ds.close();
        ds.close();
        assertThat(ds.isClosed()).isTrue();
        assertThatThrownBy(ds::getConnection)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("is closed: close() was called, or the JVM is shutting down")
                .hasMessageContaining("connector_app@localhost:" + db.port() + "/connector_app")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void closeUnderLoadLeavesNoSessionAndNoStuckThread(PoolingStrategy strategy) throws Exception {
        String app = Apps.uniqueName();
        ConnectorDataSource ds = Apps.builder(db, app).strategy(strategy).maxPoolSize(4)
                .set(ConnectorProperty.ACQUIRE_TIMEOUT, "2s").build();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger succeeded = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(workers.submit(() -> {
                while (!stop.get()) {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(0.005)");
                        succeeded.incrementAndGet();
                    } catch (SQLException expectedOnceClosed) {
                        if (ds.isClosed()) {
                            return null;
                        }
                    }
                }
                return null;
            }));
        }
        while (succeeded.get() < 50) {
            Thread.sleep(10);
        }

        ds.close();

        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS); // every worker ends: nothing blocks forever on a closed DataSource
        }
        stop.set(true);
        workers.shutdown();
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void aDataSourceClosedEarlierLeavesNoShutdownHookBehind() throws Exception {
        WeakReference<ConnectorDataSource> closed = weakly(true);
        WeakReference<ConnectorDataSource> open = weakly(false);
        for (int i = 0; i < 20 && closed.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(closed.get()).as("a closed DataSource is no longer held by a JVM shutdown hook").isNull();
        assertThat(open.get()).as("an open one is: its hook holds it until shutdown").isNotNull();
        open.get().close();
    }

    private static WeakReference<ConnectorDataSource> weakly(boolean close) {
        ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).shutdownHook(true).build();
        if (close) {
            ds.close();
        }
        return new WeakReference<>(ds);
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void sigtermToAProcessHoldingBorrowedConnectionsLeavesNoSession(PoolingStrategy strategy) throws Exception {
        // Control first: without the hook, the killed process's sessions survive behind the proxy, as they
        // do when a serverless environment is discarded. That is what makes the real case able to fail.
        try (HalfOpenProxy proxy = new HalfOpenProxy(db.host(), db.port())) {
            String app = Apps.uniqueName();
            terminate(startHolder(proxy, app, strategy, false));
            Thread.sleep(500);
            assertThat(db.sessions(app)).as("sessions left by a process without the hook").isEqualTo(3);
        }
        try (HalfOpenProxy proxy = new HalfOpenProxy(db.host(), db.port())) {
            String app = Apps.uniqueName();
            terminate(startHolder(proxy, app, strategy, true));
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void closeEndsRunningStatementsSoTheServerHoldsNothingWithinASecond(PoolingStrategy strategy) throws Exception {
        // Given three borrowed connections, each running a 60 s statement
        String app = Apps.uniqueName();
        ConnectorDataSource ds = Apps.builder(db, app).strategy(strategy).maxPoolSize(4).build();
        ExecutorService runners = Executors.newFixedThreadPool(3);
        List<Future<?>> statements = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Connection c = ds.getConnection();
            statements.add(runners.submit(() -> c.createStatement().execute("SELECT pg_sleep(60)")));
        }
        db.awaitSessions(app, 3, Duration.ofSeconds(10));
        awaitActive(app, 3);

        // When the DataSource is closed
        long start = System.nanoTime();
        ds.close();

        // Then the server ends every session within a second of close() starting (a Terminate alone would
        // reach a busy backend only when its statement ends, 60 s later)
        db.awaitSessions(app, 0, Duration.ofSeconds(1).minusNanos(System.nanoTime() - start));
        for (Future<?> f : statements) {
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        }
        runners.shutdown();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void sigtermWhileStatementsRunLeavesNoSessionWithinASecond(PoolingStrategy strategy) throws Exception {
        try (HalfOpenProxy proxy = new HalfOpenProxy(db.host(), db.port())) {
            String app = Apps.uniqueName();
            Process holder = startHolder(proxy, app, strategy, true, "SELECT pg_sleep(60)");
            awaitActive(app, 3);
            long start = System.nanoTime();
            holder.destroy(); // SIGTERM
            db.awaitSessions(app, 0, Duration.ofSeconds(1).minusNanos(System.nanoTime() - start));
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void awaitActive(String app, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.activeSessions(app) < expected) {
            assertThat(System.nanoTime()).as("statements running").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Process startHolder(HalfOpenProxy proxy, String app, PoolingStrategy strategy, boolean hook,
                                       String... statement) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldConnections.class.getName(), "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/connector_app",
                PostgresServer.APP_USER, PostgresServer.APP_PASSWORD, app, strategy.name(), "3", String.valueOf(hook)));
        command.addAll(List.of(statement));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("READY")) {
                assertThat(db.sessions(app)).isGreaterThanOrEqualTo(3);
                drain(out);
                return p;
            }
        }
        throw new AssertionError("the child JVM ended before it was ready:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException processGone) {
                // the child was killed
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    private static void terminate(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("child exited after SIGTERM").isTrue();
    }
}
