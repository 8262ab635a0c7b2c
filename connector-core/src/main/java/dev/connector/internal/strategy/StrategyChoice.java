package dev.connector.internal.strategy;

import dev.connector.DetectedRuntime;
import dev.connector.PoolingStrategy;

import java.util.Optional;

/** Which strategy a DataSource uses, and why: the configured one, else the runtime's default. */
public record StrategyChoice(PoolingStrategy strategy, String reason) {

    /**
     * @param configured the configured strategy, empty for auto
     * @param configuredFrom where the configured one came from, for the reason
     */
    public static StrategyChoice of(Optional<PoolingStrategy> configured, String configuredFrom, DetectedRuntime runtime) {
        if (configured.isPresent()) {
            return new StrategyChoice(configured.get(), "connector.strategy="
                    + configured.get().name().toLowerCase(java.util.Locale.ROOT) + " from " + configuredFrom);
        }
        return new StrategyChoice(runtime.kind().defaultStrategy(), runtimeReason(runtime));
    }

    private static String runtimeReason(DetectedRuntime runtime) {
        switch (runtime.kind()) {
            case AWS_LAMBDA:
            case GOOGLE_CLOUD_FUNCTIONS:
            case AZURE_FUNCTIONS:
                return "one request per environment, frozen between requests: a pool would hold idle connections";
            case AWS_LAMBDA_SNAPSTART:
                return "SnapStart: nothing may be open at the checkpoint";
            case AWS_LAMBDA_MANAGED_INSTANCES:
                return "many requests at once per environment: a pool of at most " + runtime.concurrency();
            case GOOGLE_CLOUD_RUN:
                return "many instances, each serving requests concurrently: a small pool each";
            default:
                return "a long-running server";
        }
    }
}
