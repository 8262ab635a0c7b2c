package dev.connector.benchmarks;

import dev.connector.benchmarks.pairs.Pairs;
import dev.connector.benchmarks.coldstart.ColdStart;
import dev.connector.benchmarks.sizing.Sizing;
import dev.connector.benchmarks.sizing.SizingOutput;
import dev.connector.benchmarks.sizing.Workload;
import dev.connector.benchmarks.storm.StormDemo;
import dev.connector.benchmarks.support.Target;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar COMMAND [options]}; see {@link #USAGE}.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar benchmarks.jar COMMAND [options]      (COMMAND --help: this text)

              sizing [--quick | --smoke] [--workload select1|sleep|mixed] [--sql FILE] [--instances N]
                     [--pools 1,2,4,8] [--threads 8,32] [--seconds S] [--rounds R] [--max-p99 5ms]
                     [--url jdbc:postgresql://...] [--results DIR]
                  Sweeps pool sizes against client threads, each cell measured R times (default 5), interleaved;
                  reports the knee per thread count and ends with the line to copy (connector.maxPoolSize=N).
                  --max-p99: the most query p99 a recommended pool may have (us, ms or s). Writes sizing.md,
                  sizing.csv and sizing.png to results/sizing-TIMESTAMP (or DIR). Default: an embedded PostgreSQL;
                  with --url, your server (PGUSER and PGPASSWORD give the login). --quick: about 2 minutes quiet.

              pairs [--smoke]
                  The JMH hot-path pairs, each wrapped path against its raw twin (configured alike, and each as it
                  comes), and their ratios. Exits 1 when a ratio is clearly above its target (not in --smoke).

              coldstart [--runs N] [--classes] [--url jdbc:postgresql://...]
                  A fresh JVM's first query, raw pgjdbc against the connector (UNPOOLED in an AWS Lambda
                  environment): N paired, interleaved whole processes (default 15), medians and their ratio.
                  --classes also counts the classes each side loads.

              storm [--quick] [--instances N] [--seconds S] [--max-connections M] [--url jdbc:postgresql://...]
                    [--pooler-url jdbc:postgresql://pgbouncer:6432/db [--pooler pgbouncer-transaction]]
                  Function instances against a server with few connection slots: naive pools against the connector.
            """;

    /** A command line that cannot run: the message, then the usage, exit code 64. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int code;
        try {
            code = run(args, System.out);
        } catch (UsageException e) {
            System.err.println(e.getMessage() + "\n\n" + USAGE);
            code = 64;
        }
        System.exit(code);
    }

    /** Runs a command line; returns the exit code. */
    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("missing command");
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return 0;
        }
        return switch (args[0]) {
            case "sizing" -> sizing(args, out);
            case "pairs" -> pairs(args, out);
            case "coldstart" -> coldStart(args, out);
            case "storm" -> storm(args, out);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private static int pairs(String[] args, PrintStream out) throws Exception {
        boolean smoke = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                smoke = true;
            } else {
                throw new UsageException("unknown option " + args[i]);
            }
        }
        return Pairs.run(smoke, out);
    }

    private static int coldStart(String[] args, PrintStream out) throws Exception {
        int runs = 15;
        boolean classes = false;
        String url = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = number(args, ++i);
                case "--classes" -> classes = true;
                case "--url" -> url = value(args, ++i);
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        try (Target target = url == null ? Target.embedded(20)
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            out.println("coldstart: " + runs + " paired runs of fresh JVMs, interleaved; each runs one SELECT 1");
            ColdStart.Result result = ColdStart.run(target, runs, out);
            out.println();
            out.print(ColdStart.table(result));
            if (classes) {
                out.println();
                out.print(ColdStart.classes(target));
            }
        }
        return 0;
    }

    private static int sizing(String[] args, PrintStream out) throws Exception {
        Sizing.Options o = Sizing.Options.full();
        String workload = "select1";
        Path sql = null;
        String url = null;
        Path results = Path.of("results", "sizing-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = Sizing.Options.quick().withInstances(o.instances()).withMaxP99(o.maxP99());
                case "--smoke" -> o = Sizing.Options.smoke().withInstances(o.instances()).withMaxP99(o.maxP99());
                case "--workload" -> workload = value(args, ++i);
                case "--sql" -> sql = Path.of(value(args, ++i));
                case "--instances" -> o = o.withInstances(number(args, ++i));
                case "--pools" -> o = o.withPools(numbers(args, ++i));
                case "--threads" -> o = o.withThreads(numbers(args, ++i));
                case "--seconds" -> o = o.withCell(Duration.ofSeconds(number(args, ++i)));
                case "--rounds" -> o = o.withRounds(number(args, ++i));
                case "--max-p99" -> o = o.withMaxP99(latency(args, ++i));
                case "--url" -> url = value(args, ++i);
                case "--results" -> results = Path.of(value(args, ++i));
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        Workload w;
        try {
            w = Workload.named(workload, sql);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (Target target = url == null ? Target.embedded(100)
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            Sizing.Report report = Sizing.run(target, w, o, out);
            String problem = SizingOutput.write(report, results);
            out.println("\nResults in " + results.toAbsolutePath() + (problem == null ? "" : "; " + problem) + "\n");
            out.print(SizingOutput.markdown(report));
        }
        return 0;
    }

    private static int storm(String[] args, PrintStream out) throws Exception {
        StormDemo.Options o = StormDemo.Options.standard();
        String url = null;
        String poolerUrl = null;
        String pooler = "pgbouncer-transaction";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = StormDemo.Options.quick();
                case "--pooler-url" -> poolerUrl = value(args, ++i);
                case "--pooler" -> pooler = value(args, ++i);
                case "--instances" -> o = new StormDemo.Options(number(args, ++i), o.duration(), o.query(), o.maxConnections(),
                        o.warmIdleTimeout());
                case "--seconds" -> o = new StormDemo.Options(o.instances(), Duration.ofSeconds(number(args, ++i)), o.query(),
                        o.maxConnections(), o.warmIdleTimeout());
                case "--max-connections" -> o = new StormDemo.Options(o.instances(), o.duration(), o.query(), number(args, ++i),
                        o.warmIdleTimeout());
                case "--url" -> url = value(args, ++i);
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        try (Target target = url == null ? Target.embedded(o.maxConnections())
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            List<StormDemo.Outcome> outcomes = new java.util.ArrayList<>(StormDemo.run(target, o, out));
            if (poolerUrl != null) {
                outcomes.add(StormDemo.throughPooler(target, poolerUrl, pooler, o, out));
            }
            List<StormDemo.Outcome> fitting = StormDemo.runWarm(target, o, out);
            out.println();
            out.print(StormDemo.table(outcomes));
            out.println();
            out.print(StormDemo.table(fitting));
        }
        return 0;
    }

    /** A latency such as 500us, 5ms or 1s. */
    private static Duration latency(String[] args, int i) {
        String text = value(args, i).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)").matcher(text);
        if (m.matches()) {
            double v = Double.parseDouble(m.group(1));
            long nanos = (long) (v * switch (m.group(2)) {
                case "us" -> 1e3;
                case "ms" -> 1e6;
                default -> 1e9;
            });
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        throw new UsageException(args[i - 1] + " takes a latency above zero such as 500us, 5ms or 1s, got '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }

    private static List<Integer> numbers(String[] args, int i) {
        List<Integer> out = new ArrayList<>();
        for (String part : value(args, i).split(",")) {
            out.add(parse(args[i - 1], part.trim()));
        }
        return out;
    }

    private static int number(String[] args, int i) {
        return parse(args[i - 1], value(args, i));
    }

    private static int parse(String option, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(option + " takes whole numbers of at least 1, got '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
