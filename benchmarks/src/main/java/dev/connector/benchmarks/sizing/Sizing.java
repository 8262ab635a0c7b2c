package dev.connector.benchmarks.sizing;

import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;
import dev.connector.PoolingStrategy;
import dev.connector.SchemaPolicy;
import dev.connector.benchmarks.support.Medians;
import dev.connector.benchmarks.support.Target;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool-sizing suite: for each number of client threads, sweeps the pool size of a ConnectorDataSource
 * (BOUNDED) and measures throughput and the p50 and p99 of acquisition and of query latency.
 *
 * <p>Each cell (threads x pool) is measured {@code rounds} times, interleaved: every round visits every cell,
 * alternately in one order and in the reverse, so a drift of the machine (another process, a thermal limit)
 * hits every pool alike instead of the last ones measured. A cell is summed up by the median of its rounds and
 * their spread (lowest to highest).
 *
 * <p>The knee for a thread count is the smallest pool whose throughput is not distinguishably below the best:
 * among the cells whose query p99 is within {@code maxP99} (when set), take the one with the highest median
 * throughput; a smaller pool is distinguishably below it only when its median is more than 5% lower and
 * every one of its rounds is below every round of the best by at least 4% of the best (their spreads are
 * clearly apart). Seven rounds make a false separation of equals rare (a simulation of 4,000 sweeps with up to
 * 20% noise found none; KneeRuleTest draws 2,000). The
 * recommendation is the largest knee over the thread counts, capped by the connection budget.
 */
public final class Sizing {

    /** The connector's pool ceiling on a server when connector.maxPoolSize is not set (see the README). */
    public static final int DEFAULT_CEILING = 10;

    /** A pool whose median throughput is within this fraction of the best's is as good as the best. */
    static final double PRACTICAL = 0.05;

    /**
     * How far, as a fraction of the best's median, a pool's highest round must stay below the best's lowest for
     * the pool to count as below the best. Without it, the cell that happens to have the highest median among
     * equals (the winner's curse) would, about once in a hundred sweeps, look separated from the others.
     */
    static final double SEPARATION = 0.04;

    /** What to sweep; {@code maxP99} is the most query p99 a recommended pool may have, or null for no limit. */
    public record Options(List<Integer> pools, List<Integer> threads, Duration warmup, Duration cell, int rounds,
                          int instances, Duration maxP99) {
        public Options {
            pools = List.copyOf(new java.util.TreeSet<>(pools));
            threads = List.copyOf(new java.util.TreeSet<>(threads));
        }

        public static Options quick() {
            return new Options(List.of(1, 2, 4, 8, 16), List.of(8, 32), Duration.ofMillis(200), Duration.ofSeconds(1),
                    7, 1, null);
        }

        public static Options full() {
            return new Options(List.of(1, 2, 4, 6, 8, 12, 16, 24, 32), List.of(4, 16, 64), Duration.ofSeconds(1),
                    Duration.ofSeconds(3), 7, 1, null);
        }

        public static Options smoke() {
            return new Options(List.of(1, 2), List.of(2), Duration.ofMillis(100), Duration.ofMillis(300), 2, 1, null);
        }

        public Options withPools(List<Integer> p) {
            return new Options(p, threads, warmup, cell, rounds, instances, maxP99);
        }

        public Options withThreads(List<Integer> t) {
            return new Options(pools, t, warmup, cell, rounds, instances, maxP99);
        }

        public Options withCell(Duration c) {
            return new Options(pools, threads, warmup, c, rounds, instances, maxP99);
        }

        public Options withRounds(int r) {
            return new Options(pools, threads, warmup, cell, r, instances, maxP99);
        }

        public Options withInstances(int i) {
            return new Options(pools, threads, warmup, cell, rounds, i, maxP99);
        }

        public Options withMaxP99(Duration limit) {
            return new Options(pools, threads, warmup, cell, rounds, instances, limit);
        }
    }

    /** One round of one cell; latencies in microseconds. */
    public record Sample(int pool, int threads, int round, long operations, long errors, double throughput,
                         double acquireP50, double acquireP99, double queryP50, double queryP99) {
    }

    /** Every round of one cell, summed up by medians and the throughput's spread. */
    public record Cell(int pool, int threads, List<Sample> samples) {
        public double throughput() {
            return Medians.of(samples, Sample::throughput);
        }

        public double lowest() {
            return samples.stream().mapToDouble(Sample::throughput).min().orElse(0);
        }

        public double highest() {
            return samples.stream().mapToDouble(Sample::throughput).max().orElse(0);
        }

        /** Half the range of the rounds' throughput, as a fraction of the median. */
        public double spread() {
            double m = throughput();
            return m == 0 ? 0 : (highest() - lowest()) / 2 / m;
        }

        public double acquireP50() {
            return Medians.of(samples, Sample::acquireP50);
        }

        public double acquireP99() {
            return Medians.of(samples, Sample::acquireP99);
        }

        public double queryP50() {
            return Medians.of(samples, Sample::queryP50);
        }

        public double queryP99() {
            return Medians.of(samples, Sample::queryP99);
        }

        public long errors() {
            return samples.stream().mapToLong(Sample::errors).sum();
        }

        public long operations() {
            return samples.stream().mapToLong(Sample::operations).sum();
        }
    }

    /** The server's connection budget. */
    public record Budget(int maxConnections, int reserved, int instances) {
        public int perInstance() {
            return Math.max(0, (maxConnections - reserved) / instances);
        }

        /** What the connector uses when connector.maxPoolSize is not set: min(ceiling, budget), at least 1. */
        public int connectorDefault() {
            return Math.max(1, Math.min(DEFAULT_CEILING, perInstance()));
        }
    }

    /**
     * The knee for one thread count: {@code pool} is null when no pool met the latency limit. {@code close} are
     * the pools not distinguishably below the best, smallest first.
     */
    public record Knee(int threads, Integer pool, Integer best, List<Integer> close, String note) {
    }

    /** What to set, and why. */
    public record Recommendation(Integer pool, List<String> explanation) {
    }

    public record Report(String workload, Options options, List<Cell> cells, Map<Integer, Knee> knees, Budget budget,
                         Recommendation recommendation) {
        public Cell cell(int threads, int pool) {
            return cells.stream().filter(c -> c.threads() == threads && c.pool() == pool).findFirst().orElseThrow();
        }
    }

    private Sizing() {
    }

    public static Report run(Target target, Workload workload, Options options, PrintStream progress) throws Exception {
        Budget budget;
        try (Connection admin = target.admin()) {
            budget = budget(admin, options.instances());
        }
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password())) {
            workload.prepare(c);
        }
        progress.printf("sizing: %s; pools %s x threads %s, %d round(s) of %d ms a cell, interleaved; budget %d per "
                        + "instance (max_connections %d, reserved %d, %d instance(s))%s%n", workload.name(), options.pools(),
                options.threads(), options.rounds(), options.cell().toMillis(), budget.perInstance(), budget.maxConnections(),
                budget.reserved(), options.instances(),
                options.maxP99() == null ? "" : "; query p99 at most " + millis(options.maxP99()) + " ms");
        List<int[]> order = new ArrayList<>();
        for (int threads : options.threads()) {
            for (int pool : options.pools()) {
                order.add(new int[] {threads, pool});
            }
        }
        Map<String, List<Sample>> byCell = new LinkedHashMap<>();
        for (int[] tp : order) {
            byCell.put(tp[0] + "x" + tp[1], new ArrayList<>());
        }
        // one unmeasured cell first, so the JIT's warm-up does not fall on the first cells of round 1
        int[] last = order.get(order.size() - 1);
        measure(target, workload, last[1], last[0], 0, options);
        int total = order.size() * options.rounds();
        int done = 0;
        for (int round = 1; round <= options.rounds(); round++) {
            List<int[]> visit = new ArrayList<>(order);
            if (round % 2 == 0) {
                Collections.reverse(visit); // drift within a round then favours no end of the sweep
            }
            for (int[] tp : visit) {
                Sample s = measure(target, workload, tp[1], tp[0], round, options);
                byCell.get(tp[0] + "x" + tp[1]).add(s);
                done++;
                progress.printf("  [%3d/%d] round %d, pool %3d, threads %3d: %9.0f ops/s, acquire p99 %8.0f us, "
                                + "query p99 %8.0f us%s%n", done, total, round, s.pool(), s.threads(), s.throughput(),
                        s.acquireP99(), s.queryP99(), s.errors() > 0 ? ", " + s.errors() + " errors" : "");
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int[] tp : order) {
            cells.add(new Cell(tp[1], tp[0], List.copyOf(byCell.get(tp[0] + "x" + tp[1]))));
        }
        return analyse(workload.name(), options, cells, budget);
    }

    /** The knees and the recommendation from measured cells: pure, so it is tested on its own. */
    static Report analyse(String workload, Options options, List<Cell> cells, Budget budget) {
        Map<Integer, Knee> knees = new LinkedHashMap<>();
        for (int threads : options.threads()) {
            List<Cell> row = cells.stream().filter(c -> c.threads() == threads).toList();
            knees.put(threads, knee(threads, row, options));
        }
        return new Report(workload, options, cells, knees, budget, recommend(options, cells, knees, budget));
    }

    static Knee knee(int threads, List<Cell> row, Options options) {
        List<Cell> eligible = row.stream().filter(c -> c.errors() == 0)
                .filter(c -> options.maxP99() == null || c.queryP99() <= options.maxP99().toNanos() / 1000.0).toList();
        if (eligible.isEmpty()) {
            Cell fastest = row.stream().min((a, b) -> Double.compare(a.queryP99(), b.queryP99())).orElseThrow();
            return new Knee(threads, null, null, List.of(), String.format(java.util.Locale.ROOT,
                    "no pool kept query p99 within %s ms (the lowest was %.1f ms, at pool %d)",
                    millis(options.maxP99()), fastest.queryP99() / 1000, fastest.pool()));
        }
        Cell best = eligible.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
        List<Integer> close = new ArrayList<>();
        for (Cell c : eligible) {
            if (!distinguishablyBelow(c, best)) {
                close.add(c.pool());
            }
        }
        Collections.sort(close);
        int knee = close.get(0);
        String note = "";
        int largest = options.pools().get(options.pools().size() - 1);
        int smallest = options.pools().get(0);
        if (knee == largest) {
            note = "at the largest pool tried: throughput may still rise with more connections; next sweep: --pools "
                    + largest + "," + (largest * 3 / 2) + "," + (largest * 2) + "," + (largest * 3) + " --threads " + threads;
        } else if (knee == smallest && smallest > 1) {
            note = "at the smallest pool tried: a smaller pool may do as well; next sweep: --pools 1,"
                    + Math.max(2, smallest / 2) + "," + smallest + " --threads " + threads;
        }
        return new Knee(threads, knee, best.pool(), List.copyOf(close), note);
    }

    /** More than the practical margin below the best, and every round of it clearly below every round of the best. */
    static boolean distinguishablyBelow(Cell c, Cell best) {
        return c.throughput() < (1 - PRACTICAL) * best.throughput()
                && c.highest() < best.lowest() - SEPARATION * best.throughput();
    }

    private static Recommendation recommend(Options options, List<Cell> cells, Map<Integer, Knee> knees, Budget budget) {
        List<String> why = new ArrayList<>();
        Knee driving = knees.values().stream().filter(k -> k.pool() != null)
                .max((a, b) -> a.pool() != b.pool().intValue() ? Integer.compare(a.pool(), b.pool())
                        : Integer.compare(a.threads(), b.threads())).orElse(null);
        if (driving == null) {
            why.add("No recommendation: " + knees.values().iterator().next().note()
                    + ". Raise --max-p99, or make the queries cheaper.");
            return new Recommendation(null, why);
        }
        int n = driving.pool();
        int perInstance = budget.perInstance();
        if (n > perInstance) {
            why.add(String.format(java.util.Locale.ROOT, "The knee at %d threads is %d, above the budget of %d per "
                    + "instance: the budget wins. To get the knee, lower connector.instances' real count, raise "
                    + "max_connections, or put PgBouncer in front.", driving.threads(), n, perInstance));
            n = Math.max(1, perInstance);
        }
        Cell at = nearestMeasured(cells, driving.threads(), n);
        Cell best = cells.stream().filter(c -> c.threads() == driving.threads() && c.pool() == driving.best()).findFirst()
                .orElseThrow();
        why.add(0, String.format(java.util.Locale.ROOT, "Recommended: a pool of %d, %s at %d client threads%s.", n,
                n == driving.pool() ? "the knee" : "the budget; the knee is " + driving.pool(), driving.threads(),
                knees.size() > 1 ? " (the largest knee of the thread counts tried)" : ""));
        why.add(String.format(java.util.Locale.ROOT,
                "It respects the budget: (max_connections %d - reserved %d) / %d instance(s) = %d per instance. "
                        + "Without it the connector would take min(default ceiling %d, budget %d) = %d.",
                budget.maxConnections(), budget.reserved(), budget.instances(), perInstance, DEFAULT_CEILING,
                perInstance, budget.connectorDefault()));
        if (n > DEFAULT_CEILING) {
            why.add("It is above the default ceiling of " + DEFAULT_CEILING + ", so it must be set explicitly.");
        }
        why.add(String.format(java.util.Locale.ROOT, "What it buys at %d client threads: %.0f ops/s (%.0f%% of the best,"
                        + " %.0f at pool %d), a connection within %.1f ms (acquire p99), queries within %.1f ms (query p99)%s.",
                driving.threads(), at.throughput(), 100 * at.throughput() / best.throughput(), best.throughput(), best.pool(),
                at.acquireP99() / 1000, at.queryP99() / 1000, at.pool() == n ? "" : " (measured at pool " + at.pool() + ")"));
        if (n == driving.pool() && at.throughput() < (1 - 2 * PRACTICAL) * best.throughput()) {
            double widest = cells.stream().filter(c -> c.threads() == driving.threads()).mapToDouble(Cell::spread).max()
                    .orElse(0);
            why.add(String.format(java.util.Locale.ROOT, "Too noisy to trust: pool %d's median is %.0f%% below the "
                    + "best's, yet the rounds overlap (spreads up to ±%.0f%%), so no pool is distinguishably better. "
                    + "Re-run on a quieter machine, or with more --rounds or --seconds, before relying on it.",
                    n, 100 * (1 - at.throughput() / best.throughput()), 100 * widest));
        }
        int defaultSize = budget.connectorDefault();
        if (defaultSize != n && options.pools().contains(defaultSize)) {
            Cell d = nearestMeasured(cells, driving.threads(), defaultSize);
            why.add(String.format(java.util.Locale.ROOT, "The default %d gives %.0f ops/s, acquire p99 %.1f ms, query p99 "
                    + "%.1f ms.", defaultSize, d.throughput(), d.acquireP99() / 1000, d.queryP99() / 1000));
        }
        List<Integer> close = driving.close();
        int i = options.pools().indexOf(driving.pool());
        if (i > 0) {
            int smaller = options.pools().get(i - 1);
            Cell s = nearestMeasured(cells, driving.threads(), smaller);
            double gap = 1 - s.throughput() / best.throughput();
            if (gap < 2 * PRACTICAL || s.highest() >= 0.97 * best.lowest()) {
                why.add(String.format(java.util.Locale.ROOT, "Close call: pool %d was only %.0f%% below the best; a "
                        + "re-run on a busy machine may choose it instead (a neighbouring size).", smaller, 100 * gap));
            }
        }
        if (close.size() > 1) {
            why.add("Not distinguishably below the best at " + driving.threads() + " threads: pools " + close + ".");
        }
        for (Knee k : knees.values()) {
            if (!k.note().isEmpty()) {
                why.add("At " + k.threads() + " threads the knee is " + k.note() + ".");
            }
        }
        return new Recommendation(n, why);
    }

    private static Cell nearestMeasured(List<Cell> cells, int threads, int pool) {
        return cells.stream().filter(c -> c.threads() == threads && c.pool() <= pool)
                .max((a, b) -> Integer.compare(a.pool(), b.pool()))
                .orElseGet(() -> cells.stream().filter(c -> c.threads() == threads).findFirst().orElseThrow());
    }

    /** Read independently of the connector's own sizing code: the suite checks the library, it does not trust it. */
    private static Budget budget(Connection admin, int instances) throws SQLException {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, setting::int FROM pg_settings WHERE name IN "
                     + "('max_connections', 'superuser_reserved_connections', 'reserved_connections')")) {
            int max = 0;
            int reserved = 0;
            while (rs.next()) {
                if (rs.getString(1).equals("max_connections")) {
                    max = rs.getInt(2);
                } else {
                    reserved += rs.getInt(2);
                }
            }
            return new Budget(max, reserved, instances);
        }
    }

    private static Sample measure(Target target, Workload workload, int pool, int threads, int round, Options options)
            throws Exception {
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url(target.url()).user(target.user()).password(target.password())
                .applicationName("connector-sizing").strategy(PoolingStrategy.BOUNDED).maxPoolSize(pool)
                .set(ConnectorProperty.MIN_IDLE, String.valueOf(pool))
                .set(ConnectorProperty.ACQUIRE_TIMEOUT, "30s")
                .schemaPolicy(SchemaPolicy.ALLOW).shutdownHook(false).build()) {
            List<Connection> warm = new ArrayList<>();
            for (int i = 0; i < pool; i++) {
                warm.add(ds.getConnection());
            }
            for (Connection c : warm) {
                c.close();
            }
            long start = System.nanoTime() + options.warmup().toNanos();
            long end = start + options.cell().toNanos();
            long[][] acquire = new long[threads][];
            long[][] query = new long[threads][];
            int[] counts = new int[threads];
            AtomicLong errors = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread w = new Thread(() -> {
                    long[] a = new long[1 << 12];
                    long[] q = new long[1 << 12];
                    int n = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        try (Connection c = ds.getConnection()) {
                            long t1 = System.nanoTime();
                            workload.run(c);
                            long t2 = System.nanoTime();
                            if (t0 >= start) {
                                if (n == a.length) {
                                    a = Arrays.copyOf(a, n * 2);
                                    q = Arrays.copyOf(q, n * 2);
                                }
                                a[n] = t1 - t0;
                                q[n] = t2 - t1;
                                n++;
                            }
                        } catch (SQLException e) {
                            errors.incrementAndGet();
                        }
                    }
                    acquire[index] = a;
                    query[index] = q;
                    counts[index] = n;
                }, "sizing-" + t);
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            long[] allAcquire = merge(acquire, counts);
            long[] allQuery = merge(query, counts);
            double seconds = options.cell().toNanos() / 1e9;
            return new Sample(pool, threads, round, allQuery.length, errors.get(), allQuery.length / seconds,
                    micros(allAcquire, 50), micros(allAcquire, 99), micros(allQuery, 50), micros(allQuery, 99));
        }
    }

    private static long[] merge(long[][] parts, int[] counts) {
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return all;
    }

    private static double micros(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }
}
