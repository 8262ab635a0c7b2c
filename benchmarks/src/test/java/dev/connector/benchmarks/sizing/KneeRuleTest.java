package dev.connector.benchmarks.sizing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The knee rule and the recommendation, on generated measurements: a known throughput curve, rounds drawn
 * around it with seeded noise, as a busy machine gives them.
 */
class KneeRuleTest {

    private static final List<Integer> POOLS = List.of(1, 2, 4, 8, 16);
    private static final Sizing.Budget ROOMY = new Sizing.Budget(100, 3, 1);

    /** Cells for one thread count: {@code rounds} draws of curve(pool) with relative noise up to {@code noise}. */
    private static List<Sizing.Cell> cells(IntToDoubleFunction curve, IntToDoubleFunction p99Micros, double noise,
                                           int rounds, Random random) {
        List<Sizing.Cell> cells = new ArrayList<>();
        for (int pool : POOLS) {
            List<Sizing.Sample> samples = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                double ops = curve.applyAsDouble(pool) * (1 + noise * (2 * random.nextDouble() - 1));
                samples.add(new Sizing.Sample(pool, 8, r, (long) ops, 0, ops, 10, 100, 100,
                        p99Micros.applyAsDouble(pool)));
            }
            cells.add(new Sizing.Cell(pool, 8, samples));
        }
        return cells;
    }

    private static Sizing.Options options(Duration maxP99) {
        return new Sizing.Options(POOLS, List.of(8), Duration.ZERO, Duration.ofSeconds(1), 7, 1, maxP99);
    }

    private static Sizing.Report analyse(List<Sizing.Cell> cells, Duration maxP99, Sizing.Budget budget) {
        return Sizing.analyse("generated", options(maxP99), cells, budget);
    }

    @Test
    void onAPlateauTheKneeIsWhereThePlateauStartsWhateverTheNoise() {
        // Given throughput that stops growing at 4 connections (the server's 2 cores are busy), noise of +-10%
        IntToDoubleFunction plateau = pool -> 1000.0 * Math.min(pool, 4);
        for (int seed = 0; seed < 2000; seed++) {
            Random random = new Random(seed);
            // When the knee is chosen from 7 rounds per cell, as --quick measures
            Sizing.Report r = analyse(cells(plateau, pool -> 200, 0.10, 7, random), null, ROOMY);
            // Then it is 4: 8 and 16 are no better, 2 is clearly below
            assertThat(r.knees().get(8).pool()).as("seed %d", seed).isEqualTo(4);
            assertThat(r.recommendation().pool()).isEqualTo(4);
        }
    }

    @Test
    void twoRunsOfTheSameCurveRecommendTheSameOrANeighbouringSize() {
        // Given a curve whose knee is soft (2 is 10% below 4), measured twice with independent noise of +-15%
        IntToDoubleFunction soft = pool -> switch (pool) {
            case 1 -> 1000;
            case 2 -> 1800;
            case 4 -> 2000;
            case 8 -> 2000;
            default -> 1900;
        };
        int same = 0;
        for (int seed = 0; seed < 2000; seed++) {
            Random random = new Random(seed);
            int first = analyse(cells(soft, pool -> 200, 0.15, 7, random), null, ROOMY).recommendation().pool();
            int second = analyse(cells(soft, pool -> 200, 0.15, 7, random), null, ROOMY).recommendation().pool();
            // Then the two answers are equal or neighbours in the sweep
            assertThat(Math.abs(POOLS.indexOf(first) - POOLS.indexOf(second))).as("seed %d: %d and %d", seed, first, second)
                    .isLessThanOrEqualTo(1);
            same += first == second ? 1 : 0;
        }
        assertThat(same).as("runs agreeing exactly, of 2000").isGreaterThan(1000);
    }

    @Test
    void aLatencyLimitExcludesPoolsThatOverloadTheServer() {
        // Given throughput that still creeps up at 16 while query p99 explodes past 8 connections
        IntToDoubleFunction creeping = pool -> 1000.0 * Math.min(pool, 4) + 300 * Math.max(0, Math.log(pool / 4.0));
        IntToDoubleFunction p99 = pool -> pool <= 8 ? 300 : 12_000;
        Random random = new Random(7);
        List<Sizing.Cell> cells = cells(creeping, p99, 0.0, 5, random);
        // When the user allows at most 2 ms of query p99
        Sizing.Report limited = analyse(cells, Duration.ofMillis(2), ROOMY);
        // Then 16 cannot be the best, and the output marks it
        assertThat(limited.knees().get(8).best()).isEqualTo(8);
        assertThat(SizingOutput.markdown(limited)).contains("| 8 | 16 |").contains("p99 over limit");
        // And without a limit the best is 16
        assertThat(analyse(cells, null, ROOMY).knees().get(8).best()).isEqualTo(16);
    }

    @Test
    void whenNoPoolMeetsTheLatencyLimitNothingIsRecommendedAndTheOutputSaysWhy() {
        Sizing.Report r = analyse(cells(pool -> 1000.0 * pool, pool -> 5000, 0.05, 5, new Random(1)),
                Duration.ofMillis(1), ROOMY);
        assertThat(r.recommendation().pool()).isNull();
        assertThat(SizingOutput.markdown(r)).contains("no pool kept query p99 within 1 ms").doesNotContain("connector.maxPoolSize=");
    }

    @Test
    void whenTheNoiseHidesEveryDifferenceTheOutputSaysTheAnswerIsNotToBeTrusted() {
        // Given a curve that rises to twice pool 1's throughput, measured with +-60% noise
        Sizing.Report r = analyse(cells(pool -> 1000.0 * Math.min(pool, 2), pool -> 200, 0.6, 7, new Random(11)),
                null, ROOMY);
        // Then the rounds overlap so much that pool 1 is not distinguishably below the best, and the output says
        // that this answer is not to be trusted
        assertThat(r.recommendation().pool()).isEqualTo(1);
        assertThat(SizingOutput.markdown(r)).contains("Too noisy to trust: pool 1's median is");
        // And a clean measurement of the same curve carries no such warning
        assertThat(SizingOutput.markdown(analyse(cells(pool -> 1000.0 * Math.min(pool, 2), pool -> 200, 0.02, 7,
                new Random(11)), null, ROOMY))).doesNotContain("Too noisy to trust");
    }

    @Test
    void aKneeAtTheLargestPoolTriedIsFlaggedWithTheNextSweep() {
        // Given throughput that doubles with every doubling of the pool
        Sizing.Report r = analyse(cells(pool -> 1000.0 * pool, pool -> 200, 0.05, 5, new Random(3)), null, ROOMY);
        assertThat(r.knees().get(8).pool()).isEqualTo(16);
        assertThat(r.knees().get(8).note()).contains("largest pool tried").contains("--pools 16,24,32,48");
        assertThat(SizingOutput.markdown(r)).contains("next sweep: --pools 16,24,32,48")
                .contains("above the default ceiling of 10, so it must be set explicitly");
    }

    @Test
    void theBudgetCapsTheRecommendationAndTheOutputSaysWhatThatCosts() {
        // Given a knee at 16, and a budget of (40 - 3) / 5 = 7 per instance
        Sizing.Budget tight = new Sizing.Budget(40, 3, 5);
        Sizing.Report r = analyse(cells(pool -> 1000.0 * pool, pool -> 200, 0.0, 5, new Random(5)), null, tight);
        assertThat(r.recommendation().pool()).isEqualTo(7);
        String md = SizingOutput.markdown(r);
        assertThat(md).contains("above the budget of 7 per instance: the budget wins")
                .contains("min(default ceiling 10, budget 7) = 7")
                .contains("(measured at pool 4)");
        assertThat(md.strip()).endsWith("connector.maxPoolSize=7");
    }

    @Test
    void chartPositionsFollowTheSweepAndSayWhenASizeIsBeyondIt() {
        assertThat(SizingOutput.position(POOLS, 4)).isEqualTo(2.0);
        assertThat(SizingOutput.position(POOLS, 12)).isBetween(3.0, 4.0);
        assertThat(SizingOutput.position(POOLS, 97)).isNaN();
        assertThat(SizingOutput.number(12500.0)).isEqualTo("12,500");
        assertThat(SizingOutput.number(0.25)).isEqualTo("0.25");
    }
}
