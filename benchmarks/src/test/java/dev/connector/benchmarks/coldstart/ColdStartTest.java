package dev.connector.benchmarks.coldstart;

import dev.connector.benchmarks.support.Target;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The cold-start pair runs whole processes against an embedded server and reports medians; no time is asserted. */
class ColdStartTest {

    @Test
    void runsPairedFreshJvmsOfBothSidesAndCountsTheirClasses() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Target target = Target.embedded(20)) {
            // When two pairs run
            ColdStart.Result r = ColdStart.run(target, 2, new PrintStream(progress, true, StandardCharsets.UTF_8));
            // Then each side ran in its own process, first row before exit
            assertThat(r.raw()).hasSize(2).allSatisfy(run -> assertThat(run.exitMillis()).isGreaterThan(run.firstRowMillis()));
            assertThat(r.connector()).hasSize(2).allSatisfy(run -> assertThat(run.firstRowMillis()).isPositive());
            assertThat(ColdStart.table(r)).contains("| start to first row |").contains("| start to exit |");
            // And the class counts show the connector's own classes on its side only
            String classes = ColdStart.classes(target);
            assertThat(classes).containsPattern("\\| total, of which connector \\| 0 \\| [1-9]\\d* \\|")
                    .containsPattern("\\| total, of which pgjdbc \\(with its SCRAM client\\) \\| [1-9]\\d* \\| [1-9]\\d* \\|");
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[ 1/2] first row: raw").contains("[ 2/2]");
    }
}
