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
            "500ms", runtime -> Duration.ofMillis(500),
            "Database work ends this long before the invocation's deadline, so the handler can still answer."),
    SHUTDOWN_EXTENSION("CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION", ValueType.bool(), "true", runtime -> Boolean.TRUE,
            "Register the internal extension that makes Lambda send SIGTERM, so connections are closed at shutdown."),
    PRIMING("CONNECTOR_LAMBDA_PRIMING", ValueType.bool(), "true under SnapStart, else false",
            runtime -> runtime == RuntimeKind.AWS_LAMBDA_SNAPSTART,
            "Prime the driver, SCRAM and TLS during init, so the first query after a restore is fast.");

    private final String variable;
    private final ValueType<?> type;
    private final String documentedDefault;
    private final Function<RuntimeKind, Object> defaultValue;
    private final String description;

    LambdaOption(String variable, ValueType<?> type, String documentedDefault, Function<RuntimeKind, Object> defaultValue,
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

    /** The default in this runtime. */
    public Object defaultFor(RuntimeKind runtime) {
        return defaultValue.apply(runtime);
    }

    /** Its value in this environment: parsed and validated like core's properties, or the default. */
    public Object read(Map<String, String> env, RuntimeKind runtime) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return defaultFor(runtime);
        }
        return Refusals.parse(variable, text, false, variable, type);
    }

    /** The typed options of this environment. */
    public static Settings settings(Map<String, String> env, RuntimeKind runtime) {
        return new Settings((Duration) DEADLINE_MARGIN.read(env, runtime),
                (Boolean) SHUTDOWN_EXTENSION.read(env, runtime), (Boolean) PRIMING.read(env, runtime));
    }

    /** connector-lambda's options, typed. */
    public record Settings(Duration deadlineMargin, boolean shutdownExtension, boolean priming) {
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
