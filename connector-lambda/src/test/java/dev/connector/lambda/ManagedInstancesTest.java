package dev.connector.lambda;

import dev.connector.PoolingStrategy;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managed Instances: Java defaults to 32 concurrent requests per vCPU, far more than a server's slots
 * shared by a fleet of environments allow. The pool is min(concurrency, the connection budget per
 * environment), the budget read from the server and divided by {@code CONNECTOR_INSTANCES}.
 */
class ManagedInstancesTest {

    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = TestDatabase.start(ServerSettings.defaults().maxConnections(20)); // 17 for roles after 3 reserved
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void thePoolIsTheBudgetPerEnvironmentNotTheConcurrencyAndTheChoiceIsLogged() throws Exception {
        // Given 32 concurrent requests per environment, 3 environments, and 17 slots on the server
        String app = Apps.uniqueName();
        Map<String, String> env = new HashMap<>(Apps.LAMBDA);
        env.put("DATABASE_URL", server.appDatabaseUrl());
        env.put("PGAPPNAME", app);
        env.put("AWS_LAMBDA_MAX_CONCURRENCY", "32");
        env.put("CONNECTOR_INSTANCES", "3");
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try (CapturedOutput out = new CapturedOutput(); LambdaConnector connector = LambdaConnector.fromEnvironment(env)) {
            assertThat(connector.dataSource().strategy()).isEqualTo(PoolingStrategy.BOUNDED);
            // When 32 invocations run at once, each holding a connection for 300 ms
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                done.add(threads.submit(() -> {
                    try (Invocation invocation = connector.begin(new TestContext(20_000));
                         Connection c = connector.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(0.3)");
                    }
                    return null;
                }));
            }
            int peak = 0;
            while (!done.stream().allMatch(Future::isDone)) {
                peak = Math.max(peak, server.sessions(app));
                Thread.sleep(20);
            }
            for (Future<?> f : done) {
                f.get(); // Then every invocation succeeded
            }
            // and the server never saw more than (20 - 3) / 3 = 5 sessions from this environment
            assertThat(peak).as("peak server sessions").isBetween(2, 5);
            assertThat(out.text()).contains("maxPoolSize 5 = min(ceiling 32 for AWS Lambda Managed Instances, "
                    + "(max_connections 20 - reserved 3) / instances 3 = 5) [read from the server]");
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(server.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }
}
