package dev.connector.benchmarks.pairs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The JMH pairs in smoke mode (a few hundred milliseconds each), so they cannot rot; nothing is gated. */
class PairsSmokeTest {

    @Test
    void everyPairRunsAndIsCompared() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Pairs.run(true, new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        for (Pairs.Pair p : Pairs.PAIRS) {
            assertThat(table).contains("| " + p.label() + " |");
        }
        assertThat(table).contains("Smoke run: too short to judge").contains("not judged (smoke run)")
                .doesNotContain("ABOVE TARGET").doesNotContain("±").doesNotContain("| within");
    }
}
