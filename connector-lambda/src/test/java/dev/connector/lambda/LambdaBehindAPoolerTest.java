package dev.connector.lambda;

import dev.connector.lambda.runtime.FunctionProcess;
import dev.connector.lambda.runtime.LocalLambda;
import dev.connector.lambda.samples.LateSlowStatementFunction;
import dev.connector.testing.Apps;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function under AWS's runtime interface client, directly and through a real PgBouncer in both modes: it
 * works, and a slow statement that starts late in the invocation, after other statements on the same
 * connection, is cancelled before Lambda's deadline with nothing left running on the server.
 */
class LambdaBehindAPoolerTest {

    private static final String HANDLER = LateSlowStatementFunction.class.getName() + "::handleRequest";

    private static PostgresServer db;
    private static PgBouncer transaction;
    private static PgBouncer session;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        transaction = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(2).start(db);
        session = PgBouncer.in(PgBouncer.Mode.SESSION).poolSize(2).start(db);
    }

    @AfterAll
    static void stop() {
        transaction.close();
        session.close();
    }

    private static Map<String, String> env(String path, String app) {
        Map<String, String> env = new HashMap<>();
        String password = URLEncoder.encode(PostgresServer.APP_PASSWORD, StandardCharsets.UTF_8);
        if (path.equals("direct")) {
            env.put("DATABASE_URL", db.appDatabaseUrl());
        } else {
            PgBouncer bouncer = path.equals("pgbouncer-transaction") ? transaction : session;
            env.put("DATABASE_URL", "postgres://" + PostgresServer.APP_USER + ":" + password + "@" + bouncer.host() + ":"
                    + bouncer.port() + "/" + PostgresServer.APP_DATABASE);
            env.put("CONNECTOR_POOLER", path);
        }
        env.put("PGAPPNAME", app);
        // the three timeouts configured too: behind a pooler they must not break the connect
        env.put("CONNECTOR_STATEMENT_TIMEOUT", "30s");
        env.put("CONNECTOR_LOCK_TIMEOUT", "10s");
        env.put("CONNECTOR_IDLE_IN_TRANSACTION_SESSION_TIMEOUT", "30s");
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "pgbouncer-transaction", "pgbouncer-session"})
    void aSlowStatementLateInTheInvocationIsCancelledBeforeTheDeadlineAndNothingIsLeftRunning(String path)
            throws Exception {
        String app = Apps.uniqueName();
        String marker = "late-" + UUID.randomUUID();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, HANDLER, env(path, app))) {
            // Given a warm function that works (a fresh JVM's first connect can take seconds on a loaded machine)
            LocalLambda.Result warm = lambda.invokeAndWait("{\"short\":1}", 15_000);
            assertThat(warm.error()).as(warm.body() + fn.output()).isFalse();
            // When an invocation with 4.5 s left spends over a second on short statements, then starts a 60 s one
            // on the same connection
            LocalLambda.Result r = lambda.invokeAndWait("{\"short\":8,\"marker\":\"" + marker + "\"}", 4_500);
            // Then it answers with the deadline error before Lambda's deadline, measured from the invocation's start
            assertThat(r.elapsed()).as("from the invocation's start to its answer").isLessThan(Duration.ofMillis(4_500));
            assertThat(r.error()).as(r.body()).isTrue();
            assertThat(r.body()).contains("deadline cut this database work short");
            // and nothing of it is running on the server afterwards
            assertThat(running(marker)).as("the slow statement on the server").isZero();
            if (path.equals("direct")) {
                assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
            }
        }
    }

    /** Active statements with this marker, polled until none or 5 s. */
    private static int running(String marker) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try (Connection c = db.admin(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM "
                    + "pg_stat_activity WHERE state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()")) {
                s.setString(1, "%" + marker + "%");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    int n = rs.getInt(1);
                    if (n == 0 || System.nanoTime() > end) {
                        return n;
                    }
                }
            }
            Thread.sleep(50);
        }
    }
}
