package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.FaultProxy;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.connector.LoginBoundTest.since;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Guarantees: permanent failures fail at once in both strategies; each failure is reported by its cause, and
 * POOL_EXHAUSTED only when every pooled connection was borrowed, with the pool's state; a thread waiting for a
 * connection when the DataSource is closed fails within a second with the closed cause.
 */
class PoolFailuresTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void aWrongPasswordFailsEveryBorrowAtOnceEvenWithMaxPoolSizeSet(PoolingStrategy strategy) {
        String app = Apps.uniqueName();
        try (ConnectorDataSource ds = Apps.builder(db, app).strategy(strategy).maxPoolSize(4)
                .password("wrong-" + PostgresServer.APP_PASSWORD).build()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED));
                assertThat(since(start)).isLessThan(Duration.ofSeconds(1));
            }
        }
        assertThat(db.sessions(app)).isZero();
    }

    @Test
    void aBorrowerWaitingWhenTheDataSourceClosesFailsWithinASecondWithTheClosedCause() throws Exception {
        String app = Apps.uniqueName();
        ConnectorDataSource ds = Apps.builder(db, app).strategy(PoolingStrategy.BOUNDED).maxPoolSize(1)
                .set(ConnectorProperty.ACQUIRE_TIMEOUT, "10s").build();
        ds.getConnection(); // held: the only connection
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> failureOf(ds));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!waiterIsWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        ds.close();
        Throwable failure = waiter.get(10, TimeUnit.SECONDS);
        assertThat(since(start)).isLessThan(Duration.ofMillis(1500));
        assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("is closed")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        db.awaitSessions(app, 0, Duration.ofSeconds(2));
    }

    @Test
    void aPoolWhoseConnectionsAreAllBorrowedSaysSoWithItsState() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED)
                .maxPoolSize(2).set(ConnectorProperty.ACQUIRE_TIMEOUT, "1500ms").build();
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.POOL_EXHAUSTED);
                assertThat(e.getMessage()).startsWith("The pool had no connection to hand out within 1.5 s: all 2 were "
                        + "borrowed (active 2, idle 0, waiting ").contains("max 2)");
            });
            assertThat(since(start)).isBetween(Duration.ofMillis(1400), Duration.ofMillis(3500));
        }
    }

    @Test
    void aBlackholeIsReportedAsAConnectTimeoutNotAsPoolExhaustion() throws Exception {
        // Given a pool with an idle connection, and then a network that swallows everything
        try (FaultProxy proxy = FaultProxy.to(db);
             ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).url(proxy.appJdbcUrl())
                     .strategy(PoolingStrategy.BOUNDED).maxPoolSize(2).connectTimeout(Duration.ofSeconds(5))
                     .set(ConnectorProperty.ACQUIRE_TIMEOUT, "3s").build()) {
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
            proxy.blackhole();
            Thread.sleep(600); // idle longer than HikariCP's 500 ms, so the borrow validates it
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
                assertThat(e.getMessage()).contains("it was not exhausted").doesNotContain("leak");
            });
            assertThat(since(start)).isLessThan(Duration.ofMillis(5000));
        }
    }

    private static boolean waiterIsWaiting() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().endsWith("ConcurrentBag") && e.getMethodName().equals("borrow")) {
                    return true;
                }
            }
            return false;
        });
    }

    private static Throwable failureOf(ConnectorDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
