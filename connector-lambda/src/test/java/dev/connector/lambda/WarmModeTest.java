package dev.connector.lambda;

import dev.connector.InvalidConfigurationException;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Warm mode in-process against a real PostgreSQL; every session counted on the server by application name. */
class WarmModeTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private static Map<String, String> env(String app, String... more) {
        Map<String, String> env = new HashMap<>(Apps.LAMBDA);
        env.put("DATABASE_URL", db.appDatabaseUrl());
        env.put("PGAPPNAME", app);
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        env.put("CONNECTOR_LAMBDA_PRIMING", "false");
        env.put("CONNECTOR_LAMBDA_WARM", "true");
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static int invoke(LambdaConnector connector) throws SQLException {
        try (Invocation invocation = connector.begin(new TestContext(10_000)); Connection c = connector.getConnection()) {
            return pid(c);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void invocationsReuseOneSessionWithTheIdleTimeoutSetOnIt() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app))) {
            Set<Integer> pids = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                pids.add(invoke(connector));
                assertThat(db.sessions(app)).as("sessions between invocations").isEqualTo(1);
            }
            assertThat(pids).as("one session for ten invocations").hasSize(1);
            assertThat(connector.warmConnection().connects()).isEqualTo(1);
            try (Invocation invocation = connector.begin(new TestContext(10_000)); Connection c = connector.getConnection()) {
                assertThat(setting(c, "idle_session_timeout")).isEqualTo("30s");
            }
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("after close").isZero();
    }

    @Test
    void theServerEndsAnUnusedSessionAfterTheTimeoutAndTheNextInvocationReplacesIt() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app, "CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT", "1s"))) {
            // Given a warm session, then an environment that stays idle (or frozen: the server's clock runs on)
            int first = invoke(connector);
            // Then the server ends the session by itself
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).as("sessions after the idle timeout").isZero();
            // and the next invocation notices, replaces it and succeeds
            int second = invoke(connector);
            assertThat(second).isNotEqualTo(first);
            assertThat(connector.warmConnection().connects()).isEqualTo(2);
        }
    }

    @Test
    void aSessionTerminatedOnTheServerIsReplacedWhenUnusedLongerThanTheValidationWindow() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app))) {
            int first = invoke(connector);
            db.execute("SELECT pg_terminate_backend(" + first + ")");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
            Thread.sleep(600); // past the 500 ms validation window
            assertThat(invoke(connector)).isNotEqualTo(first);
        }
    }

    @Test
    void theWarmConnectionIsNeverSharedByTwoBorrows() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app))) {
            int warm = invoke(connector);
            // Two borrows in one invocation: the second gets a connection of its own, closed with it
            try (Invocation invocation = connector.begin(new TestContext(10_000));
                 Connection a = connector.getConnection(); Connection b = connector.getConnection()) {
                assertThat(pid(a)).isEqualTo(warm);
                assertThat(pid(b)).isNotEqualTo(warm);
            }
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("the warm one only").isEqualTo(1);
            // Two invocations at once on two threads
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
                try (Invocation invocation = connector.begin(new TestContext(10_000)); Connection c = connector.getConnection()) {
                    holding.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return pid(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            int mine = invoke(connector);
            release.countDown();
            assertThat(other.get(10, TimeUnit.SECONDS)).isNotEqualTo(mine);
        }
    }

    @Test
    void whatAnInvocationLeftOnTheSessionDoesNotReachTheNext() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app))) {
            try (Invocation invocation = connector.begin(new TestContext(10_000)); Connection c = connector.getConnection();
                 Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("SELECT txid_current()"); // a transaction with an id, left open
            }
            try (Invocation invocation = connector.begin(new TestContext(10_000)); Connection c = connector.getConnection();
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT txid_current_if_assigned()")) {
                assertThat(c.getAutoCommit()).isTrue();
                rs.next();
                assertThat(rs.getObject(1)).as("a transaction carried over").isNull();
            }
        }
    }

    @Test
    void aCheckpointClosesTheWarmSessionAndTheRestoreConnectsAfresh() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app))) {
            int before = invoke(connector);
            connector.checkpointHooks().beforeCheckpoint(null);
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("sessions at the checkpoint").isZero();
            connector.checkpointHooks().afterRestore(null);
            assertThat(invoke(connector)).isNotEqualTo(before);
        }
    }

    @Test
    void refusesWarmModeWhereAPoolKeepsConnectionsAndATimeoutBelowOneSecond() {
        assertThatThrownBy(() -> LambdaConnector.fromEnvironment(env(Apps.uniqueName(), "AWS_LAMBDA_MAX_CONCURRENCY", "4")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("CONNECTOR_LAMBDA_WARM: got 'true' with strategy BOUNDED");
        assertThatThrownBy(() -> LambdaConnector.fromEnvironment(env(Apps.uniqueName(), "CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT", "500ms")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT: got '500ms'; allowed: a duration")
                .hasMessageContaining("of at least 1s");
    }
}
