package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session defaults and TLS, observed by the server. */
class SessionDefaultsTest {

    /** Resolves to 127.0.0.1 through the test JVM's hosts file, but is not loopback by its name. */
    private static final String REMOTE_LOOKING_HOST = "db.connector.test";

    private static PostgresServer db;
    private static PostgresServer tls;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        tls = TestDatabase.start(ServerSettings.defaults().ssl());
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
    }

    @Test
    void sendsTimeoutsInTheStartupPacketNotWithSet() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).statementTimeout(Duration.ofSeconds(5))
                .set(ConnectorProperty.LOCK_TIMEOUT, "2s")
                .set(ConnectorProperty.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, "1min").build();
             Connection c = ds.getConnection()) {
            Map<String, String[]> settings = settings(c);
            // source 'client' means the startup packet; a SET would show 'session'
            assertThat(settings.get("statement_timeout")).containsExactly("5000", "client");
            assertThat(settings.get("lock_timeout")).containsExactly("2000", "client");
            assertThat(settings.get("idle_in_transaction_session_timeout")).containsExactly("60000", "client");
        }
    }

    @Test
    void leavesTheServersTimeoutsAloneUnlessConfigured() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).build(); Connection c = ds.getConnection()) {
            assertThat(settings(c).get("statement_timeout")[1]).isNotEqualTo("client");
        }
    }

    @Test
    void theStatementTimeoutIsEnforcedByTheServer() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).statementTimeout(Duration.ofMillis(200)).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(3)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        }
    }

    @Test
    void theApplicationNameIsTheFunctionNameOnLambda() throws Exception {
        Map<String, String> env = new HashMap<>(Apps.LAMBDA);
        env.put("DATABASE_URL", db.appDatabaseUrl());
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        try (ConnectorDataSource ds = ConnectorDataSource.fromEnvironment(env); Connection c = ds.getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('application_name')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("orders");
        }
    }

    @Test
    void aNonLoopbackHostGetsTlsWithoutBeingAsked() throws Exception {
        try (ConnectorDataSource ds = remoteLooking(tls).build(); Connection c = ds.getConnection()) {
            assertThat(ds.config().sslMode()).contains(ConnectorConfig.SslMode.REQUIRE);
            assertThat(sslInUse(c)).isTrue();
        }
    }

    @Test
    void aNonLoopbackHostNeverFallsBackToPlaintext() {
        // The shared server has SSL off: require fails rather than sending the password in the clear.
        try (ConnectorDataSource ds = remoteLooking(db).build()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SSL");
        }
    }

    @Test
    void plaintextToANonLoopbackHostMustBeAskedFor() throws Exception {
        try (ConnectorDataSource ds = remoteLooking(db).sslMode("disable").build(); Connection c = ds.getConnection()) {
            assertThat(sslInUse(c)).isFalse();
        }
    }

    @Test
    void verifyFullChecksTheServerCertificateAgainstTheGivenCa() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(tls, Apps.uniqueName()).sslMode("verify-full")
                .driverProperty("sslrootcert", tls.certificates().caCertificate().toString()).build();
             Connection c = ds.getConnection()) {
            assertThat(sslInUse(c)).isTrue();
        }
    }

    private static ConnectorDataSource.Builder remoteLooking(PostgresServer server) {
        return Apps.builder(server, Apps.uniqueName()).host(REMOTE_LOOKING_HOST)
                .driverProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
    }

    private static boolean sslInUse(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Map<String, String[]> settings(Connection c) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, setting, source FROM pg_settings "
                + "WHERE name IN ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout')")) {
            while (rs.next()) {
                out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}
