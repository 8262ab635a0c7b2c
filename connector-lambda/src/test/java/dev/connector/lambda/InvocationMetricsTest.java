package dev.connector.lambda;

import dev.connector.ConnectorDataSource;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters the invocation scope feeds, read after real invocations against the real server. */
class InvocationMetricsTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String app = Apps.uniqueName();

    private LambdaConnector connector() {
        Map<String, String> env = new HashMap<>(Apps.LAMBDA);
        env.put("DATABASE_URL", db.appDatabaseUrl());
        env.put("PGAPPNAME", app);
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        return LambdaConnector.of(ConnectorDataSource.builder().environment(env).meterRegistry(registry).build());
    }

    private double counter(String name) {
        return registry.get(name).tag("name", app).counter().count();
    }

    @Test
    void countsConnectionsTheInvocationClosedForTheHandler() throws Exception {
        try (LambdaConnector connector = connector()) {
            try (Invocation invocation = connector.begin(new TestContext(10_000))) {
                connector.getConnection();
                connector.getConnection();
                try (Connection closedByHandler = connector.getConnection()) {
                    closedByHandler.isValid(1);
                }
            }
            assertThat(counter("connector.invocation.leaks")).isEqualTo(2);
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void countsStatementsCancelledAtTheInvocationsDeadline() throws Exception {
        try (LambdaConnector connector = connector();
             Invocation invocation = connector.begin(new TestContext(1300));
             Connection c = connector.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            assertThat(counter("connector.invocation.deadline.cancels")).isZero();
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)")).isInstanceOf(InvocationDeadlineException.class);
            assertThat(counter("connector.invocation.deadline.cancels")).isEqualTo(1);
        }
    }
}
