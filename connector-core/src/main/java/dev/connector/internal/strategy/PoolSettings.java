package dev.connector.internal.strategy;

import dev.connector.DetectedRuntime;
import dev.connector.RuntimeKind;

import java.time.Duration;

/**
 * What the BOUNDED pool is built from. {@code maxPoolSize}, {@code serverMaxConnections} and
 * {@code reservedConnections} are null when not configured.
 */
public record PoolSettings(String poolName, Integer maxPoolSize, int minIdle, int instances,
                           Integer serverMaxConnections, Integer reservedConnections, Duration acquireTimeout,
                           Duration maxLifetime, Duration idleTimeout, Duration keepaliveTime,
                           Duration leakDetectionThreshold, DetectedRuntime runtime) {

    /** The most connections a pool should hold in this runtime when nothing else says: its ceiling. */
    public int runtimeCeiling() {
        return runtimeCeiling(runtime);
    }

    /** The ceiling of a runtime: the pool and the doctor read it here. */
    public static int runtimeCeiling(DetectedRuntime runtime) {
        if (runtime.kind() == RuntimeKind.AWS_LAMBDA_MANAGED_INSTANCES) {
            return runtime.concurrency(); // one connection per request the environment serves at once
        }
        if (runtime.kind() == RuntimeKind.GOOGLE_CLOUD_RUN) {
            return 4; // many instances scale out; keep each one small
        }
        return 10;
    }
}
