package dev.connector.benchmarks;

import dev.connector.benchmarks.pairs.Pairs;
import dev.connector.benchmarks.sizing.Sizing;
import dev.connector.benchmarks.sizing.Workload;
import dev.connector.benchmarks.storm.StormDemo;
import dev.connector.benchmarks.support.Target;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar COMMAND [options]}; see {@link #USAGE}.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar benchmarks.jar COMMAND [options]

              sizing [--quick | --smoke] [--workload select1|sleep|mixed] [--sql FILE] [--instances N]
                     [--pools 1,2,4,8] [--threads 8,32] [--seconds S] [--url jdbc:postgresql://...] [--results DIR]
                  Sweeps pool sizes against client threads; writes sizing.md, sizing.csv and throughput.png to
                  results/sizing-TIMESTAMP (or DIR). Default: an embedded PostgreSQL; with --url, your server
                  (PGUSER and PGPASSWORD give the login). --quick finishes within 2 minutes.

              pairs [--smoke]
                  The JMH hot-path pairs, each wrapped path against its raw twin, and their ratios. Exits 1 when
                  a ratio is clearly above its target (not in --smoke).

              storm [--quick] [--instances N] [--seconds S] [--max-connections M] [--url jdbc:postgresql://...]
                  Function instances against a server with few connection slots: naive pools against the connector.
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0) {
            usage("missing command");
        }
        int code = switch (args[0]) {
            case "sizing" -> sizing(args);
            case "pairs" -> Pairs.run(args.length > 1 && args[1].equals("--smoke"), System.out);
            case "storm" -> storm(args);
            default -> {
                usage("unknown command '" + args[0] + "'");
                yield 64;
            }
        };
        System.exit(code);
    }

    private static int sizing(String[] args) throws Exception {
        Sizing.Options o = Sizing.Options.full(1);
        String workload = "select1";
        Path sql = null;
        String url = null;
        Path results = Path.of("results", "sizing-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = Sizing.Options.quick(o.instances());
                case "--smoke" -> o = new Sizing.Options(List.of(1, 2), List.of(2), Duration.ofMillis(100),
                        Duration.ofMillis(300), o.instances());
                case "--workload" -> workload = value(args, ++i);
                case "--sql" -> sql = Path.of(value(args, ++i));
                case "--instances" -> o = new Sizing.Options(o.pools(), o.threads(), o.warmup(), o.cell(), number(args, ++i));
                case "--pools" -> o = new Sizing.Options(numbers(args, ++i), o.threads(), o.warmup(), o.cell(), o.instances());
                case "--threads" -> o = new Sizing.Options(o.pools(), numbers(args, ++i), o.warmup(), o.cell(), o.instances());
                case "--seconds" -> o = new Sizing.Options(o.pools(), o.threads(), o.warmup(),
                        Duration.ofSeconds(number(args, ++i)), o.instances());
                case "--url" -> url = value(args, ++i);
                case "--results" -> results = Path.of(value(args, ++i));
                default -> usage("unknown option " + args[i]);
            }
        }
        Workload w = Workload.named(workload, sql);
        try (Target target = url == null ? Target.embedded(100)
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            Sizing.Report report = Sizing.run(target, w, o, System.out);
            System.out.println();
            System.out.print(Sizing.markdown(report));
            String problem = Sizing.write(report, results);
            System.out.println("\nResults in " + results.toAbsolutePath() + (problem == null ? "" : "; " + problem));
        }
        return 0;
    }

    private static int storm(String[] args) throws Exception {
        StormDemo.Options o = StormDemo.Options.standard();
        String url = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = StormDemo.Options.quick();
                case "--instances" -> o = new StormDemo.Options(number(args, ++i), o.duration(), o.query(), o.maxConnections(),
                        o.warmIdleTimeout());
                case "--seconds" -> o = new StormDemo.Options(o.instances(), Duration.ofSeconds(number(args, ++i)), o.query(),
                        o.maxConnections(), o.warmIdleTimeout());
                case "--max-connections" -> o = new StormDemo.Options(o.instances(), o.duration(), o.query(), number(args, ++i),
                        o.warmIdleTimeout());
                case "--url" -> url = value(args, ++i);
                default -> usage("unknown option " + args[i]);
            }
        }
        try (Target target = url == null ? Target.embedded(o.maxConnections())
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            List<StormDemo.Outcome> outcomes = StormDemo.run(target, o, System.out);
            List<StormDemo.Outcome> fitting = StormDemo.runWarm(target, o, System.out);
            System.out.println();
            System.out.print(StormDemo.table(outcomes));
            System.out.println();
            System.out.print(StormDemo.table(fitting));
        }
        return 0;
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
        usage(option + " takes whole numbers of at least 1, got '" + text + "'");
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\n" + USAGE);
        System.exit(64);
    }
}
