package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.connector.UnpooledTest.backendPid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints (suspend and resume), observed by the server. Deadlines: {@link DeadlineTest}. */
class CheckpointTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void suspendClosesEverythingAndHoldsBorrowsBackUntilResume(PoolingStrategy strategy) throws Exception {
        String app = Apps.uniqueName();
        try (ConnectorDataSource ds = Apps.builder(db, app).strategy(strategy).maxPoolSize(3).build()) {
            Set<Integer> before = new HashSet<>();
            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Connection c = ds.getConnection();
                before.add(backendPid(c));
                borrowed.add(c);
            }
            try (Connection c = ds.getConnection()) {
                before.add(backendPid(c)); // returned to the pool, idle, for BOUNDED
            }

            ds.suspend();

            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("sessions at the checkpoint").isZero();
            CompletableFuture<Integer> heldBack = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return backendPid(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(heldBack).as("a borrow during the checkpoint waits").isNotDone();

            ds.resume();

            int after = heldBack.get(10, TimeUnit.SECONDS);
            assertThat(before).as("connections from before the checkpoint").doesNotContain(after);
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    assertThat(before).doesNotContain(backendPid(c));
                }
            }
            assertThatThrownBy(() -> borrowed.get(0).createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void closingDuringACheckpointReleasesHeldBorrowsWithTheClosedError() throws Exception {
        ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build();
        ds.suspend();
        CompletableFuture<Connection> heldBack = CompletableFuture.supplyAsync(() -> {
            try {
                return ds.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        Thread.sleep(200);
        ds.close();
        assertThatThrownBy(() -> heldBack.get(5, TimeUnit.SECONDS)).hasMessageContaining("is closed");
    }
}
