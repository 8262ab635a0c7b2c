package dev.connector;

import java.util.Objects;
import java.util.Optional;

/** The runtime found in the environment when a {@link ConnectorDataSource} was built, and why. */
public final class DetectedRuntime {

    private final RuntimeKind kind;
    private final String reason;
    private final int concurrency;
    private final String serviceName;

    public DetectedRuntime(RuntimeKind kind, String reason, int concurrency, String serviceName) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.concurrency = concurrency;
        this.serviceName = serviceName;
    }

    public RuntimeKind kind() {
        return kind;
    }

    /** A readable name: "AWS Lambda", "server", ... */
    public String name() {
        return kind.displayName();
    }

    public boolean isServerless() {
        return kind.isServerless();
    }

    /** The environment variables that decided it, for example {@code AWS_LAMBDA_FUNCTION_NAME=orders}. */
    public String reason() {
        return reason;
    }

    /** Requests one environment serves at once: 1, or the Managed Instances concurrency. */
    public int concurrency() {
        return concurrency;
    }

    /** The function or service name the platform gives, used as the default application name. */
    public Optional<String> serviceName() {
        return Optional.ofNullable(serviceName);
    }

    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }
}
