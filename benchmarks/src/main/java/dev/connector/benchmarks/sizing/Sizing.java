package dev.connector.benchmarks.sizing;

import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.SchemaPolicy;
import dev.connector.benchmarks.support.Target;
import dev.connector.internal.strategy.ConnectionBudget;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool-sizing suite: for each number of client threads, sweeps the pool size of a ConnectorDataSource
 * (BOUNDED) and measures throughput and the p50 and p99 of acquisition and of query latency. Reports the
 * knee (the smallest pool within 5% of the best throughput for those threads) and the size the connection
 * budget allows; writes a markdown table, a CSV and a chart.
 */
public final class Sizing {

    /** What to sweep. */
    public record Options(List<Integer> pools, List<Integer> threads, Duration warmup, Duration cell, int instances) {
        public static Options quick(int instances) {
            return new Options(List.of(1, 2, 4, 8, 16), List.of(8, 32), Duration.ofMillis(500), Duration.ofSeconds(2), instances);
        }

        public static Options full(int instances) {
            return new Options(List.of(1, 2, 4, 6, 8, 12, 16, 24, 32), List.of(4, 16, 64), Duration.ofSeconds(1),
                    Duration.ofSeconds(5), instances);
        }
    }

    /** One measured pool size at one thread count; latencies in microseconds. */
    public record Cell(int pool, int threads, long operations, long errors, double throughput,
                       double acquireP50, double acquireP99, double queryP50, double queryP99) {
    }

    /** The server's connection budget. */
    public record Budget(int maxConnections, int reserved, int instances) {
        public int perInstance() {
            return (maxConnections - reserved) / instances;
        }
    }

    public record Report(String workload, List<Cell> cells, Map<Integer, Integer> knees, Budget budget) {
    }

    private Sizing() {
    }

    public static Report run(Target target, Workload workload, Options options, PrintStream progress) throws Exception {
        Budget budget;
        try (Connection admin = target.admin()) {
            budget = budget(admin, options.instances());
        }
        try (Connection c = java.sql.DriverManager.getConnection(target.url(), target.user(), target.password())) {
            workload.prepare(c);
        }
        progress.printf("sizing: %s; pools %s x threads %s, %d ms a cell; budget %d per instance (max_connections %d, "
                        + "reserved %d, %d instance(s))%n", workload.name(), options.pools(), options.threads(),
                options.cell().toMillis(), budget.perInstance(), budget.maxConnections(), budget.reserved(), options.instances());
        List<Cell> cells = new ArrayList<>();
        int total = options.pools().size() * options.threads().size();
        for (int threads : options.threads()) {
            for (int pool : options.pools()) {
                Cell cell = measure(target, workload, pool, threads, options);
                cells.add(cell);
                progress.printf("  [%2d/%d] pool %3d, threads %3d: %9.0f ops/s, acquire p99 %8.0f us, query p99 %8.0f us%s%n",
                        cells.size(), total, pool, threads, cell.throughput(), cell.acquireP99(), cell.queryP99(),
                        cell.errors() > 0 ? ", " + cell.errors() + " errors" : "");
            }
        }
        Map<Integer, Integer> knees = new LinkedHashMap<>();
        for (int threads : options.threads()) {
            double best = cells.stream().filter(c -> c.threads() == threads).mapToDouble(Cell::throughput).max().orElse(0);
            cells.stream().filter(c -> c.threads() == threads && c.throughput() >= 0.95 * best)
                    .mapToInt(Cell::pool).min().ifPresent(p -> knees.put(threads, p));
        }
        return new Report(workload.name(), cells, knees, budget);
    }

    private static Budget budget(Connection admin, int instances) throws SQLException {
        ConnectionBudget server = ConnectionBudget.read(admin);
        return new Budget(server.maxConnections(), server.reserved(), instances);
    }

    private static Cell measure(Target target, Workload workload, int pool, int threads, Options options) throws Exception {
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url(target.url()).user(target.user()).password(target.password())
                .applicationName("connector-sizing").strategy(PoolingStrategy.BOUNDED).maxPoolSize(pool)
                .set(dev.connector.ConnectorProperty.MIN_IDLE, String.valueOf(pool))
                .set(dev.connector.ConnectorProperty.ACQUIRE_TIMEOUT, "30s")
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
            return new Cell(pool, threads, allQuery.length, errors.get(), allQuery.length / seconds,
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

    // ------------------------------------------------------------------ output

    public static String markdown(Report report) {
        StringBuilder m = new StringBuilder();
        m.append("Workload: ").append(report.workload()).append(". Budget: (max_connections ")
                .append(report.budget().maxConnections()).append(" - reserved ").append(report.budget().reserved())
                .append(") / ").append(report.budget().instances()).append(" instance(s) = ")
                .append(report.budget().perInstance()).append(" connections per instance.\n\n");
        m.append("| threads | pool | ops/s | acquire p50 (us) | acquire p99 (us) | query p50 (us) | query p99 (us) | errors | |\n");
        m.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : report.cells()) {
            String mark = report.knees().get(c.threads()) == c.pool() ? "knee" : "";
            if (c.pool() > report.budget().perInstance()) {
                mark = (mark.isEmpty() ? "" : mark + ", ") + "over budget";
            }
            m.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %s |%n", c.threads(),
                    c.pool(), c.throughput(), c.acquireP50(), c.acquireP99(), c.queryP50(), c.queryP99(), c.errors(), mark));
        }
        m.append('\n');
        report.knees().forEach((threads, pool) -> m.append(String.format(Locale.ROOT,
                "With %d client threads the knee is a pool of %d: the smallest within 5%% of the best throughput%s.%n",
                threads, pool, pool <= report.budget().perInstance() ? ", and within the budget"
                        : "; the budget allows only " + report.budget().perInstance())));
        return m.toString();
    }

    public static String csv(Report report) {
        StringBuilder c = new StringBuilder("threads,pool,operations,errors,ops_per_second,acquire_p50_us,acquire_p99_us,"
                + "query_p50_us,query_p99_us,knee,budget_per_instance\n");
        for (Cell cell : report.cells()) {
            c.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%s,%d%n", cell.threads(), cell.pool(),
                    cell.operations(), cell.errors(), cell.throughput(), cell.acquireP50(), cell.acquireP99(),
                    cell.queryP50(), cell.queryP99(), report.knees().get(cell.threads()) == cell.pool(),
                    report.budget().perInstance()));
        }
        return c.toString();
    }

    /** Throughput against pool size, a line per thread count, the budget as a vertical marker. */
    public static void chart(Report report, Path png) throws Exception {
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("Throughput by pool size (" + report.workload() + ")")
                .xAxisTitle("pool size (connections)").yAxisTitle("operations per second").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double top = 0;
        for (int threads : report.knees().keySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Cell c : report.cells()) {
                if (c.threads() == threads) {
                    x.add((double) c.pool());
                    y.add(c.throughput());
                    top = Math.max(top, c.throughput());
                }
            }
            chart.addSeries(threads + " client threads (knee " + report.knees().get(threads) + ")", x, y);
        }
        double budget = report.budget().perInstance();
        double maxPool = report.cells().stream().mapToInt(Cell::pool).max().orElse(1);
        if (budget <= maxPool) {
            chart.addSeries("budget per instance (" + report.budget().perInstance() + ")",
                    List.of(budget, budget), List.of(0.0, top * 1.05));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Writes sizing.md, sizing.csv and throughput.png into {@code dir}; returns a note if the chart failed. */
    public static String write(Report report, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sizing.md"), markdown(report));
        Files.writeString(dir.resolve("sizing.csv"), csv(report));
        try {
            chart(report, dir.resolve("throughput.png"));
            return null;
        } catch (Exception | Error e) {
            return "the chart was not drawn (" + e + "): Java needs a font to draw text; on Debian install "
                    + "fontconfig and fonts-dejavu-core. The table and CSV are complete.";
        }
    }
}
