package dev.connector.internal.metrics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.connector.FailureKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connector's meters in a Micrometer registry, every one tagged {@code name} with the application name.
 * Loaded only when a registry is given; the meters are registered up front so no call looks one up.
 */
public final class MicrometerMetrics implements ConnectorMetrics {

    private final MeterRegistry registry;
    private final Timer connected;
    private final Timer failed;
    private final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
    private final Map<FailureKind, Counter> retries = new EnumMap<>(FailureKind.class);
    private final Counter credentialsRefused;
    private final Counter schemaChangesRefused;
    private final Counter leaksClosed;
    private final Counter cancelledAtDeadline;

    private MicrometerMetrics(MeterRegistry registry, String name) {
        this.registry = registry;
        Tags tags = Tags.of("name", name);
        this.connected = connectTimer(tags, "success");
        this.failed = connectTimer(tags, "failure");
        for (FailureKind kind : FailureKind.values()) {
            Tags kindTag = tags.and("kind", kind.name().toLowerCase(Locale.ROOT));
            failures.put(kind, Counter.builder("connector.connect.failures").tags(kindTag)
                    .description("Failed attempts to open a physical connection, by failure kind").register(registry));
            retries.put(kind, Counter.builder("connector.connect.retries").tags(kindTag)
                    .description("Failed attempts that were retried, by failure kind").register(registry));
        }
        this.credentialsRefused = Counter.builder("connector.credentials.refused").tags(tags)
                .description("Supplied credentials the server refused (28P01); the supplier was asked again")
                .register(registry);
        this.schemaChangesRefused = Counter.builder("connector.guard.refusals").tags(tags)
                .description("Schema changes refused by the guard").register(registry);
        this.leaksClosed = Counter.builder("connector.invocation.leaks").tags(tags)
                .description("Connections an invocation left open, closed by its scope").register(registry);
        this.cancelledAtDeadline = Counter.builder("connector.invocation.deadline.cancels").tags(tags)
                .description("Statements cancelled at the invocation's deadline").register(registry);
    }

    /** @param registry a {@code io.micrometer.core.instrument.MeterRegistry} */
    public static ConnectorMetrics of(Object registry, String name) {
        return new MicrometerMetrics((MeterRegistry) registry, name);
    }

    private Timer connectTimer(Tags tags, String outcome) {
        return Timer.builder("connector.connect").tags(tags.and("outcome", outcome))
                .description("Attempts to open a physical connection (TCP, TLS, login), by outcome")
                .register(registry);
    }

    @Override
    public void connected(long nanos) {
        connected.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void connectFailed(long nanos, FailureKind kind) {
        failed.record(nanos, TimeUnit.NANOSECONDS);
        failures.get(kind).increment();
    }

    @Override
    public void retrying(FailureKind kind) {
        retries.get(kind).increment();
    }

    @Override
    public void credentialsRefused() {
        credentialsRefused.increment();
    }

    @Override
    public void schemaChangeRefused() {
        schemaChangesRefused.increment();
    }

    @Override
    public void leakClosed() {
        leaksClosed.increment();
    }

    @Override
    public void cancelledAtDeadline() {
        cancelledAtDeadline.increment();
    }

    @Override
    public void instrument(HikariConfig pool) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
}
