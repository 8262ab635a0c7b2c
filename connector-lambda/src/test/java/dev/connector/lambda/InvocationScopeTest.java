package dev.connector.lambda;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invocation scope in-process: per connector, decorators not proxies, borrow sites only when asked for. */
class InvocationScopeTest {

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
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void beginningAnInvocationOnOneConnectorLeavesTheOtherConnectorsInvocationOpen() throws Exception {
        String app1 = Apps.uniqueName();
        String app2 = Apps.uniqueName();
        try (LambdaConnector db1 = LambdaConnector.fromEnvironment(env(app1));
             LambdaConnector db2 = LambdaConnector.fromEnvironment(env(app2))) {
            // Given an invocation on DB1 with a connection in use
            try (Invocation first = db1.begin(new TestContext(10_000))) {
                Connection c1 = db1.getConnection();
                // When the same thread begins and ends an invocation on DB2
                try (Invocation second = db2.begin(new TestContext(10_000)); Connection c2 = db2.getConnection()) {
                    assertThat(c2.isValid(2)).isTrue();
                }
                // Then DB1's invocation and its connection are untouched
                assertThat(c1.isClosed()).isFalse();
                assertThat(db.sessions(app1)).as("DB1's session during its invocation").isEqualTo(1);
                try (Statement s = c1.createStatement()) {
                    s.execute("SELECT 1");
                }
            }
            // and DB1's own end closes it
            assertThat(db.sessionsAfterSettling(app1, Duration.ofSeconds(5))).isZero();
            assertThat(db.sessionsAfterSettling(app2, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void connectionsAndStatementsAreDecoratorsThatLeadBackToTheTrackedConnection() throws Exception {
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(Apps.uniqueName()));
             Invocation invocation = connector.begin(new TestContext(10_000));
             Connection c = connector.getConnection();
             Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("SELECT 1");
             CallableStatement cs = c.prepareCall("SELECT 1")) {
            for (Object o : new Object[] {c, s, ps, cs}) {
                assertThat(Proxy.isProxyClass(o.getClass())).as(o.getClass().getName()).isFalse();
            }
            assertThat(s.getConnection()).isSameAs(c);
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(cs.getConnection()).isSameAs(c);
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
        }
    }

    @Test
    void aPreparedStatementCutShortByTheDeadlineIsADeadlineFailure() throws Exception {
        String app = Apps.uniqueName();
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(env(app, "CONNECTOR_LAMBDA_DEADLINE_MARGIN", "300ms"));
             Invocation invocation = connector.begin(new TestContext(4000)); // room for a connect under load
             Connection c = connector.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?)")) {
            ps.setInt(1, 10);
            assertThatThrownBy(ps::executeQuery).isInstanceOf(InvocationDeadlineException.class)
                    .hasMessageContaining("ms left when invocation " + invocation.requestId() + " began");
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void aLeakFromAPooledConnectorIsReportedWithoutASiteUnlessSitesAreAskedFor() throws Exception {
        assertThat(leakReport("AWS_LAMBDA_MAX_CONCURRENCY", "4"))
                .contains("1 connection(s) still open; they were closed")
                .contains("set CONNECTOR_LAMBDA_LEAK_SITES=true").doesNotContain("borrowed here");
        assertThat(leakReport("AWS_LAMBDA_MAX_CONCURRENCY", "4", "CONNECTOR_LAMBDA_LEAK_SITES", "true"))
                .contains("The first was borrowed here").contains("at " + InvocationScopeTest.class.getName() + ".leakReport");
        assertThat(leakReport()).as("UNPOOLED records sites by default")
                .contains("The first was borrowed here").contains("at " + InvocationScopeTest.class.getName() + ".leakReport");
    }

    private static String leakReport(String... more) throws Exception {
        String app = Apps.uniqueName();
        try (CapturedOutput out = new CapturedOutput();
             LambdaConnector connector = LambdaConnector.fromEnvironment(env(app, more))) {
            try (Invocation invocation = connector.begin(new TestContext(10_000))) {
                connector.getConnection().isValid(2);
            }
            return out.text();
        }
    }
}
