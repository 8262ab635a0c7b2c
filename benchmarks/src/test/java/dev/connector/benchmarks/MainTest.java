package dev.connector.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line: help for every command, clear refusals for bad options. */
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help", "sizing --help", "pairs --help", "coldstart --help", "storm --help",
            "sizing --quick --help"})
    void helpPrintsTheUsageAndSucceeds(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(line.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar benchmarks.jar COMMAND")
                .contains("sizing [--quick").contains("--max-p99").contains("coldstart [--runs N]");
    }

    @Test
    void refusesUnknownCommandsAndBadValuesNamingThem() {
        assertThatThrownBy(() -> Main.run(new String[] {"size"}, System.out)).hasMessage("unknown command 'size'");
        assertThatThrownBy(() -> Main.run(new String[] {"sizing", "--max-p99", "fast"}, System.out))
                .hasMessageContaining("--max-p99 takes a latency above zero such as 500us, 5ms or 1s, got 'fast'");
        assertThatThrownBy(() -> Main.run(new String[] {"sizing", "--rounds", "0"}, System.out))
                .hasMessageContaining("--rounds takes whole numbers of at least 1, got '0'");
        assertThatThrownBy(() -> Main.run(new String[] {"pairs", "--smok"}, System.out)).hasMessage("unknown option --smok");
    }
}
