package dev.connector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference is generated from {@link ConnectorProperty}, so the two cannot drift.
 * To regenerate it: {@code mvn -pl connector-core test -Dtest=ConfigurationReferenceTest -Dconnector.writeReadme=true}.
 */
class ConfigurationReferenceTest {

    private static final String START = "<!-- configuration-reference:start (generated from ConnectorProperty) -->";
    private static final String END = "<!-- configuration-reference:end -->";

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| Key | Environment | Allowed values | Default | What it does |\n");
        out.append("|---|---|---|---|---|\n");
        for (ConnectorProperty p : ConnectorProperty.values()) {
            out.append("| `").append(p.key()).append("` | ")
                    .append(String.join(", ", p.environmentVariables().stream().map(v -> "`" + v + "`").toList()))
                    .append(" | ").append(p.allowedValues())
                    .append(" | ").append(p.defaultValue().orElse("none"))
                    .append(" | ").append(p.description().replace("|", "\\|")).append(" |\n");
        }
        out.append("| `").append(ConnectorProperty.DRIVER_PREFIX).append("<name>` | | any pgjdbc connection property | none | ")
                .append("Passed to pgjdbc as is, for example `connector.driver.prepareThreshold=0` behind PgBouncer. |\n");
        return out.toString();
    }

    @Test
    void theReadmeReferenceMatchesThePropertyTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("README has the start marker").isNotNegative();
        assertThat(end).as("README has the end marker").isGreaterThan(start);
        String expected = START + "\n" + table() + END;
        String actual = text.substring(start, end + END.length());
        if (Boolean.getBoolean("connector.writeReadme")) {
            Files.writeString(readme, text.replace(actual, expected), StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("README configuration reference; regenerate with -Dconnector.writeReadme=true")
                .isEqualTo(expected);
    }
}
