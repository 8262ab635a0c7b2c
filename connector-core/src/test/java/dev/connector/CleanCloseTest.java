package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a DataSource that did nothing wrong logs no WARN. HikariCP waits getLoginTimeout() seconds for its
 * connection-adding thread when it closes; a DataSource answering 0 made it give up at once and log
 * "Timed-out waiting for add connection executor to shutdown" at WARN on nearly every close.
 */
class CleanCloseTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @Test
    void closingAPoolWhileItIsStillFillingLogsNoWarning() throws Exception {
        String output;
        try (CapturedOutput out = new CapturedOutput()) {
            for (int i = 0; i < 5; i++) {
                // Given a pool that keeps 5 idle connections, started by one borrow, still adding the others
                String app = Apps.uniqueName();
                try (ConnectorDataSource ds = Apps.builder(db, app).strategy(PoolingStrategy.BOUNDED).maxPoolSize(5)
                        .minIdle(5).build()) {
                    try (Connection c = ds.getConnection()) {
                        assertThat(c.isValid(5)).isTrue();
                    }
                    // When it is closed at once
                }
                // Then nothing is left on the server
                assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).isZero();
            }
            output = out.text();
        }
        // And nothing was logged at WARN
        assertThat(output).contains("connector: closed").doesNotContain("WARN");
    }

    @Test
    void everyDataSourceReportsTheLoginBoundItWorksUnder() {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).connectTimeout(Duration.ofSeconds(7)).build()) {
            assertThat(ds.getLoginTimeout()).isEqualTo(7);
            ds.setLoginTimeout(30); // a pool's request: accepted, the configured bound still applies
            assertThat(ds.getLoginTimeout()).isEqualTo(7);
        }
    }
}
