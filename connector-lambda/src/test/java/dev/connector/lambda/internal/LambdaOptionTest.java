package dev.connector.lambda.internal;

import dev.connector.ConnectorDataSource;
import dev.connector.InvalidConfigurationException;
import dev.connector.RuntimeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * connector-lambda's options come from its own table, on core's value types: the same duration grammar,
 * negative durations refused, the README table generated. To regenerate the README table:
 * {@code mvn -pl connector-lambda -am test -Dtest=LambdaOptionTest,PropertyTableTest -Dconnector.writeReadme=true}.
 */
class LambdaOptionTest {

    private static final LambdaOption.Context LAMBDA = new LambdaOption.Context(RuntimeKind.AWS_LAMBDA, false);

    private static final String START = "<!-- lambda-options:start (generated from LambdaOption) -->";
    private static final String END = "<!-- lambda-options:end -->";

    static String table() {
        StringBuilder out = new StringBuilder("| Environment | Allowed values | Default | What it does |\n|---|---|---|---|\n");
        for (LambdaOption o : LambdaOption.values()) {
            out.append("| `").append(o.variable()).append("` | ").append(o.allowedValues()).append(" | ")
                    .append(o.documentedDefault()).append(" | ").append(o.description()).append(" |\n");
        }
        return out.toString();
    }

    @Test
    void theReadmeTableMatchesTheOptionTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String expected = START + "\n" + table() + END;
        String actual = text.substring(start, end + END.length());
        if (Boolean.getBoolean("connector.writeReadme")) {
            Files.writeString(readme, text.replace(actual, expected), StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("regenerate with -Dconnector.writeReadme=true").isEqualTo(expected);
    }

    @Test
    void everyDocumentedDefaultIsTheEffectiveOne() {
        LambdaOption.Settings onDemand = LambdaOption.settings(Map.of(), LAMBDA);
        assertThat(LambdaOption.DEADLINE_MARGIN.documentedDefault()).isEqualTo("500ms");
        assertThat(onDemand.deadlineMargin()).isEqualTo(Duration.ofMillis(500));
        assertThat(onDemand.shutdownExtension()).isTrue();
        assertThat(onDemand.priming()).isFalse();
        assertThat(onDemand.leakSites()).isTrue();
        assertThat(LambdaOption.settings(Map.of(), new LambdaOption.Context(RuntimeKind.AWS_LAMBDA, true)).leakSites()).isFalse();
        assertThat(onDemand.warm()).isFalse();
        assertThat(onDemand.warmIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(LambdaOption.settings(Map.of(), new LambdaOption.Context(RuntimeKind.AWS_LAMBDA_SNAPSTART, false)).priming()).isTrue();
        for (LambdaOption o : LambdaOption.values()) {
            String text = o.documentedDefault().split(" ", 2)[0];
            assertThat(o.read(Map.of(o.variable(), text), LAMBDA)).as(o.variable())
                    .isEqualTo(o.defaultFor(new LambdaOption.Context(RuntimeKind.AWS_LAMBDA_SNAPSTART, false)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1min", "PT1S", "2s", "750", "0"})
    void theMarginTakesCoresDurationGrammar(String value) {
        assertThat(LambdaOption.settings(Map.of("CONNECTOR_LAMBDA_DEADLINE_MARGIN", value), LAMBDA)
                .deadlineMargin()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-500ms", "-PT1S", "soon", "1.5s", "PT0.0001S", "PT16M"})
    void aNegativeOrMalformedMarginIsRefused(String value) {
        assertThatThrownBy(() -> LambdaOption.settings(Map.of("CONNECTOR_LAMBDA_DEADLINE_MARGIN", value), LAMBDA))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("CONNECTOR_LAMBDA_DEADLINE_MARGIN: got '")
                .hasMessageContaining("allowed: a duration");
    }

    @Test
    void aTypoInALambdaVariableIsRefusedWithTheNearestName() {
        assertThatThrownBy(() -> ConnectorDataSource.builder().environment(Map.of("CONNECTOR_LAMBDA_PRIMIMG", "true"))
                .shutdownHook(false).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("CONNECTOR_LAMBDA_PRIMIMG: unknown environment variable (did you mean CONNECTOR_LAMBDA_PRIMING?)");
        // and the module's own names are known to core
        ConnectorDataSource.builder().environment(Map.of("CONNECTOR_LAMBDA_PRIMING", "true")).shutdownHook(false).build().close();
    }
}
