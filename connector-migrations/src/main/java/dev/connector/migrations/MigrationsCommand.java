package dev.connector.migrations;

import dev.connector.ConnectionFailedException;
import dev.connector.ConnectorDataSource;
import dev.connector.InvalidConfigurationException;
import dev.connector.PoolingStrategy;
import dev.connector.migrations.internal.Json;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command beside the doctor, for deploy pipelines and CI:
 * <pre>
 *   java -jar connector-migrations-VERSION-cli.jar lint [--json] [--session] FILE_OR_FOLDER...
 *   java -jar connector-migrations-VERSION-cli.jar status [--json] --flyway LOCATION[,LOCATION] [--schema S] [--table T]
 *   java -jar connector-migrations-VERSION-cli.jar status [--json] --liquibase CHANGELOG [--dir D] [--schema S]
 * </pre>
 * {@code status} reads the connection from the environment as {@code ConnectorDataSource.fromEnvironment()}
 * does. Exit codes: 0 clean (lint) or ready (status: up to date or ahead); 1 lint found a statement that
 * locks; 2 invalid configuration; 4 behind; 5 failed; 6 drifted; 10-21 the connection failure's kind as
 * the doctor gives it; 64 usage.
 */
public final class MigrationsCommand {

    public static final int OK = 0;
    public static final int LOCK_RISKS = 1;
    public static final int INVALID_CONFIGURATION = 2;
    public static final int USAGE = 64;

    private static final String USAGE_TEXT = "usage:\n"
            + "  lint [--json] [--session] FILE_OR_FOLDER...   statements that take locks blocking reads or writes\n"
            + "  status [--json] --flyway LOCATION[,LOCATION] [--schema S] [--table T]\n"
            + "  status [--json] --liquibase CHANGELOG [--dir D] [--schema S]\n"
            + "status reads DATABASE_URL, JDBC_DATABASE_URL, PG* and CONNECTOR_* from the environment.";

    private MigrationsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        boolean json = rest.remove("--json");
        int code;
        switch (args[0]) {
            case "lint" -> code = lint(rest, json, out, err);
            case "status" -> code = status(rest, env, json, out, err);
            default -> {
                err.println("unknown command '" + args[0] + "'\n" + USAGE_TEXT);
                code = USAGE;
            }
        }
        out.flush();
        return code;
    }

    private static int status(List<String> args, Map<String, String> env, boolean json, PrintStream out, PrintStream err) {
        String flyway = null;
        String liquibase = null;
        String schema = null;
        String table = null;
        String dir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            if (v == null || !List.of("--flyway", "--liquibase", "--schema", "--table", "--dir").contains(a)) {
                err.println("status: unexpected '" + a + "'\n" + USAGE_TEXT);
                return USAGE;
            }
            i++;
            switch (a) {
                case "--flyway" -> flyway = v;
                case "--liquibase" -> liquibase = v;
                case "--schema" -> schema = v;
                case "--table" -> table = v;
                default -> dir = v;
            }
        }
        if ((flyway == null) == (liquibase == null)) {
            err.println("status: give one of --flyway or --liquibase\n" + USAGE_TEXT);
            return USAGE;
        }
        ConnectorDataSource ds;
        try {
            ds = ConnectorDataSource.builder().environment(env).shutdownHook(false)
                    .strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ZERO).build();
        } catch (InvalidConfigurationException e) {
            return report(json, out, INVALID_CONFIGURATION, "configuration", e.getMessage(), null);
        }
        try (ds) {
            SchemaCheck check = flyway != null ? SchemaCheck.flyway(ds).locations(flyway.split(","))
                    : SchemaCheck.liquibase(ds, liquibase).directory(dir == null ? null : Path.of(dir));
            if (schema != null) {
                check.schemas(schema);
            }
            if (table != null) {
                check.table(table);
            }
            SchemaStatus s = check.read();
            int code = s.state().exitCode();
            if (json) {
                out.println(new Json().field("ok", s.isReady()).field("exitCode", code).field("state", s.state().name())
                        .field("tool", s.tool()).field("appliedVersion", s.appliedVersion()).field("pending", s.pending())
                        .field("failed", s.failed()).field("drifted", s.drifted()).field("ahead", s.ahead())
                        .field("summary", s.summary()));
            } else {
                out.println((s.isReady() ? "[ OK ] " : "[FAIL] ") + "schema: " + s.summary());
            }
            return code;
        } catch (ConnectionFailedException e) {
            return report(json, out, e.kind().exitCode(), "login", e.getMessage(), null);
        } catch (SQLException | RuntimeException e) {
            ConnectionFailedException explained = e instanceof SQLException ? ds.explain((SQLException) e) : null;
            int code = explained != null && explained.kind().exitCode() != 1 ? explained.kind().exitCode() : 1;
            return report(json, out, code, "history", String.valueOf(e.getMessage()), null);
        }
    }

    private static int report(boolean json, PrintStream out, int code, String step, String detail, String state) {
        if (json) {
            out.println(new Json().field("ok", false).field("exitCode", code).field("step", step).field("detail", detail));
        } else {
            out.println("[FAIL] " + step + ": " + detail);
        }
        return code;
    }

    private static int lint(List<String> args, boolean json, PrintStream out, PrintStream err) {
        LockLinter linter = LockLinter.create().lockTimeoutFromSession(args.remove("--session"));
        if (args.isEmpty() || args.stream().anyMatch(a -> a.startsWith("--"))) {
            err.println("lint: give files or folders (and --json, --session)\n" + USAGE_TEXT);
            return USAGE;
        }
        List<LockFinding> findings = new ArrayList<>();
        for (String a : args) {
            try {
                findings.addAll(linter.lint(Path.of(a)));
            } catch (java.io.IOException e) {
                err.println("lint: cannot read " + a + ": " + e.getMessage());
                return USAGE;
            }
        }
        int code = findings.isEmpty() ? OK : LOCK_RISKS;
        if (json) {
            List<Json> items = new ArrayList<>();
            for (LockFinding f : findings) {
                items.add(new Json().field("source", f.source()).field("line", f.line()).field("rule", f.rule())
                        .field("table", f.table()).field("lockMode", f.lockMode()).field("blocks", f.blocks())
                        .field("statement", f.statement()).field("why", f.why()).field("instead", f.instead()));
            }
            out.println(new Json().field("ok", findings.isEmpty()).field("exitCode", code).field("findings", items));
        } else {
            for (LockFinding f : findings) {
                out.println(f.describe());
            }
            out.println(findings.isEmpty() ? "No statement takes a lock that blocks reads or writes for long."
                    : findings.size() + " finding(s).");
        }
        return code;
    }

    static {
        // As the doctor: the standalone jar has no SLF4J provider; keep SLF4J's notice out of the output.
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }
}
