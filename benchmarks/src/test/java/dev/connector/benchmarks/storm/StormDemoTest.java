package dev.connector.benchmarks.storm;

import dev.connector.FailureKind;
import dev.connector.benchmarks.support.Target;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A smoke run of the storm on an embedded server, so the demo cannot rot; no absolute time is asserted. */
class StormDemoTest {

    @Test
    void naivePoolsStarveInstancesWhileTheConnectorServesEveryOne() throws Exception {
        // 7 slots for the role (10 max_connections - 3 reserved), 12 instances: pools of 10 cannot all fit.
        StormDemo.Options options = new StormDemo.Options(12, Duration.ofSeconds(2), Duration.ofMillis(20), 10,
                Duration.ofSeconds(2));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<StormDemo.Outcome> outcomes;
        try (Target target = Target.embedded(options.maxConnections())) {
            outcomes = StormDemo.run(target, options, new PrintStream(progress, true, StandardCharsets.UTF_8));
        }
        StormDemo.Outcome naive = outcomes.get(0);
        StormDemo.Outcome connector = outcomes.get(1);

        assertThat(naive.instancesNeverServed()).as("naive instances left without a connection").isGreaterThanOrEqualTo(5);
        assertThat(naive.failureKinds()).containsKey(FailureKind.TOO_MANY_CONNECTIONS);
        assertThat(naive.peakSessions()).isLessThanOrEqualTo(7);

        assertThat(connector.instancesNeverServed()).isZero();
        assertThat(connector.failed() * 20).as("connector failures, at most 1 in 20").isLessThanOrEqualTo(connector.succeeded());
        assertThat(connector.succeeded()).isGreaterThanOrEqualTo(12);
        assertThat(connector.peakSessions()).isBetween(1, 7);

        // left open like frozen environments: the pools keep their sessions, the connector holds none
        assertThat(naive.sessionsLeftIdle()).as("naive sessions left idle").isPositive();
        assertThat(connector.sessionsLeftIdle()).isZero();

        String table = StormDemo.table(outcomes);
        assertThat(table).contains("| | storm-naive | storm-connector |", "| instances that never got a connection |",
                "| latency p99 (ms) |");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("storm-naive").contains("storm-connector");
    }

    @Test
    void warmModeServesEveryInvocationWithinTheSlotsAndTheServerEndsItsSessionsWithinTheIdleTimeout() throws Exception {
        // 10 max_connections: 7 for the role, one of them the observer's
        StormDemo.Options options = new StormDemo.Options(12, Duration.ofSeconds(2), Duration.ofMillis(20), 10,
                Duration.ofSeconds(2));
        List<StormDemo.Outcome> outcomes;
        try (Target target = Target.embedded(options.maxConnections())) {
            outcomes = StormDemo.runWarm(target, options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
        StormDemo.Outcome unpooled = outcomes.get(0);
        StormDemo.Outcome warm = outcomes.get(1);
        assertThat(warm.instances()).as("instances: the free slots").isEqualTo(6);
        assertThat(warm.failed()).as("failed warm invocations").isZero();
        assertThat(warm.instancesNeverServed()).isZero();
        assertThat(warm.peakSessions()).as("peak server sessions").isBetween(1, 6);
        // left open like frozen environments, the server ends the kept sessions by idle_session_timeout (2 s)
        assertThat(warm.sessionsLeftIdle()).isZero();
        assertThat(warm.secondsToZero()).as("seconds until the server had ended them").isLessThan(2 + 3);
        assertThat(unpooled.failed()).isZero();
        assertThat(StormDemo.table(outcomes)).contains("| | storm-unpooled | storm-warm |");
    }
}
