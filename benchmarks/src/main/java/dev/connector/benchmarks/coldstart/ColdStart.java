package dev.connector.benchmarks.coldstart;

import dev.connector.benchmarks.support.Medians;
import dev.connector.benchmarks.support.Target;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cold-start pair: a fresh JVM's first query through raw pgjdbc ({@link RawFirstQuery}) against the connector
 * ({@link ConnectorFirstQuery}), each a whole process started from this same jar with the same environment (an AWS
 * Lambda one, so the connector chooses UNPOOLED). Runs are paired and interleaved (raw first in even pairs,
 * connector first in odd ones) so that drift hits both alike; the figures are medians. Wall time per process until
 * its first row is printed (what a function's cold start waits for) and until it has exited, and the CPU time it
 * had used by its first row.
 */
public final class ColdStart {

    /**
     * One process: milliseconds from its start to its first row and to its exit (wall time), and the CPU time it
     * had used when the first row was in (all its threads), which a busy machine disturbs less than wall time.
     */
    public record Run(String side, double firstRowMillis, double exitMillis, double cpuMillis) {
    }

    /** Medians per side and their ratios (connector over raw). */
    public record Result(List<Run> raw, List<Run> connector) {
        public double rawFirstRow() {
            return Medians.of(raw, Run::firstRowMillis);
        }

        public double connectorFirstRow() {
            return Medians.of(connector, Run::firstRowMillis);
        }

        public double rawCpu() {
            return Medians.of(raw, Run::cpuMillis);
        }

        public double connectorCpu() {
            return Medians.of(connector, Run::cpuMillis);
        }

        public double rawExit() {
            return Medians.of(raw, Run::exitMillis);
        }

        public double connectorExit() {
            return Medians.of(connector, Run::exitMillis);
        }

        /** The median of the ratios of each pair, first row: less sensitive to drift between pairs. */
        public double pairedFirstRowRatio() {
            double[] r = new double[raw.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = connector.get(i).firstRowMillis() / raw.get(i).firstRowMillis();
            }
            return Medians.of(r);
        }
    }

    private ColdStart() {
    }

    public static Result run(Target target, int pairs, PrintStream progress) throws Exception {
        Map<String, String> env = environment(target);
        // one unmeasured pair first: the page cache then holds the jar and the JDK for both sides alike
        launch("raw", RawFirstQuery.class, env, List.of());
        launch("connector", ConnectorFirstQuery.class, env, List.of());
        List<Run> raw = new ArrayList<>();
        List<Run> connector = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Run r;
            Run c;
            if (i % 2 == 0) {
                r = launch("raw", RawFirstQuery.class, env, List.of());
                c = launch("connector", ConnectorFirstQuery.class, env, List.of());
            } else {
                c = launch("connector", ConnectorFirstQuery.class, env, List.of());
                r = launch("raw", RawFirstQuery.class, env, List.of());
            }
            raw.add(r);
            connector.add(c);
            progress.printf(Locale.ROOT, "  [%2d/%d] first row: raw %6.0f ms, connector %6.0f ms; exit: raw %6.0f ms, "
                    + "connector %6.0f ms; CPU: raw %6.0f ms, connector %6.0f ms%n", i + 1, pairs, r.firstRowMillis(),
                    c.firstRowMillis(), r.exitMillis(), c.exitMillis(), r.cpuMillis(), c.cpuMillis());
        }
        return new Result(raw, connector);
    }

    public static String table(Result r) {
        return String.format(Locale.ROOT, """
                        | fresh JVM, first query (%d paired runs) | raw pgjdbc (median) | connector (median) | connector/raw |
                        |---|---|---|---|
                        | start to first row | %.0f ms | %.0f ms | %.3f (median of pair ratios %.3f) |
                        | start to exit | %.0f ms | %.0f ms | %.3f |
                        | CPU time until the first row | %.0f ms | %.0f ms | %.3f |
                        """, r.raw().size(), r.rawFirstRow(), r.connectorFirstRow(), r.connectorFirstRow() / r.rawFirstRow(),
                r.pairedFirstRowRatio(), r.rawExit(), r.connectorExit(), r.connectorExit() / r.rawExit(),
                r.rawCpu(), r.connectorCpu(), r.connectorCpu() / r.rawCpu());
    }

    /** Runs each side once with -Xlog:class+load and counts the classes it loaded, by where they came from. */
    public static String classes(Target target) throws Exception {
        Map<String, String> env = environment(target);
        StringBuilder out = new StringBuilder("| classes loaded | raw pgjdbc | connector |\n|---|---|---|\n");
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Class<?> main : List.of(RawFirstQuery.class, ConnectorFirstQuery.class)) {
            Path log = Files.createTempFile("class-load", ".log");
            launch(main.getSimpleName(), main, env, List.of("-Xlog:class+load=info:file=" + log));
            counts.put(main.getSimpleName(), count(Files.readAllLines(log)));
            String keep = System.getProperty("coldstart.classLogs"); // a directory: keep the logs to read them
            if (keep != null) {
                Files.move(log, Path.of(keep, main.getSimpleName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(log);
            }
        }
        Map<String, Integer> raw = counts.get(RawFirstQuery.class.getSimpleName());
        Map<String, Integer> con = counts.get(ConnectorFirstQuery.class.getSimpleName());
        java.util.Set<String> keys = new java.util.TreeSet<>(raw.keySet());
        keys.addAll(con.keySet());
        for (String k : keys) {
            out.append("| ").append(k).append(" | ").append(raw.getOrDefault(k, 0)).append(" | ")
                    .append(con.getOrDefault(k, 0)).append(" |\n");
        }
        return out.toString();
    }

    private static Map<String, Integer> count(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            int source = line.indexOf(" source: ");
            if (source < 0) {
                continue;
            }
            String name = line.substring(line.indexOf("] ", line.indexOf("[class,load")) + 2, source).trim();
            String from = line.substring(source + 9);
            String kind;
            if (from.startsWith("shared objects file")) {
                kind = "total, of which from the JDK's CDS archive";
            } else if (from.startsWith("jrt:/")) {
                kind = "total, of which from the JDK, not archived";
            } else if (name.startsWith("dev.connector.benchmarks")) {
                kind = "total, of which the benchmark's own";
            } else if (name.startsWith("dev.connector")) {
                kind = "total, of which connector";
            } else if (name.startsWith("org.postgresql") || name.startsWith("com.ongres")) {
                kind = "total, of which pgjdbc (with its SCRAM client)";
            } else if (name.startsWith("org.slf4j")) {
                kind = "total, of which SLF4J";
            } else if (name.startsWith("com.zaxxer")) {
                kind = "total, of which HikariCP";
            } else {
                kind = "total, of which other (generated, lambdas, other jars)";
            }
            counts.merge(kind, 1, Integer::sum);
            counts.merge("total", 1, Integer::sum);
        }
        return counts;
    }

    /** The children's environment: the caller's without database or platform variables, then the target's. */
    private static Map<String, String> environment(Target target) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("CONNECTOR_") || k.startsWith("AWS_")
                || k.equals("DATABASE_URL") || k.equals("JDBC_DATABASE_URL") || k.startsWith("K_")
                || k.startsWith("FUNCTION") || k.startsWith("WEBSITE_") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("JDBC_DATABASE_URL", target.url());
        env.put("PGUSER", target.user());
        env.put("PGPASSWORD", target.password());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "cold-start");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        return env;
    }

    private static Run launch(String side, Class<?> main, Map<String, String> env, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"); // the connector logs its start, as in production
        command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        long firstRow = 0;
        long cpu = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("first row 1") && firstRow == 0) {
                    firstRow = System.nanoTime();
                } else if (line.startsWith("cpu ns ")) {
                    cpu = Long.parseLong(line.substring(7));
                }
            }
        }
        int code = p.waitFor();
        long exit = System.nanoTime();
        if (code != 0 || firstRow == 0 || cpu < 0) {
            throw new IllegalStateException(side + " process failed (exit code " + code + "); run it by hand: "
                    + String.join(" ", command));
        }
        return new Run(side, (firstRow - start) / 1e6, (exit - start) / 1e6, cpu / 1e6);
    }
}
