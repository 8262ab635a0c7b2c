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
        Properties p = new Properties();
        p.setProperty("user", adminUser);
        if (adminPassword != null) {
            p.setProperty("password", adminPassword);
        }
        p.setProperty("ApplicationName", "connector-test-admin");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + adminDatabase, p);
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
        try (Connection c = admin();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
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

    public boolean tableExists(String name) {
        try (Connection c = admin();
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
