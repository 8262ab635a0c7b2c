package dev.connector.diagnose;

import dev.connector.ConnectionFailedException;
import dev.connector.DetectedRuntime;
import dev.connector.ConnectorConfig;
import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;
import dev.connector.FailureKind;
import dev.connector.InvalidConfigurationException;
import dev.connector.Pooler;
import dev.connector.PoolingStrategy;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.diagnose.Runbook;
import dev.connector.internal.diagnose.SchemaPrivileges;
import dev.connector.internal.strategy.ConnectionBudget;
import dev.connector.internal.strategy.PoolSettings;
import dev.connector.internal.strategy.PoolSizing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Walks an operator's runbook for connection problems with the configuration this process really uses:
 * configuration (and where each value came from), DNS, TCP to every address, TLS, login, who and where
 * we are, primary or replica, capacity, whether the pool fits the connection budget, and the server's
 * timeouts. Each step is printed as it runs, with a mark and, when it fails, the fix.
 *
 * <pre>
 *   java -jar connector-core-VERSION-doctor.jar          # human output
 *   java -jar connector-core-VERSION-doctor.jar --json   # for deploy pipelines
 * </pre>
 *
 * Exit codes: 0 every check passed; 2 the configuration is invalid; 3 the pool does not fit the connection
 * budget; otherwise the failure kind's code ({@link #exitCode(FailureKind)}: 10 DNS, 11 refused, 12 timeout,
 * 13 SSL not supported, 14 certificate, 15 pg_hba, 16 authentication, 17 role, 18 database, 19 too many
 * connections, 20 starting up, 21 shutting down, 25 connection lost, 26 missing password, 28 a startup parameter
 * refused by a pooler, 29 PgBouncer's max_client_conn, 30 its query_wait_timeout, 31 PgBouncer cannot reach the
 * server, 1 unknown). The "pooler" step says whether PgBouncer answers and how each session timeout will be applied.
 */
public final class Doctor {

    public static final int OK = 0;
    public static final int INVALID_CONFIGURATION = 2;
    public static final int BUDGET_DOES_NOT_FIT = 3;

    /** The exit code for each failure kind: the doctor's own table (a command's contract, not the kind's). */
    private static final Map<FailureKind, Integer> EXIT_CODES = exitCodes();

    private static Map<FailureKind, Integer> exitCodes() {
        Map<FailureKind, Integer> codes = new EnumMap<>(FailureKind.class);
        codes.put(FailureKind.DNS_FAILURE, 10);
        codes.put(FailureKind.CONNECTION_REFUSED, 11);
        codes.put(FailureKind.CONNECT_TIMEOUT, 12);
        codes.put(FailureKind.SSL_NOT_SUPPORTED, 13);
        codes.put(FailureKind.CERTIFICATE_REJECTED, 14);
        codes.put(FailureKind.NO_PG_HBA_ENTRY, 15);
        codes.put(FailureKind.AUTHENTICATION_FAILED, 16);
        codes.put(FailureKind.ROLE_DOES_NOT_EXIST, 17);
        codes.put(FailureKind.DATABASE_DOES_NOT_EXIST, 18);
        codes.put(FailureKind.TOO_MANY_CONNECTIONS, 19);
        codes.put(FailureKind.SERVER_STARTING_UP, 20);
        codes.put(FailureKind.SERVER_SHUTTING_DOWN, 21);
        codes.put(FailureKind.READ_ONLY_SERVER, 22);
        codes.put(FailureKind.POOL_EXHAUSTED, 23);
        codes.put(FailureKind.DEADLINE_EXCEEDED, 24);
        codes.put(FailureKind.CONNECTION_LOST, 25);
        codes.put(FailureKind.MISSING_PASSWORD, 26);
        codes.put(FailureKind.STATEMENT_FAILED, 27);
        codes.put(FailureKind.POOLER_UNSUPPORTED_PARAMETER, 28);
        codes.put(FailureKind.POOLER_CLIENT_LIMIT, 29);
        codes.put(FailureKind.POOLER_WAIT_TIMEOUT, 30);
        codes.put(FailureKind.POOLER_SERVER_UNAVAILABLE, 31);
        codes.put(FailureKind.UNKNOWN, 1);
        return codes;
    }

    /** The doctor's exit code for a failure of this kind. */
    public static int exitCode(FailureKind kind) {
        return EXIT_CODES.getOrDefault(kind, 1);
    }

    /** The runbook's next step for this kind, against this target: what the messages say too. */
    private static String fix(FailureKind kind, FailureReport.Target target) {
        return Runbook.next(kind, target, "");
    }

    private static final String[] SERVER_TIMEOUTS = {"idle_session_timeout", "statement_timeout",
            "idle_in_transaction_session_timeout"};

    private final Map<String, String> env;
    private final PrintStream out;
    private final boolean json;
    private final List<Step> steps = new ArrayList<>();

    private record Step(String name, String status, String detail, String fix) {
    }

    private Doctor(Map<String, String> env, PrintStream out, boolean json) {
        this.env = env;
        this.out = out;
        this.json = json;
    }

    public static void main(String[] args) {
        // The command prints its own findings. Its standalone jar has no SLF4J provider: keep SLF4J's notice about
        // that, and the library's INFO lines under slf4j-simple, out of its output. Only here, in the command's
        // own JVM: loading this class or calling run() sets no JVM-wide property.
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else {
                System.err.println("usage: doctor [--json]\n  Reads DATABASE_URL, JDBC_DATABASE_URL, PG* and CONNECTOR_* "
                        + "from the environment, as ConnectorDataSource.fromEnvironment() does.");
                System.exit(64);
            }
        }
        System.exit(run(System.getenv(), System.out, json));
    }

    /** Runs every check against this environment, printing to {@code out}; returns the exit code. */
    public static int run(Map<String, String> env, PrintStream out, boolean json) {
        return new Doctor(env, out, json).run();
    }

    private int run() {
        if (!json) {
            out.println("connector doctor: checking what this environment's configuration reaches, step by step");
        }
        int code = checks();
        if (json) {
            out.println(toJson(code));
        } else {
            out.println(code == OK ? "All checks passed." : "Stopped with exit code " + code + ".");
        }
        out.flush();
        return code;
    }

    private int checks() {
        ConnectorConfig config;
        try {
            config = ConnectorConfig.builder().environment(env).build();
        } catch (InvalidConfigurationException e) {
            step("configuration", "fail", e.getMessage(), "correct " + e.key() + " where it is set");
            return INVALID_CONFIGURATION;
        }
        step("configuration", "ok", describe(config), null);

        String host = config.host();
        int port = config.port();
        int timeoutMillis = (int) config.connectTimeout().toMillis();
        FailureReport.Target target = new FailureReport.Target(host, port, config.database(), config.user(),
                config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer"), config.applicationName(),
                config.connectTimeout());

        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
            List<String> shown = new ArrayList<>();
            for (InetAddress a : addresses) {
                shown.add(a.getHostAddress() + (a.getAddress().length == 4 ? " (IPv4)" : " (IPv6)"));
            }
            step("dns", "ok", host + " resolves to " + String.join(", ", shown), null);
        } catch (UnknownHostException e) {
            step("dns", "fail", host + " does not resolve from this host", fix(FailureKind.DNS_FAILURE, target));
            return exitCode(FailureKind.DNS_FAILURE);
        }

        InetAddress reachable = null;
        FailureKind tcpFailure = null;
        List<String> results = new ArrayList<>();
        for (InetAddress address : addresses) {
            String where = (address.getAddress().length == 16 ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress()) + ":" + port;
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), timeoutMillis);
                results.add(where + " accepts connections (" + millis(start) + " ms)");
                if (reachable == null) {
                    reachable = address;
                }
            } catch (IOException e) {
                // the library's one classifier; anything it does not know at the TCP step is a network timeout
                FailureKind kind = FailureKind.of(e);
                tcpFailure = kind == FailureKind.UNKNOWN ? FailureKind.CONNECT_TIMEOUT : kind;
                results.add(where + (e instanceof SocketTimeoutException ? " did not answer within " + timeoutMillis + " ms"
                        : " " + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        String fix = tcpFailure == null ? null : fix(tcpFailure, target);
        if (reachable == null) {
            step("tcp", "fail", String.join("; ", results), fix);
            return exitCode(tcpFailure);
        }
        if (tcpFailure != null) {
            step("tcp", "warn", String.join("; ", results) + ". The driver tries the addresses in order, so some "
                    + "connections may be slow or fail; the server may listen on IPv4 only, or the reverse", fix);
        } else {
            step("tcp", "ok", String.join("; ", results), null);
        }

        String sslMode = config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer");
        if (!sslMode.equals("disable")) {
            Boolean ssl = serverSupportsSsl(reachable, port, timeoutMillis);
            boolean required = sslMode.equals("require") || sslMode.startsWith("verify");
            if (ssl == null) {
                step("tls", "warn", "the server did not answer the SSL request", null);
            } else if (ssl) {
                step("tls", "ok", "the server supports SSL; sslmode " + sslMode
                        + (sslMode.startsWith("verify") ? ": its certificate is checked at login" : ""), null);
            } else if (required) {
                step("tls", "fail", "sslmode is " + sslMode + " but the server has SSL turned off",
                        fix(FailureKind.SSL_NOT_SUPPORTED, target));
                return exitCode(FailureKind.SSL_NOT_SUPPORTED);
            } else {
                step("tls", "warn", "the server has SSL turned off; sslmode " + sslMode + " goes on in plaintext", null);
            }
        }

        try (ConnectorDataSource plan = ConnectorDataSource.of(config)) { // no I/O: what would be applied, and how
            poolerStep(reachable, port, timeoutMillis, config, plan.pooler(), plan.sessionSettings());
        }

        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(env).shutdownHook(false)
                .strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ZERO).build();
             Connection c = ds.getConnection()) {
            step("login", "ok", "logged in as " + config.user() + " to " + config.database(), null);
            return afterLogin(c, config);
        } catch (ConnectionFailedException e) {
            String driverSaid = FailureReport.driverMessage(e);
            step("login", "fail", e.kind().summary() + ": " + e.likelyCause()
                    + (driverSaid.isEmpty() ? "" : " The driver said: " + driverSaid),
                    e.kind() == FailureKind.UNKNOWN
                            ? "search the driver's message above, and read the server log at the time of this login"
                            : e.nextStep());
            return exitCode(e.kind());
        } catch (SQLException e) {
            step("query", "fail", e.getMessage(), "see the server log");
            return exitCode(FailureKind.UNKNOWN);
        }
    }

    private int afterLogin(Connection c, ConnectorConfig config) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_database(), current_user, version(), pg_is_in_recovery()")) {
                rs.next();
                step("query", "ok", "database " + rs.getString(1) + ", user " + rs.getString(2) + ", " + rs.getString(3), null);
                step("role", rs.getBoolean(4) ? "warn" : "ok", rs.getBoolean(4)
                        ? "this is a replica (in recovery): writes will be refused"
                        : "this is a primary: it accepts writes", null);
            }
            ConnectionBudget budget = ConnectionBudget.read(c);
            int max = budget.maxConnections();
            int reserved = budget.reserved();
            List<String> byState = new ArrayList<>();
            int inUse = 0;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(state, 'background'), count(*) FROM pg_stat_activity "
                    + "WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC")) {
                while (rs.next()) {
                    byState.add(rs.getString(1) + " " + rs.getInt(2));
                    inUse += rs.getInt(2);
                }
            }
            List<String> byApplication = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT coalesce(nullif(application_name, ''), '(none)'), count(*) "
                    + "FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC LIMIT 10")) {
                while (rs.next()) {
                    byApplication.add(rs.getString(1) + " " + rs.getInt(2));
                }
            }
            int free = max - reserved - inUse;
            step("capacity", free > 0 ? "ok" : "warn", "max_connections " + max + ", reserved " + reserved + ", in use "
                    + inUse + " (by state: " + String.join(", ", byState) + "; by application: "
                    + String.join(", ", byApplication) + "), free " + Math.max(free, 0), null);

            int code = budget(config, max, reserved);

            List<String> timeouts = new ArrayList<>();
            for (String name : SERVER_TIMEOUTS) {
                try (ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "', true)")) {
                    rs.next();
                    timeouts.add(name + " " + (rs.getString(1) == null ? "(not available)" : rs.getString(1)));
                }
            }
            step("server timeouts", "ok", String.join(", ", timeouts), null);
            SchemaPrivileges.Report privileges = SchemaPrivileges.read(c);
            step("schema privileges", privileges.status(), privileges.detail(), privileges.fix());
            return code;
        }
    }

    private int budget(ConnectorConfig config, int max, int reserved) {
        int instances = config.instances();
        int available = max - reserved;
        if (config.maxPoolSize().isEmpty()) {
            DetectedRuntime runtime = config.runtime();
            PoolSizing.Size pool = PoolSizing.budget(PoolSettings.runtimeCeiling(runtime), runtime.name(), max, reserved,
                    instances, "read from the server");
            step("budget", "ok", "pool size not configured: a bounded pool here takes " + pool.explanation(), null);
            return OK;
        }
        int size = config.maxPoolSize().getAsInt();
        int total = size * instances;
        if (total > available) {
            step("budget", "fail", "maxPoolSize " + size + " x " + instances + " instance(s) = " + total
                    + " connections, but the server allows " + available + " (max_connections " + max + " - reserved "
                    + reserved + ")", "lower connector.maxPoolSize or connector.instances, raise max_connections, or put "
                    + "PgBouncer or RDS Proxy in front");
            return BUDGET_DOES_NOT_FIT;
        }
        step("budget", "ok", "maxPoolSize " + size + " x " + instances + " instance(s) = " + total + " of " + available
                + " connections", null);
        return OK;
    }

    /**
     * Whether PgBouncer answers, and which settings the connector will apply how. PgBouncer checks the startup
     * packet's parameters before any login and refuses one it does not know with "unsupported startup
     * parameter"; PostgreSQL asks for the password first. So a startup packet with a made-up parameter tells
     * them apart without credentials and without a session. (PgBouncer's admin console would tell its version
     * and pool_mode, but refuses pgjdbc's login: "SET failed".)
     */
    private void poolerStep(InetAddress address, int port, int timeoutMillis, ConnectorConfig config, Pooler pooler,
                            String sessionSettings) {
        String configured = ConnectorProperty.POOLER.key() + "=" + pooler.configValue() + " ["
                + config.source(ConnectorProperty.POOLER) + "]: " + sessionSettings;
        Boolean pgBouncer = answersLikePgBouncer(address, port, timeoutMillis);
        if (pgBouncer == null) {
            step("pooler", "ok", configured + " (whether PgBouncer answers could not be told)", null);
            return;
        }
        if (!pgBouncer) {
            boolean saysPgBouncer = pooler == Pooler.PGBOUNCER_SESSION || pooler == Pooler.PGBOUNCER_TRANSACTION;
            step("pooler", saysPgBouncer ? "warn" : "ok", (pooler == Pooler.RDS_PROXY ? "" : "not PgBouncer: ")
                    + configured, saysPgBouncer ? "the server here is not PgBouncer; set " + ConnectorProperty.POOLER.key()
                    + "=none, or point the host at PgBouncer" : null);
            return;
        }
        String found = "PgBouncer answers on " + address.getHostAddress() + ":" + port
                + " (it refused a made-up startup parameter before any login, as PostgreSQL never does)";
        if (pooler == Pooler.NONE || pooler == Pooler.RDS_PROXY) {
            step("pooler", "warn", found + "; but " + configured, "set " + ConnectorProperty.POOLER.key()
                    + "=pgbouncer-transaction or pgbouncer-session, as its pool_mode (environment CONNECTOR_POOLER): "
                    + "then no options go in the startup packet and the timeouts are applied as that mode allows");
            return;
        }
        step("pooler", "ok", found + "; " + configured, null);
    }

    /** True when the answer to a made-up startup parameter is PgBouncer's refusal; null when no answer could be read. */
    private static Boolean answersLikePgBouncer(InetAddress address, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (String part : new String[] {"user", "connector_doctor", "database", "connector_doctor",
                    "connector_doctor_probe", "1", ""}) {
                body.write(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                body.write(0);
            }
            // one write: PgBouncer refuses a startup packet that arrives in pieces ("client sent partial pkt")
            java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(packet);
            o.writeInt(8 + body.size());
            o.writeInt(196608); // protocol 3.0
            o.write(body.toByteArray());
            s.getOutputStream().write(packet.toByteArray());
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = in.read();
            if (type != 'E') {
                return type < 0 ? null : Boolean.FALSE; // PostgreSQL asks for a password ('R'), or trusts
            }
            byte[] error = in.readNBytes(Math.min(in.readInt() - 4, 4096));
            String text = new String(error, java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("unsupported startup parameter");
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends PostgreSQL's SSLRequest: 'S' means the server would do TLS, 'N' that it has SSL off. */
    private static Boolean serverSupportsSsl(InetAddress address, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f}); // length 8, code 80877103
            s.getOutputStream().flush();
            int answer = new DataInputStream(s.getInputStream()).read();
            return answer == 'S' ? Boolean.TRUE : answer == 'N' ? Boolean.FALSE : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String describe(ConnectorConfig config) {
        boolean anything = false;
        for (String name : env.keySet()) {
            if (name.equals("DATABASE_URL") || name.equals("JDBC_DATABASE_URL") || name.startsWith("PG")
                    || (name.startsWith("CONNECTOR_") && !name.startsWith("CONNECTOR_TEST_"))) {
                anything = true;
                break;
            }
        }
        StringBuilder d = new StringBuilder();
        if (!anything) {
            d.append("nothing is configured (no DATABASE_URL, JDBC_DATABASE_URL, PG* or CONNECTOR_* variables): "
                    + "checking the defaults, localhost:5432; ");
        }
        ConnectorProperty[] shown = {ConnectorProperty.HOST, ConnectorProperty.PORT, ConnectorProperty.DATABASE,
                ConnectorProperty.USER, ConnectorProperty.PASSWORD, ConnectorProperty.SSL_MODE,
                ConnectorProperty.APPLICATION_NAME, ConnectorProperty.CONNECT_TIMEOUT, ConnectorProperty.STRATEGY,
                ConnectorProperty.MAX_POOL_SIZE, ConnectorProperty.INSTANCES};
        List<String> parts = new ArrayList<>();
        for (ConnectorProperty p : shown) {
            parts.add(p.key().substring(ConnectorProperty.PREFIX.length()) + "=" + config.value(p).orElse("(not set)")
                    + " [" + config.source(p) + "]");
        }
        config.driverProperties().forEach((k, v) -> parts.add("driver." + k + "=" + v));
        return d.append(String.join(", ", parts)).toString();
    }

    private void step(String name, String status, String detail, String fix) {
        Step step = new Step(name, status, detail, fix);
        steps.add(step);
        if (!json) {
            String mark = switch (status) {
                case "ok" -> "[ OK ]";
                case "warn" -> "[WARN]";
                default -> "[FAIL]";
            };
            out.println(mark + " " + name + ": " + detail);
            if (fix != null && !status.equals("ok")) {
                out.println("       fix: " + fix);
            }
            out.flush();
        }
    }

    private String toJson(int code) {
        StringBuilder j = new StringBuilder("{\"ok\":").append(code == OK).append(",\"exitCode\":").append(code)
                .append(",\"steps\":[");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            j.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(s.name())).append(",\"status\":")
                    .append(quote(s.status())).append(",\"detail\":").append(quote(s.detail()));
            if (s.fix() != null) {
                j.append(",\"fix\":").append(quote(s.fix()));
            }
            j.append('}');
        }
        return j.append("]}").toString();
    }

    private static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
