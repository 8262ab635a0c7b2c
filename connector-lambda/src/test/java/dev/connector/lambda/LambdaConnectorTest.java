package dev.connector.lambda;

import dev.connector.FailureKind;
import dev.connector.InvalidConfigurationException;
import dev.connector.lambda.internal.ShutdownExtension;
import dev.connector.lambda.runtime.LocalLambda;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connector's own behaviour in-process, against a real PostgreSQL and a local Extensions API. */
class LambdaConnectorTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private static Map<String, String> lambdaEnv(String runtimeApi, String... more) {
        Map<String, String> env = new HashMap<>(Apps.LAMBDA);
        env.put("DATABASE_URL", db.appDatabaseUrl());
        env.put("PGAPPNAME", Apps.uniqueName());
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        env.put("CONNECTOR_LAMBDA_PRIMING", "false");
        if (runtimeApi != null) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        }
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void registersTheShutdownExtensionDuringInitOnLambda() throws Exception {
        try (LocalLambda lambda = new LocalLambda();
             LambdaConnector db = LambdaConnector.fromEnvironment(lambdaEnv(lambda.address()))) {
            assertThat(lambda.registeredExtensions()).containsExactly("connector-graceful-shutdown");
        }
    }

    @Test
    void doesNothingOffLambdaAndCanBeTurnedOff() throws Exception {
        try (LocalLambda lambda = new LocalLambda()) {
            Map<String, String> server = new HashMap<>(Map.of("AWS_LAMBDA_RUNTIME_API", lambda.address(),
                    "DATABASE_URL", db.appDatabaseUrl(), "CONNECTOR_SHUTDOWN_HOOK", "false",
                    "CONNECTOR_LAMBDA_PRIMING", "false"));
            LambdaConnector.fromEnvironment(server).close();
            LambdaConnector.fromEnvironment(lambdaEnv(lambda.address(), "CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION", "false")).close();
            assertThat(lambda.registeredExtensions()).isEmpty();
        }
    }

    @Test
    void aFailedRegistrationIsAWarningNotACrash() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String out;
        try (CapturedOutput captured = new CapturedOutput();
             LambdaConnector connector = LambdaConnector.fromEnvironment(lambdaEnv("127.0.0.1:" + closedPort))) {
            assertThat(connector.dataSource().isClosed()).isFalse();
            out = captured.text();
        }
        assertThat(out).contains("WARN").contains("registering the connector-graceful-shutdown extension failed");
    }

    @Test
    void registrationAfterInitIsRefusedByLambdaAndOnlyWarned() throws Exception {
        try (LocalLambda lambda = new LocalLambda()) {
            lambda.invoke("{}", 1000);
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + lambda.address() + "/2018-06-01/runtime/invocation/next")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()); // the runtime asked for work: registration closes
            String out;
            try (CapturedOutput captured = new CapturedOutput();
                 LambdaConnector connector = LambdaConnector.fromEnvironment(lambdaEnv(lambda.address()))) {
                out = captured.text();
            }
            assertThat(out).contains("registering the connector-graceful-shutdown extension failed (HTTP 403)");
        }
    }

    @Test
    void aSilentRuntimeApiHoldsInitNoLongerThanLambdasInitLimit() throws Exception {
        // A Runtime API that takes the registration and never answers: it may have accepted it, so init waits
        // for the answer, but not beyond the 10 s Lambda gives an init, and says why it went on.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             CapturedOutput captured = new CapturedOutput()) {
            long start = System.nanoTime();
            LambdaConnector.fromEnvironment(lambdaEnv("127.0.0.1:" + silent.getLocalPort())).close();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(ShutdownExtension.INIT_WAIT)
                    .isLessThan(ShutdownExtension.INIT_WAIT.plusSeconds(5));
            assertThat(captured.text()).contains("WARN").contains("has not answered the connector-graceful-shutdown "
                    + "extension's registration within 10000 ms");
        }
    }

    @Test
    void refusesBadOptionsNamingTheVariable() {
        assertThatThrownBy(() -> LambdaConnector.fromEnvironment(lambdaEnv(null, "CONNECTOR_LAMBDA_DEADLINE_MARGIN", "soon")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("CONNECTOR_LAMBDA_DEADLINE_MARGIN: got 'soon'; allowed: a duration such as 500ms, 10s, 2min, 1h "
                        + "or PT10S (a bare number is milliseconds) of at least 0 and at most 15min, in whole milliseconds");
        assertThatThrownBy(() -> LambdaConnector.fromEnvironment(lambdaEnv(null, "CONNECTOR_LAMBDA_PRIMING", "yes")))
                .hasMessage("CONNECTOR_LAMBDA_PRIMING: got 'yes'; allowed: true or false");
    }

    @Test
    void theFirstInvocationEndsTheStartupPhase() throws Exception {
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(lambdaEnv(null))) {
            assertThat(connector.dataSource().isSchemaGuardActive()).isTrue();
            try (Invocation invocation = connector.begin(new TestContext(10_000))) {
                assertThat(connector.dataSource().isSchemaGuardActive()).isFalse();
            }
        }
    }

    @Test
    void workCutShortByTheDeadlineIsADeadlineFailure() throws Exception {
        try (LambdaConnector connector = LambdaConnector.fromEnvironment(lambdaEnv(null, "CONNECTOR_LAMBDA_DEADLINE_MARGIN", "300ms"))) {
            // the deadline is meant to cut the statement, not the connect: 3.7 s for both, however loaded the machine
            try (Invocation invocation = connector.begin(new TestContext(4000));
                 Connection c = connector.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(10)"))
                        .isInstanceOf(InvocationDeadlineException.class)
                        .hasMessageContaining("ms left when invocation " + invocation.requestId() + " began")
                        .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.DEADLINE_EXCEEDED));
            }
        }
    }
}
