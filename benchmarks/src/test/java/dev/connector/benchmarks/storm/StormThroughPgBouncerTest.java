package dev.connector.benchmarks.storm;

import dev.connector.benchmarks.support.Target;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storm through a real PgBouncer in transaction mode: many function instances (UNPOOLED, as Lambda gives
 * them) against few server slots, multiplexed by the pooler. No absolute time is asserted.
 */
class StormThroughPgBouncerTest {

    @Test
    void manyInstancesThroughPgBouncerAllSucceedOnAtMostItsPoolSizeOfServerSessions() throws Exception {
        // 7 slots for the role (10 max_connections - 3 reserved), 24 instances, a pool of 3 server connections
        StormDemo.Options options = new StormDemo.Options(24, Duration.ofSeconds(3), Duration.ofMillis(20), 10);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (PostgresServer server = TestDatabase.start(ServerSettings.defaults().maxConnections(options.maxConnections()));
             PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(3).maxClientConnections(100)
                     .start(server);
             Target target = Target.external(server.appJdbcUrl(), PostgresServer.APP_USER, PostgresServer.APP_PASSWORD)) {
            StormDemo.Outcome o = StormDemo.throughPooler(target, bouncer.appJdbcUrl(), "pgbouncer-transaction", options,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));

            assertThat(o.failed()).as("failed invocations; kinds " + o.failureKinds()).isZero();
            assertThat(o.instancesNeverServed()).isZero();
            assertThat(o.succeeded()).isGreaterThanOrEqualTo(options.instances());
            assertThat(o.peakSessions()).as("peak server sessions; progress:\n" + progress.toString(StandardCharsets.UTF_8))
                    .isBetween(1, bouncer.poolSize());
            assertThat(StormDemo.table(java.util.List.of(o))).contains("| | storm-pgbouncer-transaction |");
        }
    }
}
