package dev.connector.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connector.lambda.runtime.FunctionProcess;
import dev.connector.lambda.runtime.LocalLambda;
import dev.connector.lambda.samples.DdlInInitFunction;
import dev.connector.lambda.samples.OrdersFunction;
import dev.connector.testing.Apps;
import dev.connector.testing.HalfOpenProxy;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Functions built against this module, run in their own JVM by AWS's runtime interface client against a
 * local Runtime API and Extensions API; every outcome checked on the server, by application name.
 */
class LambdaRuntimeTest {

    private static final String ORDERS = OrdersFunction.class.getName() + "::handleRequest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private static Map<String, String> env(String app, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", db.appDatabaseUrl());
        env.put("PGAPPNAME", app);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static JsonNode body(LocalLambda.Result r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void fiftyInvocationsInARowLeaveNoSessionBetweenThem() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app))) {
            Set<Integer> pids = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"select\"}", 10_000);
                assertThat(r.error()).as(r.body()).isFalse();
                pids.add(body(r).get("pid").asInt());
                assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("sessions after invocation " + i).isZero();
            }
            assertThat(pids).as("a physical connection per invocation").hasSize(50);
            assertThat(fn.output()).contains("strategy UNPOOLED");
        }
    }

    @Test
    void aStreamHandlerUsesTheSameScope() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda,
                     dev.connector.lambda.samples.StreamFunction.class.getName() + "::handleRequest", env(app))) {
            for (int i = 0; i < 3; i++) {
                LocalLambda.Result r = lambda.invokeAndWait("{}", 10_000);
                assertThat(r.error()).as(r.body()).isFalse();
                assertThat(body(r).get("pid").asInt()).isPositive();
                assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
            }
        }
    }

    @Test
    void aLeakedConnectionIsClosedAtTheEndOfTheInvocationAndReportedOnce() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app))) {
            LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"leak\"}", 10_000);
            assertThat(r.error()).as(r.body()).isFalse();
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
            String out = fn.awaitOutput("borrowed here", Duration.ofSeconds(10));
            assertThat(out.lines().filter(l -> l.contains("still open; they were closed"))).hasSize(1);
            assertThat(out).contains("WARN").contains("borrowed here")
                    .contains("at " + OrdersFunction.class.getName() + ".handleRequest");
            assertThat(lambda.invokeAndWait("{\"action\":\"select\"}", 10_000).error()).isFalse();
        }
    }

    @Test
    void createTableInStaticInitFailsTheInitWithTheGuardsMessage() throws Exception {
        String app = Apps.uniqueName();
        db.execute("DROP TABLE IF EXISTS created_in_init");
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, DdlInInitFunction.class.getName() + "::handleRequest", env(app))) {
            // The runtime client reports the class's failed initialisation on /init/error; the guard's message is
            // the cause, which it writes to the function's log (CloudWatch on AWS).
            String error = lambda.initError().get(60, TimeUnit.SECONDS);
            assertThat(error).contains("ExceptionInInitializerError").contains(DdlInInitFunction.class.getName());
            assertThat(fn.awaitOutput("run migrations", Duration.ofSeconds(10))).contains("Caused by: dev.connector.SchemaChangeRefusedException: Refused a schema "
                    + "change while the application is starting in a serverless runtime (AWS Lambda)")
                    .contains("run migrations");
            assertThat(db.tableExists("created_in_init")).isFalse();
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void aDeadlineShorterThanTheQueryGivesAClearErrorBeforeTheDeadlineAndLeavesNoSession() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app))) {
            // Given a warm function (a fresh JVM's first connect can take seconds on a loaded machine)
            assertThat(lambda.invokeAndWait("{\"action\":\"select\"}", 10_000).error()).isFalse();
            // When an invocation with 4 s left runs a 10 s query
            LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"sleep\",\"seconds\":10}", 4_000);
            // Then it answers, measured from the moment the runtime received it, before Lambda's deadline
            assertThat(r.elapsed()).as("from the invocation's start to its answer").isLessThan(Duration.ofSeconds(4));
            assertThat(r.error()).isTrue();
            assertThat(r.body()).contains("deadline cut this database work short")
                    .contains("The statement was cancelled");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
            try (var c = db.admin(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(10)%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("queries left running").isZero();
            }
        }
    }

    @Test
    void aRegistrationAnsweredLaterThanAnyShortTimeoutStillLetsInitCompleteAndSigtermCloseTheConnections()
            throws Exception {
        // Given a Lambda that accepts the extension at once but answers 2.5 s later (the old code gave up at 1 s
        // and left Lambda waiting for an extension that never reached event/next)
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda(Duration.ofMillis(2500), 200);
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app, "SAMPLE_HOLD_IN_INIT", "true"))) {
            // When invoked, then init completes and the invocation is served
            LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"select\"}", 10_000);
            assertThat(r.error()).as(r.body()).isFalse();
            assertThat(lambda.registeredExtensions()).containsExactly("connector-graceful-shutdown");
            assertThat(lambda.extensionsWaiting()).isEqualTo(1);
            // and SIGTERM still reaches the shutdown hook
            assertThat(fn.terminate()).isTrue();
            assertThat(fn.output()).contains("registered the connector-graceful-shutdown extension");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void aRefusedRegistrationIsOnlyAWarnAndTheFunctionServes() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda(Duration.ofMillis(200), 403);
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app))) {
            LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"select\"}", 10_000);
            assertThat(r.error()).as(r.body()).isFalse();
            assertThat(fn.output()).contains("WARN").contains("registering the connector-graceful-shutdown extension "
                    + "failed (HTTP 403)");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void sigtermAfterSomeInvocationsClosesEveryConnectionThroughTheShutdownHook() throws Exception {
        // Behind a proxy that keeps the server side open when a client vanishes, as a discarded environment's
        // network path does: only a graceful close ends the session. The control run, without the hook,
        // shows the session would survive.
        assertThat(sessionsAfterSigterm("false", "SAMPLE_HOLD_IN_INIT")).as("sessions left without the shutdown hook").isEqualTo(1);
        assertThat(sessionsAfterSigterm("true", "SAMPLE_HOLD_IN_INIT")).as("sessions left with it").isZero();
    }

    @Test
    void sigtermClosesTheWarmConnection() throws Exception {
        // The warm connection kept across invocations is the one session; the control shows it would survive.
        assertThat(sessionsAfterSigterm("false", "CONNECTOR_LAMBDA_WARM")).as("sessions left without the shutdown hook").isEqualTo(1);
        assertThat(sessionsAfterSigterm("true", "CONNECTOR_LAMBDA_WARM")).as("sessions left with it").isZero();
    }

    private static int sessionsAfterSigterm(String shutdownHook, String keepOneOpen) throws Exception {
        String app = Apps.uniqueName();
        try (HalfOpenProxy proxy = new HalfOpenProxy(db.host(), db.port());
             LocalLambda lambda = new LocalLambda()) {
            Map<String, String> env = env(app, keepOneOpen, "true", "CONNECTOR_SHUTDOWN_HOOK", shutdownHook);
            env.put("DATABASE_URL", db.appDatabaseUrl().replace(db.host() + ":" + db.port(), "127.0.0.1:" + proxy.port()));
            try (FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env)) {
                for (int i = 0; i < 3; i++) {
                    assertThat(lambda.invokeAndWait("{\"action\":\"select\"}", 10_000).error()).isFalse();
                }
                assertThat(lambda.registeredExtensions()).containsExactly("connector-graceful-shutdown");
                assertThat(db.sessions(app)).as("the connection kept open").isEqualTo(1);

                assertThat(fn.terminate()).as("the function exited after SIGTERM").isTrue();

                Thread.sleep(500);
                return db.sessionsAfterSettling(app, Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void snapStartClosesEverythingBeforeTheCheckpointAndServesFreshConnectionsAfter() throws Exception {
        // org.crac delegates to the runtime client's own CRaC implementation, which runs the hooks around
        // the snapshot exactly as in a SnapStart init: beforeCheckpoint, restore/next, afterRestore.
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS,
                     env(app, "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start", "SAMPLE_HOLD_IN_INIT", "true"),
                     "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
            assertThat(lambda.awaitCheckpoint(60_000)).as("the runtime reached its checkpoint").isTrue();
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).as("sessions at the checkpoint").isZero();
            assertThat(fn.output()).contains("suspended for a checkpoint; 1 connection(s) closed");

            lambda.restore();

            JsonNode held = body(lambda.invokeAndWait("{\"action\":\"held\"}", 10_000));
            assertThat(held.get("heldClosed").asBoolean()).as("the connection opened during init").isTrue();
            LocalLambda.Result r = lambda.invokeAndWait("{\"action\":\"select\"}", 10_000);
            assertThat(r.error()).as(r.body()).isFalse();
            assertThat(body(r).get("pid").asInt()).isNotEqualTo(held.get("heldPid").asInt());
            assertThat(fn.output()).contains("resumed after a restore");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    @Test
    void managedInstancesServeConcurrentInvocationsFromAPoolOfAtMostTheConcurrency() throws Exception {
        String app = Apps.uniqueName();
        try (LocalLambda lambda = new LocalLambda();
             FunctionProcess fn = FunctionProcess.start(lambda, ORDERS, env(app, "AWS_LAMBDA_MAX_CONCURRENCY", "8"))) {
            assertThat(lambda.invokeAndWait("{\"action\":\"select\"}", 10_000).error()).isFalse(); // init done
            List<CompletableFuture<LocalLambda.Result>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                results.add(lambda.invoke("{\"action\":\"concurrent\"}", 20_000));
            }
            int peak = 0;
            while (!results.stream().allMatch(CompletableFuture::isDone)) {
                peak = Math.max(peak, db.sessions(app));
                Thread.sleep(20);
            }
            Set<String> threads = new HashSet<>();
            for (CompletableFuture<LocalLambda.Result> f : results) {
                LocalLambda.Result r = f.get();
                assertThat(r.error()).as(r.body()).isFalse();
                threads.add(body(r).get("thread").asText());
            }
            assertThat(threads.size()).as("handler threads that served").isGreaterThan(1);
            assertThat(peak).as("peak server sessions").isBetween(2, 8);
            assertThat(fn.output()).contains("strategy BOUNDED").contains("maxPoolSize 8");
        }
    }
}
