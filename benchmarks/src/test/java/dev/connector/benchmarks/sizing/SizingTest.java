package dev.connector.benchmarks.sizing;

import dev.connector.benchmarks.support.Target;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A smoke run of the sizing suite on an embedded server: it must run and report; no time is asserted. */
class SizingTest {

    @Test
    void sweepsPoolSizesAndReportsKneeBudgetTableCsvAndChart() throws Exception {
        Sizing.Options options = new Sizing.Options(List.of(1, 2), List.of(2), Duration.ofMillis(100), Duration.ofMillis(300), 4);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Sizing.Report report;
        try (Target target = Target.embedded(23)) {
            report = Sizing.run(target, Workload.named("mixed", null), options,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
        }
        assertThat(report.cells()).hasSize(2).allSatisfy(c -> {
            assertThat(c.operations()).isPositive();
            assertThat(c.errors()).isZero();
            assertThat(c.queryP99()).isGreaterThanOrEqualTo(c.queryP50());
        });
        assertThat(report.knees()).containsOnlyKeys(2);
        assertThat(report.budget().perInstance()).isEqualTo((23 - 3) / 4);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[ 1/2] pool   1, threads   2").contains("[ 2/2]");

        Path dir = Files.createTempDirectory("sizing");
        String problem = Sizing.write(report, dir);
        assertThat(problem).as("the chart needs fonts; .ci/run installs them").isNull();
        assertThat(Files.readString(dir.resolve("sizing.md"))).contains("= 5 connections per instance").contains("knee");
        assertThat(Files.readAllLines(dir.resolve("sizing.csv"))).hasSize(3).first().asString().startsWith("threads,pool,");
        assertThat(Files.size(dir.resolve("throughput.png"))).isPositive();
    }

    @Test
    void runsTheUsersOwnSql() throws Exception {
        Path sql = Files.createTempFile("workload", ".sql");
        Files.writeString(sql, "SELECT 1;\nSELECT count(*) FROM pg_class;\n");
        Workload w = Workload.named("ignored", sql);
        assertThat(w.name()).contains("2 statements");
        Sizing.Options options = new Sizing.Options(List.of(1), List.of(1), Duration.ofMillis(50), Duration.ofMillis(200), 1);
        try (Target target = Target.embedded(20)) {
            Sizing.Report report = Sizing.run(target, w, options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(report.cells().get(0).operations()).isPositive();
        }
    }
}
