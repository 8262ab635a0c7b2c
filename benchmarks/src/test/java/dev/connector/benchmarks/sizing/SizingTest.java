package dev.connector.benchmarks.sizing;

import dev.connector.benchmarks.support.Target;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
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
    void sweepsPoolSizesInInterleavedRoundsAndReportsKneeBudgetTableCsvChartAndTheLineToCopy() throws Exception {
        // Given a server with 23 slots shared by 4 instances, and a sweep of 2 pools x 1 thread count x 3 rounds
        Sizing.Options options = new Sizing.Options(List.of(1, 2), List.of(2), Duration.ofMillis(100),
                Duration.ofMillis(300), 3, 4, null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Sizing.Report report;
        try (Target target = Target.embedded(23)) {
            report = Sizing.run(target, Workload.named("mixed", null), options,
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
        }
        // Then every cell was measured in every round, the rounds alternating direction
        assertThat(report.cells()).hasSize(2).allSatisfy(c -> {
            assertThat(c.samples()).extracting(Sizing.Sample::round).containsExactly(1, 2, 3);
            assertThat(c.operations()).isPositive();
            assertThat(c.errors()).isZero();
            assertThat(c.queryP99()).isGreaterThanOrEqualTo(c.queryP50());
            assertThat(c.lowest()).isLessThanOrEqualTo(c.throughput()).isLessThanOrEqualTo(c.highest());
        });
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertThat(lines.indexOf("[  1/6] round 1, pool   1")).isNotNegative();
        assertThat(lines.indexOf("[  3/6] round 2, pool   2")).as("round 2 runs the sweep backwards").isNotNegative();
        assertThat(report.knees()).containsOnlyKeys(2);
        assertThat(report.budget().perInstance()).isEqualTo((23 - 3) / 4);

        // And the outputs say what to set, the table in the same format as the README's
        Path dir = Files.createTempDirectory("sizing");
        String problem = SizingOutput.write(report, dir);
        assertThat(problem).as("the chart needs fonts; .ci/run installs them").isNull();
        String md = Files.readString(dir.resolve("sizing.md"));
        assertThat(md).contains("= 5 connections per instance")
                .contains("| threads | pool | ops/s (median) | lowest - highest | spread |")
                .contains("default ceiling 10");
        assertThat(md.strip()).endsWith("connector.maxPoolSize=" + report.recommendation().pool());
        assertThat(Files.readAllLines(dir.resolve("sizing.csv"))).hasSize(1 + 2 * 3).first().asString()
                .startsWith("threads,pool,round,");
        BufferedImage png = ImageIO.read(dir.resolve("sizing.png").toFile());
        assertThat(png.getWidth()).as("two panels side by side").isGreaterThan(png.getHeight() * 2);
    }

    @Test
    void runsTheUsersOwnSql() throws Exception {
        Path sql = Files.createTempFile("workload", ".sql");
        Files.writeString(sql, "SELECT 1;\nSELECT count(*) FROM pg_class;\n");
        Workload w = Workload.named("ignored", sql);
        assertThat(w.name()).contains("2 statements");
        Sizing.Options options = new Sizing.Options(List.of(1), List.of(1), Duration.ofMillis(50), Duration.ofMillis(200),
                1, 1, null);
        try (Target target = Target.embedded(20)) {
            Sizing.Report report = Sizing.run(target, w, options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(report.cells().get(0).operations()).isPositive();
        }
    }
}
