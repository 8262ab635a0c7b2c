package dev.connector.benchmarks;

import dev.connector.benchmarks.storm.StormDemo;
import dev.connector.benchmarks.support.Target;

import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar COMMAND [options]}.
 *
 * <pre>
 * storm [--quick] [--instances N] [--seconds S] [--max-connections M]
 *     N function instances against an embedded PostgreSQL with M connection slots: naive HikariCP pools
 *     against the connector. With --url, against your server instead (PGUSER and PGPASSWORD give the login;
 *     its max_connections is whatever it is).
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("storm")) {
            usage("unknown or missing command");
        }
        StormDemo.Options o = StormDemo.Options.standard();
        String url = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = StormDemo.Options.quick();
                case "--instances" -> o = new StormDemo.Options(number(args, ++i), o.duration(), o.query(), o.maxConnections());
                case "--seconds" -> o = new StormDemo.Options(o.instances(), Duration.ofSeconds(number(args, ++i)), o.query(),
                        o.maxConnections());
                case "--max-connections" -> o = new StormDemo.Options(o.instances(), o.duration(), o.query(), number(args, ++i));
                case "--url" -> url = value(args, ++i);
                default -> usage("unknown option " + args[i]);
            }
        }
        try (Target target = url == null ? Target.embedded(o.maxConnections())
                : Target.external(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
            List<StormDemo.Outcome> outcomes = StormDemo.run(target, o, System.out);
            System.out.println();
            System.out.print(StormDemo.table(outcomes));
        }
        System.exit(0);
    }

    private static int number(String[] args, int i) {
        try {
            int n = Integer.parseInt(value(args, i));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            usage(args[i - 1] + " takes a whole number of at least 1, got '" + value(args, i) + "'");
            return 0;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: java -jar benchmarks.jar storm [--quick] [--instances N] [--seconds S] "
                + "[--max-connections M] [--url jdbc:postgresql://host:port/db]");
        System.exit(64);
    }
}
