package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.FaultProxy;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.connector.LoginBoundTest.since;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: a statement never waits on a dead network much longer than its statement timeout (plus 1 s); with
 * nothing configured, TCP keepalive (30 s idle, then 3 probes 10 s apart) notices a dead peer within 60 s.
 */
class DeadNetworkTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void aStatementOnANetworkThatGoesSilentFailsSoonAfterItsStatementTimeout(PoolingStrategy strategy) throws Exception {
        // Given a statement timeout of 1 s, and a connection whose path then goes silent
        try (FaultProxy proxy = FaultProxy.to(db);
             ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).url(proxy.appJdbcUrl()).strategy(strategy)
                     .statementTimeout(Duration.ofSeconds(1)).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            proxy.blackhole();
            // When a statement runs: the server cancels it at 1 s, and its answer is lost on the way
            long start = System.nanoTime();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> failureOf(s, "SELECT pg_sleep(30)"));
            // Then it fails within statement timeout + 1 s grace (+ slack), not never
            Throwable failure = outcome.get(20, TimeUnit.SECONDS);
            assertThat(since(start)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3500));
            assertThat(failure).isInstanceOf(SQLException.class).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void withAStatementTimeoutALongStatementOnAHealthyNetworkIsCancelledByTheServerNotByTheSocket(PoolingStrategy strategy)
            throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(strategy)
                .statementTimeout(Duration.ofSeconds(1)).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            Throwable failure = failureOf(s, "SELECT pg_sleep(5)");
            assertThat(((SQLException) failure).getSQLState()).isEqualTo("57014"); // canceling statement due to statement timeout
            assertThat(c.isValid(2)).as("the connection stays usable").isTrue();
        }
    }

    @Test
    void withNothingConfiguredEveryConnectionProbesItsPeerAfter30SecondsOfSilence() throws Exception {
        // The kernel's own view of the socket: ss shows the keepalive timer, which starts at TCP_KEEPIDLE
        // (the Linux default is 7200 s). On loopback the peer's kernel always answers, so what a dead peer would
        // do is left to TCP: 3 unanswered probes 10 s apart close the socket, 60 s after the silence began.
        try (FaultProxy proxy = FaultProxy.to(db);
             ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).url(proxy.appJdbcUrl())
                     .strategy(PoolingStrategy.UNPOOLED).build();
             Connection c = ds.getConnection()) {
            assertThat(c.getNetworkTimeout()).as("no socket timeout: long statements are the user's business").isZero();
            Process ss = new ProcessBuilder("ss", "-tno", "state", "established", "dport", "= :" + proxy.port())
                    .redirectErrorStream(true).start();
            String out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(ss.getInputStream(), StandardCharsets.UTF_8))) {
                out = r.lines().collect(Collectors.joining("\n"));
            }
            ss.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("timer:\\(keepalive,(\\d+)(?:\\.\\d+)?(ms|sec|min)").matcher(out);
            assertThat(m.find()).as("a keepalive timer on the connection's socket:\n" + out).isTrue();
            long seconds = m.group(2).equals("min") ? Long.parseLong(m.group(1)) * 60
                    : m.group(2).equals("ms") ? 0 : Long.parseLong(m.group(1));
            assertThat(seconds).isLessThanOrEqualTo(30);
        }
    }

    private static Throwable failureOf(Statement s, String sql) {
        try {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
