package dev.connector.benchmarks.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL a suite runs against: an embedded one by default (PostgreSQL 17, scram-sha-256 logins for
 * an ordinary role, as a managed database has), or a server the user names.
 */
public final class Target implements AutoCloseable {

    public static final String ROLE = "bench";

    private final String url;
    private final String user;
    private final String password;
    private final String adminUrl;
    private final AutoCloseable stopper;

    private Target(String url, String user, String password, String adminUrl, AutoCloseable stopper) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.adminUrl = adminUrl;
        this.stopper = stopper;
    }

    /** An embedded server with this many connection slots, and a login role {@value #ROLE} that is not superuser. */
    public static Target embedded(int maxConnections) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("connector-bench");
        Path hba = dir.resolve("pg_hba.conf");
        Files.write(hba, List.of("local all all trust", "host all postgres 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 scram-sha-256"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", String.valueOf(maxConnections))
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("hba_file", hba.toString())
                .start();
        String base = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/";
        String password = "bench-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Target target = new Target(base + ROLE, ROLE, password, base + "postgres?user=postgres", pg::close);
        try (Connection c = target.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + ROLE + " OWNER " + ROLE);
        }
        return target;
    }

    /** A server the user gives: a JDBC URL and credentials; counting sessions needs pg_stat_activity access. */
    public static Target external(String url, String user, String password) {
        return new Target(url, user, password, null, () -> { });
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A connection for counting sessions: the superuser on the embedded server, else the user's own role. */
    public Connection admin() throws SQLException {
        if (adminUrl != null) {
            return DriverManager.getConnection(adminUrl);
        }
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "connector-bench-observer");
        return DriverManager.getConnection(url, p);
    }

    /** Sessions with this application name, counted on the server. */
    public static int sessions(Connection admin, String applicationName) throws SQLException {
        try (PreparedStatement s = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Sessions of this role on the server, the observer's own excluded. */
    public static int sessionsOfRole(Connection admin, String role) throws SQLException {
        try (PreparedStatement s = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, role);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }
}
