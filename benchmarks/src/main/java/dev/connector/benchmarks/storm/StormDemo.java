package dev.connector.benchmarks.storm;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.FailureKind;
import com.amazonaws.services.lambda.runtime.Context;
import dev.connector.benchmarks.support.FixedContext;
import dev.connector.benchmarks.support.Target;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A connection storm: N function instances, each with its own DataSource as separate Lambda environments
 * have, invoke back to back against a PostgreSQL with few free connection slots. Run once with the naive
 * setup (a HikariCP pool per instance with its defaults) and once with the connector (UNPOOLED, with
 * retries), and compare: invocations that succeeded and failed, the failure kinds, the peak of server
 * sessions, and the p50 and p99 latency of all invocations. After each side the instances are left open,
 * as frozen environments are, and the server's sessions are counted until none is left or the warm idle
 * timeout plus 3 s has passed.
 *
 * <p>{@link #runWarm} runs a second storm with as many instances as the server has free slots: UNPOOLED
 * against connector-lambda's warm mode (one connection kept per environment, ended by the server's
 * {@code idle_session_timeout}). With more instances than slots, warm mode would starve the rest, as
 * pools do: it is for fleets that fit, or for use behind a pooler.
 */
public final class StormDemo {

    /** What to run. */
    public record Options(int instances, Duration duration, Duration query, int maxConnections, Duration warmIdleTimeout) {
        public Options(int instances, Duration duration, Duration query, int maxConnections) {
            this(instances, duration, query, maxConnections, Duration.ofSeconds(5));
        }

        public static Options standard() {
            return new Options(40, Duration.ofSeconds(20), Duration.ofMillis(20), 20, Duration.ofSeconds(5));
        }

        public static Options quick() {
            return new Options(12, Duration.ofSeconds(4), Duration.ofMillis(20), 10, Duration.ofSeconds(2));
        }
    }

    /**
     * What one side of the storm saw; {@code sessionsLeftIdle} are the sessions still open after the idle wait
     * with the instances left open, {@code secondsToZero} how long after the storm none was left (NaN: never).
     */
    public record Outcome(String name, int instances, int instancesNeverServed, int succeeded, int failed,
                          Map<FailureKind, Integer> failureKinds, int peakSessions, double p50Millis, double p99Millis,
                          int sessionsLeftIdle, double secondsToZero) {
    }

    private static final Context CONTEXT = new FixedContext();

    private StormDemo() {
    }

    public static List<Outcome> run(Target target, Options options, PrintStream progress) throws Exception {
        progress.printf("storm: %d instances for %d s each side, query %d ms, server max_connections %d%n",
                options.instances(), options.duration().toSeconds(), options.query().toMillis(), options.maxConnections());
        Outcome naive = side(target, options, "storm-naive", i -> naivePool(target, i), progress);
        Outcome connector = side(target, options, "storm-connector",
                i -> connector(target, target.url(), "storm-connector", "auto"), progress);
        return List.of(naive, connector);
    }

    /**
     * The connector's side once more, with a pooler in front of {@code target}: every instance connects to
     * {@code poolerUrl} with {@code connector.pooler} set to {@code pooler}; server sessions are counted on
     * {@code target} itself: every session of the role but the observer's, so the role should have no other
     * clients meanwhile.
     */
    public static Outcome throughPooler(Target target, String poolerUrl, String pooler, Options options,
                                        PrintStream progress) throws Exception {
        String name = "storm-" + pooler;
        progress.printf("storm: %d instances through %s for %d s%n", options.instances(), pooler,
                options.duration().toSeconds());
        // the pooler's server connections carry whichever application name it last set: count them by role
        return side(target, options, name, i -> connector(target, poolerUrl, name, pooler), progress,
                admin -> Target.sessionsOfRole(admin, target.user()));
    }

    /**
     * The second storm: as many instances as the role has free slots (at most {@code options.instances()}),
     * UNPOOLED against warm mode.
     */
    public static List<Outcome> runWarm(Target target, Options options, PrintStream progress) throws Exception {
        int slots;
        try (Connection admin = target.admin(); Statement s = admin.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int "
                     + "- current_setting('superuser_reserved_connections')::int "
                     + "- (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')")) {
            rs.next();
            slots = rs.getInt(1); // this connection stands for the observer's, which takes its place
        }
        Options fitting = new Options(Math.max(1, Math.min(options.instances(), slots)), options.duration(),
                options.query(), options.maxConnections(), options.warmIdleTimeout());
        progress.printf("storm, fitting: %d instances for %d free slots, warm idle timeout %d s%n", fitting.instances(),
                slots, fitting.warmIdleTimeout().toSeconds());
        Outcome unpooled = side(target, fitting, "storm-unpooled",
                i -> connector(target, target.url(), "storm-unpooled", "auto"), progress);
        Outcome warm = side(target, fitting, "storm-warm", i -> warm(target, fitting.warmIdleTimeout()), progress);
        return List.of(unpooled, warm);
    }

    /** connector-lambda in warm mode, as a function gets it from its environment with CONNECTOR_LAMBDA_WARM=true. */
    private static DataSource warm(Target target, Duration idleTimeout) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_LAMBDA_FUNCTION_NAME", "storm",
                "AWS_EXECUTION_ENV", "AWS_Lambda_java17", "DATABASE_URL", target.url(), "PGUSER", target.user(),
                "PGAPPNAME", "storm-warm", "CONNECTOR_SHUTDOWN_HOOK", "false", "CONNECTOR_LAMBDA_WARM", "true",
                "CONNECTOR_LAMBDA_WARM_IDLE_TIMEOUT", idleTimeout.toMillis() + "ms",
                "CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION", "false", "CONNECTOR_LAMBDA_PRIMING", "false"));
        env.put("PGPASSWORD", target.password());
        return LambdaConnector.fromEnvironment(env);
    }

    /** A pool per instance, HikariCP's defaults: 10 connections, all kept open; a 2 s wait for one. */
    private static DataSource naivePool(Target target, int instance) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("naive-" + instance);
        c.setJdbcUrl(target.url());
        c.setUsername(target.user());
        c.setPassword(target.password());
        c.addDataSourceProperty("ApplicationName", "storm-naive");
        c.setConnectionTimeout(2000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /** What a Lambda function gets from the environment: UNPOOLED, retries within 5 s. */
    private static DataSource connector(Target target, String url, String applicationName, String pooler) {
        return ConnectorDataSource.builder()
                .environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "storm", "AWS_EXECUTION_ENV", "AWS_Lambda_java17"))
                .url(url).user(target.user()).password(target.password())
                .applicationName(applicationName).set(dev.connector.ConnectorProperty.POOLER, pooler)
                .shutdownHook(false)
                .build();
    }

    /** Server sessions of one side, counted by the observer's connection. */
    private interface Sessions {
        int count(Connection admin) throws SQLException;
    }

    private static Outcome side(Target target, Options options, String name, IntFunction<DataSource> factory,
                                PrintStream progress) throws Exception {
        return side(target, options, name, factory, progress, admin -> Target.sessions(admin, name));
    }

    private static Outcome side(Target target, Options options, String name, IntFunction<DataSource> factory,
                                PrintStream progress, Sessions sessions) throws Exception {
        // The observer connects first: during a storm, backends still authenticating take every slot, the
        // superuser's reserved ones included, and a late administrator is locked out.
        try (Connection admin = target.admin()) {
            return side(target, options, name, factory, progress, admin, sessions);
        }
    }

    private static Outcome side(Target target, Options options, String name, IntFunction<DataSource> factory,
                                PrintStream progress, Connection admin, Sessions sessions) throws Exception {
        List<DataSource> sources = new ArrayList<>();
        for (int i = 0; i < options.instances(); i++) {
            sources.add(factory.apply(i));
        }
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<FailureKind, AtomicInteger> kinds = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            kinds.put(k, new AtomicInteger());
        }
        long end = System.nanoTime() + options.duration().toNanos();
        String sql = "SELECT pg_sleep(" + options.query().toMillis() / 1000.0 + ")";
        List<Thread> instances = new ArrayList<>();
        AtomicInteger neverServed = new AtomicInteger(sources.size());
        for (DataSource ds : sources) {
            Thread t = new Thread(() -> {
                boolean served = false;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try (Invocation invocation = ds instanceof LambdaConnector l ? l.begin(CONTEXT) : null;
                         Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute(sql);
                        succeeded.incrementAndGet();
                        if (!served) {
                            served = true;
                            neverServed.decrementAndGet();
                        }
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                        kinds.get(FailureKind.of(e)).incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - start);
                }
            }, name);
            t.setDaemon(true);
            instances.add(t);
        }
        instances.forEach(Thread::start);

        int peak = 0;
        int left;
        double secondsToZero;
        {
            long nextReport = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                peak = Math.max(peak, sessions.count(admin));
                if (System.nanoTime() >= nextReport) {
                    progress.printf("  %-16s %2ds: %6d ok, %6d failed, %3d server sessions now, peak %d%n", name,
                            Duration.ofNanos(options.duration().toNanos() - (end - System.nanoTime())).toSeconds(),
                            succeeded.get(), failed.get(), sessions.count(admin), peak);
                    nextReport += 1_000_000_000L;
                }
                Thread.sleep(25);
            }
            for (Thread t : instances) {
                t.join(10_000);
            }
            // the instances stay open, as frozen environments do: what does the server still hold?
            long stormEnded = System.nanoTime();
            long idleWait = stormEnded + options.warmIdleTimeout().plusSeconds(3).toNanos();
            while ((left = sessions.count(admin)) > 0 && System.nanoTime() < idleWait) {
                Thread.sleep(50);
            }
            secondsToZero = left == 0 ? (System.nanoTime() - stormEnded) / 1e9 : Double.NaN;
            for (DataSource ds : sources) {
                ((AutoCloseable) ds).close();
            }
            long settle = System.nanoTime() + 10_000_000_000L;
            while (sessions.count(admin) > 0 && System.nanoTime() < settle) {
                Thread.sleep(50);
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<FailureKind, Integer> seen = new EnumMap<>(FailureKind.class);
        kinds.forEach((k, v) -> {
            if (v.get() > 0) {
                seen.put(k, v.get());
            }
        });
        return new Outcome(name, sources.size(), neverServed.get(), succeeded.get(), failed.get(), seen, peak,
                percentile(sorted, 50), percentile(sorted, 99), left, secondsToZero);
    }

    private static double percentile(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1_000_000.0;
    }

    /** The side-by-side table, in markdown. */
    public static String table(List<Outcome> outcomes) {
        StringBuilder t = new StringBuilder("| | " + outcomes.stream().map(Outcome::name).collect(Collectors.joining(" | "))
                + " |\n|---|" + "---|".repeat(outcomes.size()) + "\n");
        row(t, "instances that never got a connection", outcomes,
                o -> o.instancesNeverServed() + " of " + o.instances());
        row(t, "invocations succeeded", outcomes, o -> String.valueOf(o.succeeded()));
        row(t, "invocations failed", outcomes, o -> String.valueOf(o.failed()));
        row(t, "failure kinds", outcomes, o -> o.failureKinds().isEmpty() ? "none"
                : o.failureKinds().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        row(t, "peak server sessions", outcomes, o -> String.valueOf(o.peakSessions()));
        row(t, "latency p50 (ms)", outcomes, o -> String.format("%.1f", o.p50Millis()));
        row(t, "latency p99 (ms)", outcomes, o -> String.format("%.1f", o.p99Millis()));
        row(t, "sessions left idle after the storm (instances not closed)", outcomes,
                o -> String.valueOf(o.sessionsLeftIdle()));
        row(t, "seconds until no session was left", outcomes,
                o -> Double.isNaN(o.secondsToZero()) ? "not within the wait" : String.format("%.1f", o.secondsToZero()));
        return t.toString();
    }

    private static void row(StringBuilder t, String label, List<Outcome> outcomes,
                            java.util.function.Function<Outcome, String> cell) {
        t.append("| ").append(label).append(" | ")
                .append(outcomes.stream().map(cell).collect(Collectors.joining(" | "))).append(" |\n");
    }
}
