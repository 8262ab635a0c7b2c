package dev.connector.lambda.internal;

import dev.connector.RuntimeKind;
import dev.connector.internal.config.PropertyTable;
import dev.connector.internal.config.Refusals;
import dev.connector.internal.config.ValueType;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * connector-lambda's options: the single source of truth for parsing them (with core's value types and
 * duration grammar), their defaults and the README's table. Read only from the environment.
 */
public enum LambdaOption {

    DEADLINE_MARGIN("CONNECTOR_LAMBDA_DEADLINE_MARGIN",
            ValueType.duration("milliseconds", Duration.ZERO, Duration.ofMinutes(15), null, false),
            "500ms", context -> Duration.ofMillis(500),
            "Database work ends this long before the invocation's deadline, so the handler can still answer."),
    SHUTDOWN_EXTENSION("CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION", ValueType.bool(), "true", context -> Boolean.TRUE,
            "Register the internal extension that makes Lambda send SIGTERM, so connections are closed at shutdown."),
    PRIMING("CONNECTOR_LAMBDA_PRIMING", ValueType.bool(), "true under SnapStart, else false",
            context -> context.runtime() == RuntimeKind.AWS_LAMBDA_SNAPSTART,
            "Prime the driver, SCRAM and TLS during init, so the first query after a restore is fast."),
    LEAK_SITES("CONNECTOR_LAMBDA_LEAK_SITES", ValueType.bool(), "true when UNPOOLED, false when pooled",
            context -> !context.pooled(),
            "Record where each connection is borrowed, for the leak report (a stack trace per borrow)."),
    WARM("CONNECTOR_LAMBDA_WARM", ValueType.bool(), "false", context -> Boolean.FALSE,
            "Keep one connection per environment across invocations (UNPOOLED only); the server ends it when unused."),
    WARM_IDLE_TIMEOUT("CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT",
            ValueType.duration("milliseconds", Duration.ofSeconds(1), Duration.ofDays(1), null, false),
            "30s", context -> Duration.ofSeconds(30),
            "Warm mode: the server ends the kept connection after this long unused (idle_session_timeout).");

    private final String variable;
    private final ValueType<?> type;
    private final String documentedDefault;
    private final Function<Context, Object> defaultValue;
    private final String description;

    LambdaOption(String variable, ValueType<?> type, String documentedDefault, Function<Context, Object> defaultValue,
                 String description) {
        this.variable = variable;
        this.type = type;
        this.documentedDefault = documentedDefault;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String variable() {
        return variable;
    }

    public String allowedValues() {
        return type.allowed();
    }

    public String documentedDefault() {
        return documentedDefault;
    }

    public String description() {
        return description;
    }

    /** What defaults derive from: the runtime, and whether the strategy pools. */
    public record Context(RuntimeKind runtime, boolean pooled) {
    }

    /** The default in this context. */
    public Object defaultFor(Context context) {
        return defaultValue.apply(context);
    }

    /** Its value in this environment: parsed and validated like core's properties, or the default. */
    public Object read(Map<String, String> env, Context context) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return defaultFor(context);
        }
        return Refusals.parse(variable, text, false, variable, type);
    }

    /** The typed options of this environment. */
    public static Settings settings(Map<String, String> env, Context context) {
        return new Settings((Duration) DEADLINE_MARGIN.read(env, context),
                (Boolean) SHUTDOWN_EXTENSION.read(env, context), (Boolean) PRIMING.read(env, context),
                (Boolean) LEAK_SITES.read(env, context), (Boolean) WARM.read(env, context),
                (Duration) WARM_IDLE_TIMEOUT.read(env, context));
    }

    /** connector-lambda's options, typed. */
    public record Settings(Duration deadlineMargin, boolean shutdownExtension, boolean priming, boolean leakSites,
                           boolean warm, Duration warmIdleTimeout) {
    }

    /** This module's variables, for core's check of unknown {@code CONNECTOR_*} names. */
    public static final class Table implements PropertyTable {
        @Override
        public String module() {
            return "connector-lambda";
        }

        @Override
        public Set<String> environmentVariables() {
            Set<String> names = new LinkedHashSet<>();
            for (LambdaOption option : values()) {
                names.add(option.variable);
            }
            return names;
        }
    }
}
