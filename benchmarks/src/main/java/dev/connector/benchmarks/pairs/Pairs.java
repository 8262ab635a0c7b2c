package dev.connector.benchmarks.pairs;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the hot-path pairs and compares them: per pair, wrapped/raw as the ratio of JMH's scores (the mean
 * over every iteration of every fork), with an error propagated from both 99.9% confidence intervals, and
 * the ratio of the medians beside it. A ratio is clearly above its target when even its lower bound is;
 * then the full run exits non-zero. Five forks per benchmark, because a JVM's JIT and code layout can shift
 * a nanosecond-scale path by 20% from one fork to the next, for the raw twin as much as the wrapped path.
 * The smoke run only shows that the suite runs: it prints no interval and no verdict.
 */
public final class Pairs {

    /** A wrapped path, its raw twin, and the most wrapped/raw may be (NaN: shown, not judged). */
    record Pair(String label, String raw, String wrapped, double target) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("connection cycle, 1 thread (BOUNDED vs HikariCP, configured alike)", "ConnectionCycleBenchmark.raw",
                    "ConnectionCycleBenchmark.wrapped", 1.02),
            new Pair("connection cycle, 8 threads on 4 (BOUNDED vs HikariCP, configured alike)",
                    "ConnectionCycleBenchmark.rawContended", "ConnectionCycleBenchmark.wrappedContended", 1.02),
            new Pair("connection cycle, 1 thread, each as it comes (connector vs HikariCP defaults)",
                    "DefaultsBenchmark.hikariDefaults", "DefaultsBenchmark.connectorDefaults", 1.10),
            new Pair("connection cycle, 8 threads on 4, each as it comes (connector vs HikariCP defaults)",
                    "DefaultsBenchmark.hikariDefaultsContended", "DefaultsBenchmark.connectorDefaultsContended", 1.10),
            new Pair("statement cycle after start-up (vs HikariCP, configured alike)", "StatementCycleBenchmark.raw",
                    "StatementCycleBenchmark.wrappedAfterStartup", 1.02),
            new Pair("statement cycle, each as it comes (connector vs HikariCP defaults)",
                    "StatementCycleBenchmark.hikariDefaults", "StatementCycleBenchmark.connectorDefaults", 1.10),
            new Pair("statement cycle during start-up, guard on (vs HikariCP)", "StatementCycleBenchmark.raw",
                    "StatementCycleBenchmark.wrappedDuringStartup", Double.NaN),
            new Pair("invocation's borrow on Managed Instances, stub driver: begin, borrow, close, end (connector-lambda vs core)",
                    "InvocationBorrowBenchmark.coreAlone", "InvocationBorrowBenchmark.throughLambda", 1.02),
            new Pair("invocation on Managed Instances: begin, borrow, statement, end (connector-lambda vs core)",
                    "InvocationBenchmark.coreAlone", "InvocationBenchmark.throughLambda", 1.02),
            new Pair("invocation on Managed Instances: begin, borrow, statement, end (connector-lambda vs HikariCP)",
                    "InvocationBenchmark.rawHikari", "InvocationBenchmark.throughLambda", Double.NaN),
            new Pair("physical connect (UNPOOLED vs pgjdbc)", "RealServerBenchmark.rawConnect",
                    "RealServerBenchmark.unpooledConnect", 1.02),
            new Pair("invocation: acquire, SELECT 1, close (UNPOOLED vs BOUNDED of 1)",
                    "RealServerBenchmark.invocationBoundedOne", "RealServerBenchmark.invocationUnpooled", Double.NaN),
            new Pair("invocation: acquire, SELECT 1, close (warm mode vs UNPOOLED)",
                    "RealServerBenchmark.invocationUnpooled", "RealServerBenchmark.invocationWarm", Double.NaN),
            new Pair("invocation: acquire, SELECT 1, close (warm mode vs BOUNDED of 1)",
                    "RealServerBenchmark.invocationBoundedOne", "RealServerBenchmark.invocationWarm", Double.NaN));

    private Pairs() {
    }

    /** Runs the suite; returns the exit code: 0, or 1 when a ratio is clearly above its target (full run). */
    public static int run(boolean smoke, PrintStream out) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        // -Dpairs.include=InvocationBenchmark|RealServerBenchmark runs some of the suite; only their pairs are shown
        options.include(Pairs.class.getPackageName() + ".(" + System.getProperty("pairs.include", ".*Benchmark") + ")");
        if (smoke) {
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(5).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        Options built = options.shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(built).run();
        Map<String, Result<?>> byName = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            byName.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), r.getPrimaryResult());
        }
        out.print(table(byName, smoke));
        out.println("\nScores are means over every iteration of every fork" + (smoke ? "" : " with their 99.9% intervals")
                + ", " + unit(results) + "; lower is better. Read the ratios, not the absolute numbers.");
        if (smoke) {
            out.println("Smoke run: too short to judge; no ratio is compared with its target and nothing is gated.");
            return 0;
        }
        return PAIRS.stream().filter(p -> byName.containsKey(p.raw()) && byName.containsKey(p.wrapped()))
                .anyMatch(p -> verdict(p, byName).equals(ABOVE)) ? 1 : 0;
    }

    private static final String ABOVE = "ABOVE TARGET";

    /** The comparison table; in a smoke run without intervals or verdicts, which so short a run cannot support. */
    static String table(Map<String, Result<?>> byName, boolean smoke) {
        StringBuilder table = new StringBuilder("\n| pair | raw | wrapped | wrapped/raw | of medians | target | verdict |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Pair p : PAIRS) {
            Result<?> raw = byName.get(p.raw());
            Result<?> wrapped = byName.get(p.wrapped());
            if (raw == null || wrapped == null) {
                continue; // not in this run
            }
            double ratio = wrapped.getScore() / raw.getScore();
            double medians = wrapped.getStatistics().getPercentile(50) / raw.getStatistics().getPercentile(50);
            table.append("| ").append(p.label()).append(" | ").append(score(raw, smoke)).append(" | ")
                    .append(score(wrapped, smoke)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", ratio))
                    .append(smoke ? "" : String.format(Locale.ROOT, " ± %.3f", error(raw, wrapped)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f", medians)).append(" | ")
                    .append(Double.isNaN(p.target()) ? "-" : String.format(Locale.ROOT, "%.2f", p.target()))
                    .append(" | ").append(smoke ? "not judged (smoke run)" : verdict(p, byName)).append(" |\n");
        }
        return table.toString();
    }

    private static String verdict(Pair p, Map<String, Result<?>> byName) {
        if (Double.isNaN(p.target())) {
            return "shown, not judged";
        }
        Result<?> raw = byName.get(p.raw());
        Result<?> wrapped = byName.get(p.wrapped());
        double ratio = wrapped.getScore() / raw.getScore();
        double error = error(raw, wrapped);
        if (ratio - error > p.target()) {
            return ABOVE;
        }
        return ratio + error <= p.target() ? "within" : "within (error overlaps the target)";
    }

    /** The ratio's error, propagated from both 99.9% intervals. */
    private static double error(Result<?> raw, Result<?> wrapped) {
        double ratio = wrapped.getScore() / raw.getScore();
        return ratio * Math.sqrt(square(relative(wrapped)) + square(relative(raw)));
    }

    private static String unit(Collection<RunResult> results) {
        return results.stream().map(r -> r.getPrimaryResult().getScoreUnit()).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static double relative(Result<?> r) {
        double error = r.getScoreError();
        return Double.isNaN(error) || r.getScore() == 0 ? 0 : error / r.getScore();
    }

    private static double square(double x) {
        return x * x;
    }

    private static String score(Result<?> r, boolean smoke) {
        double error = r.getScoreError();
        return String.format(Locale.ROOT, "%.1f", r.getScore())
                + (smoke || Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %.1f", error)) + " " + r.getScoreUnit();
    }
}
