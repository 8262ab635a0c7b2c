package dev.connector.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package, which {@code .ci/run} installs) in front of a
 * {@link PostgresServer}, started by the test like the embedded PostgreSQL: its own directory, config, port and
 * pidfile; {@code auth_type = scram-sha-256} with the app role's SCRAM secret copied from the server's
 * {@code pg_authid}, so PgBouncer logs in to the server with the client's own SCRAM keys. PgBouncer refuses to
 * run as root: it is started as the {@code postgres} user, daemonised, and stopped by its pidfile.
 * If it cannot be started, the test fails: there is no fallback.
 *
 * <pre>{@code
 * try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(2).start(server)) { ... }
 * }</pre>
 */
public final class PgBouncer implements AutoCloseable {

    /** PgBouncer's pool_mode. */
    public enum Mode {
        SESSION, TRANSACTION;

        String configValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The OS user PgBouncer runs as. */
    static final String RUN_AS = "postgres";

    private final Mode mode;
    private final int port;
    private final Path directory;
    private final PostgresServer server;
    private final int poolSize;

    private PgBouncer(Mode mode, int port, Path directory, PostgresServer server, int poolSize) {
        this.mode = mode;
        this.port = port;
        this.directory = directory;
        this.server = server;
        this.poolSize = poolSize;
    }

    /** Settings for a PgBouncer in this pool mode. */
    public static Settings in(Mode mode) {
        return new Settings(mode);
    }

    /** The settings of a PgBouncer to start: any pgbouncer.ini value of the [pgbouncer] section. */
    public static final class Settings {
        private final Mode mode;
        private final Map<String, String> values = new LinkedHashMap<>();
        private int serverPort = -1;

        private Settings(Mode mode) {
            this.mode = mode;
            values.put("default_pool_size", "5");
            values.put("max_client_conn", "200");
            // pgjdbc always sends extra_float_digits in the startup packet, which PgBouncer does not track
            values.put("ignore_startup_parameters", "extra_float_digits");
        }

        /** default_pool_size: server connections per user and database. */
        public Settings poolSize(int n) {
            return set("default_pool_size", String.valueOf(n));
        }

        public Settings maxClientConnections(int n) {
            return set("max_client_conn", String.valueOf(n));
        }

        /** query_wait_timeout: how long a client may wait for a server connection. */
        public Settings queryWaitTimeout(Duration d) {
            return set("query_wait_timeout", String.valueOf(Math.max(1, d.toSeconds())));
        }

        /** Point the pool at this port instead of the server's (for a server that is down). */
        public Settings serverPort(int port) {
            this.serverPort = port;
            return this;
        }

        /** Any pgbouncer.ini setting of the [pgbouncer] section. */
        public Settings set(String name, String value) {
            values.put(name, value);
            return this;
        }

        /** Starts PgBouncer in front of this server's app database; fails the test if it cannot. */
        public PgBouncer start(PostgresServer server) {
            try {
                return launch(this, server);
            } catch (IOException e) {
                throw new IllegalStateException("could not start PgBouncer (is Debian's pgbouncer installed? .ci/run "
                        + "installs it): " + e.getMessage(), e);
            }
        }
    }

    private static PgBouncer launch(Settings settings, PostgresServer server) throws IOException {
        Path dir = Files.createTempDirectory("connector-pgbouncer");
        int port = freePort();
        Path ini = dir.resolve("pgbouncer.ini");
        Path userlist = dir.resolve("userlist.txt");
        Path pidfile = dir.resolve("pgbouncer.pid");
        Path log = dir.resolve("pgbouncer.log");

        Files.writeString(userlist, "\"" + PostgresServer.APP_USER + "\" \"" + scramSecret(server) + "\"\n");
        int serverPort = settings.serverPort >= 0 ? settings.serverPort : server.port();
        List<String> lines = new ArrayList<>(List.of(
                "[databases]",
                "* = host=" + server.host() + " port=" + serverPort,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = scram-sha-256",
                "auth_file = " + userlist,
                "pidfile = " + pidfile,
                "logfile = " + log,
                "pool_mode = " + settings.mode.configValue(),
                "stats_users = " + PostgresServer.APP_USER,
                "admin_users = " + PostgresServer.APP_USER));
        settings.values.forEach((k, v) -> lines.add(k + " = " + v));
        Files.write(ini, lines, StandardCharsets.UTF_8);
        handToRunAs(dir, ini, userlist);

        Process p = new ProcessBuilder("runuser", "-u", RUN_AS, "--", executable(), "-d", "-q", ini.toString())
                .redirectErrorStream(true).start();
        String out;
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("pgbouncer -d did not return within 20 s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("pgbouncer exited with " + p.exitValue() + ": " + out + tail(log));
        }
        PgBouncer bouncer = new PgBouncer(settings.mode, port, dir, server,
                Integer.parseInt(settings.values.get("default_pool_size")));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!accepts(port)) {
            if (System.nanoTime() > deadline) {
                bouncer.close();
                throw new IOException("pgbouncer did not listen on port " + port + " within 20 s" + tail(log));
            }
            PostgresServer.sleep(20);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close, "test-pgbouncer-stop"));
        return bouncer;
    }

    /** The role's SCRAM secret as the server stores it: PgBouncer then logs in to the server with the client's keys. */
    private static String scramSecret(PostgresServer server) throws IOException {
        try (Connection c = server.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '"
                     + PostgresServer.APP_USER + "'")) {
            if (!rs.next() || rs.getString(1) == null || !rs.getString(1).startsWith("SCRAM-SHA-256$")) {
                throw new IOException("the app role has no SCRAM secret on " + server);
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IOException("reading the app role's SCRAM secret failed: " + e.getMessage(), e);
        }
    }

    /** PgBouncer runs as postgres: it must read its config and write its pidfile and log. */
    private static void handToRunAs(Path dir, Path... files) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("chown", "-R", RUN_AS, dir.toString());
        for (Path f : files) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        }
    }

    private static String executable() {
        return Files.isExecutable(Path.of("/usr/sbin/pgbouncer")) ? "/usr/sbin/pgbouncer" : "pgbouncer";
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    public Mode mode() {
        return mode;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** default_pool_size: at most this many server connections for the app role and database. */
    public int poolSize() {
        return poolSize;
    }

    public PostgresServer server() {
        return server;
    }

    /** The app database through PgBouncer, as a jdbc URL without credentials. */
    public String appJdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + PostgresServer.APP_DATABASE;
    }

    /** The last lines of PgBouncer's log, for failure messages. */
    public String logTail() {
        return tail(directory.resolve("pgbouncer.log"));
    }

    /**
     * Server sessions of the app role on the real server (PgBouncer's server connections and anything else),
     * counted in pg_stat_activity.
     */
    public int serverSessions() {
        try (Connection c = server.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                     + PostgresServer.APP_USER + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting server sessions failed: " + e.getMessage(), e);
        }
    }

    /** Stops PgBouncer by the pid in its pidfile and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        Path pidfile = directory.resolve("pgbouncer.pid");
        if (!Files.exists(pidfile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy(); // SIGTERM: PgBouncer shuts down at once
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        } catch (IOException | NumberFormatException e) {
            // the pidfile vanished as PgBouncer exited
        }
    }

    @Override
    public String toString() {
        return "PgBouncer " + mode.configValue() + " mode at 127.0.0.1:" + port + " in front of " + server;
    }
}
