package dev.connector.benchmarks.sizing;

import dev.connector.benchmarks.sizing.Sizing.Cell;
import dev.connector.benchmarks.sizing.Sizing.Knee;
import dev.connector.benchmarks.sizing.Sizing.Report;
import dev.connector.benchmarks.sizing.Sizing.Sample;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the sizing suite writes: the markdown report ending with the line to copy, a CSV of every round, the chart. */
public final class SizingOutput {

    private SizingOutput() {
    }

    public static String markdown(Report r) {
        StringBuilder m = new StringBuilder();
        Sizing.Budget b = r.budget();
        m.append(String.format(Locale.ROOT, "Workload: %s. Each cell measured %d time(s) for %d ms, interleaved. Budget: "
                        + "(max_connections %d - reserved %d) / %d instance(s) = %d connections per instance. Query p99 "
                        + "limit: %s.%n%n", r.workload(), r.options().rounds(), r.options().cell().toMillis(),
                b.maxConnections(), b.reserved(), b.instances(), b.perInstance(),
                r.options().maxP99() == null ? "none (--max-p99 sets one)" : Sizing.millis(r.options().maxP99()) + " ms"));
        m.append("| threads | pool | ops/s (median) | lowest - highest | spread | acquire p99 (us) | query p50 (us) "
                + "| query p99 (us) | errors | |\n");
        m.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : r.cells()) {
            m.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f - %.0f | ±%.0f%% | %.0f | %.0f | %.0f | %d | %s |%n",
                    c.threads(), c.pool(), c.throughput(), c.lowest(), c.highest(), 100 * c.spread(), c.acquireP99(),
                    c.queryP50(), c.queryP99(), c.errors(), marks(r, c)));
        }
        m.append('\n');
        for (Knee k : r.knees().values()) {
            if (k.pool() == null) {
                m.append(String.format(Locale.ROOT, "- %d client threads: %s.%n", k.threads(), k.note()));
            } else {
                m.append(String.format(Locale.ROOT, "- %d client threads: knee at pool %d (best median at pool %d; not "
                                + "distinguishably below the best: %s)%s.%n", k.threads(), k.pool(), k.best(),
                        k.close(), k.note().isEmpty() ? "" : "; " + k.note()));
            }
        }
        m.append("\nThe knee is the smallest pool whose throughput is not distinguishably below the best's: "
                + "distinguishably below means a median more than " + Math.round(100 * Sizing.PRACTICAL) + "% lower and "
                + "every round at least " + Math.round(100 * Sizing.SEPARATION) + "% of the best below its lowest round"
                + (r.options().maxP99() == null ? "" : ", among pools with query p99 within the limit") + ".\n\n");
        for (String line : r.recommendation().explanation()) {
            m.append(line).append('\n');
        }
        if (r.recommendation().pool() != null) {
            m.append("\nSet:\n\nconnector.maxPoolSize=").append(r.recommendation().pool()).append('\n');
        }
        return m.toString();
    }

    private static String marks(Report r, Cell c) {
        List<String> marks = new ArrayList<>();
        Knee k = r.knees().get(c.threads());
        if (k.pool() != null && k.pool() == c.pool()) {
            marks.add("knee");
        }
        if (k.best() != null && k.best() == c.pool()) {
            marks.add("best");
        }
        if (r.recommendation().pool() != null && r.recommendation().pool() == c.pool()) {
            marks.add("recommended");
        }
        if (c.pool() > r.budget().perInstance()) {
            marks.add("over budget");
        }
        if (r.options().maxP99() != null && c.queryP99() > r.options().maxP99().toNanos() / 1000.0) {
            marks.add("p99 over limit");
        }
        return String.join(", ", marks);
    }

    public static String csv(Report r) {
        StringBuilder c = new StringBuilder("threads,pool,round,operations,errors,ops_per_second,acquire_p50_us,"
                + "acquire_p99_us,query_p50_us,query_p99_us\n");
        for (Cell cell : r.cells()) {
            for (Sample s : cell.samples()) {
                c.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f%n", s.threads(), s.pool(),
                        s.round(), s.operations(), s.errors(), s.throughput(), s.acquireP50(), s.acquireP99(),
                        s.queryP50(), s.queryP99()));
            }
        }
        return c.toString();
    }

    /**
     * Two panels: throughput (median, with the rounds' spread as error bars) and query p99 against pool size, a
     * line per thread count. Pool sizes are evenly spaced as swept; y starts at zero; knees are marked; the
     * budget and the default ceiling are always shown, as a line or, beyond the pools tried, as a note.
     */
    public static void chart(Report r, Path png) throws Exception {
        List<Integer> pools = r.options().pools();
        XYChart throughput = panel(r, "Throughput by pool size (" + r.workload() + ")", "operations per second (median)");
        XYChart latency = panel(r, "Query latency by pool size", "query p99 (ms)");
        double top = 0;
        double topLatency = 0;
        for (int threads : r.options().threads()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (int pool : pools) {
                Cell c = r.cell(threads, pool);
                x.add((double) pools.indexOf(pool));
                y.add(c.throughput());
                err.add((c.highest() - c.lowest()) / 2);
                p99.add(c.queryP99() / 1000);
                top = Math.max(top, c.highest());
                topLatency = Math.max(topLatency, c.queryP99() / 1000);
            }
            Color color = PALETTE[r.options().threads().indexOf(threads) % PALETTE.length];
            colour(throughput.addSeries(threads + " client threads", x, y, err), color);
            colour(latency.addSeries(threads + " client threads", x, p99), color);
            Knee k = r.knees().get(threads);
            if (k.pool() != null) {
                Cell at = r.cell(threads, k.pool());
                XYSeries knee = throughput.addSeries("knee at " + threads + " threads: pool " + k.pool(),
                        List.of((double) pools.indexOf(k.pool())), List.of(at.throughput()));
                knee.setMarker(SeriesMarkers.DIAMOND);
                knee.setMarkerColor(color.darker());
                knee.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        throughput.getStyler().setYAxisMax(top * 1.15);
        throughput.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW); // throughput rises to the right
        latency.getStyler().setYAxisMax(Math.max(topLatency, r.options().maxP99() == null ? 0
                : r.options().maxP99().toNanos() / 1e6) * 1.15);
        for (XYChart chart : List.of(throughput, latency)) {
            double chartTop = chart == throughput ? top * 1.15 : chart.getStyler().getYAxisMax();
            marker(chart, pools, r.budget().perInstance(), "budget " + r.budget().perInstance() + " per instance", chartTop, 0.97);
            marker(chart, pools, Sizing.DEFAULT_CEILING, "default ceiling " + Sizing.DEFAULT_CEILING, chartTop, 0.90);
        }
        if (r.options().maxP99() != null) {
            double limit = r.options().maxP99().toNanos() / 1e6;
            latency.addAnnotation(new AnnotationLine(limit, false, false));
            latency.addAnnotation(new AnnotationText("--max-p99 " + Sizing.millis(r.options().maxP99()) + " ms",
                    (pools.size() - 1) / 2.0, limit, false));
        }
        BitmapEncoder.saveBitmap(List.of(throughput, latency), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e)};

    private static void colour(XYSeries series, Color color) {
        series.setLineColor(color);
        series.setMarkerColor(color);
    }

    private static XYChart panel(Report r, String title, String yTitle) {
        List<Integer> pools = r.options().pools();
        XYChart chart = new XYChartBuilder().width(700).height(480).title(title)
                .xAxisTitle("pool size (connections)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(9);
        // x is the position in the sweep, so doubling sizes sit evenly; XChart then puts a tick at each position
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-9 && i >= 0 && i < pools.size() ? String.valueOf(pools.get((int) i)) : "";
        });
        chart.getStyler().setyAxisTickLabelsFormattingFunction(SizingOutput::number);
        return chart;
    }

    /** A vertical line at this pool size (placed between the sizes swept), or a note when it is beyond them. */
    private static void marker(XYChart chart, List<Integer> pools, int size, String label, double top, double height) {
        double x = position(pools, size);
        if (Double.isNaN(x)) {
            chart.addAnnotation(new AnnotationText(label + " (beyond the pools tried) >", pools.size() - 1.2,
                    top * height, false));
            return;
        }
        chart.addAnnotation(new AnnotationLine(x, true, false));
        chart.addAnnotation(new AnnotationText(label, x, top * height, false));
    }

    /** Where a pool size sits on the evenly spaced axis, interpolated on a log scale; NaN beyond the sweep. */
    static double position(List<Integer> pools, int size) {
        if (size < pools.get(0) || size > pools.get(pools.size() - 1)) {
            return Double.NaN;
        }
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i) == size) {
                return i;
            }
            if (i + 1 < pools.size() && size < pools.get(i + 1)) {
                double lo = Math.log(pools.get(i));
                double hi = Math.log(pools.get(i + 1));
                return i + (Math.log(size) - lo) / (hi - lo);
            }
        }
        return Double.NaN;
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        String text = a >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** Writes sizing.md, sizing.csv and sizing.png into {@code dir}; returns a note if the chart failed. */
    public static String write(Report report, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sizing.md"), markdown(report));
        Files.writeString(dir.resolve("sizing.csv"), csv(report));
        try {
            chart(report, dir.resolve("sizing.png"));
            return null;
        } catch (Exception | Error e) {
            return "the chart was not drawn (" + e + "): Java needs a font to draw text; on Debian install "
                    + "fontconfig and fonts-dejavu-core. The table and CSV are complete.";
        }
    }
}
