package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import dev.connector.testing.WireRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behind a real PgBouncer (Debian's 1.18, SCRAM, both pool modes): connections work with the three session
 * timeouts configured and each bound holds; nothing of one client's settings reaches another sharing its
 * server connection; application_name really travels in the startup packet, with no SET after login.
 */
class BehindAPoolerTest {

    private static PostgresServer db;
    private static PgBouncer transaction;
    private static PgBouncer session;
    /** Transaction mode with one server connection, so that clients surely share it. */
    private static PgBouncer shared;

    @BeforeAll
    static void servers() throws SQLException {
        db = TestDatabase.shared();
        transaction = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(4).start(db);
        session = PgBouncer.in(PgBouncer.Mode.SESSION).poolSize(4).start(db);
        shared = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(1).start(db);
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pooler_probe (id int)");
        }
    }

    @AfterAll
    static void stop() {
        transaction.close();
        session.close();
        shared.close();
    }

    static Stream<Arguments> modesAndStrategies() {
        List<Arguments> out = new ArrayList<>();
        for (PgBouncer.Mode mode : PgBouncer.Mode.values()) {
            for (PoolingStrategy strategy : PoolingStrategy.values()) {
                out.add(Arguments.of(mode, strategy));
            }
        }
        return out.stream();
    }

    private static PgBouncer bouncer(PgBouncer.Mode mode) {
        return mode == PgBouncer.Mode.TRANSACTION ? transaction : session;
    }

    private static ConnectorDataSource.Builder withTimeouts(ConnectorDataSource.Builder builder) {
        return builder.statementTimeout(Duration.ofSeconds(1))
                .set(ConnectorProperty.LOCK_TIMEOUT, "500ms")
                .set(ConnectorProperty.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, "1s");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modesAndStrategies")
    void connectionsWorkAndEachTimeoutHolds(PgBouncer.Mode mode, PoolingStrategy strategy) throws Exception {
        try (ConnectorDataSource ds = withTimeouts(Apps.builder(bouncer(mode), Apps.uniqueName()))
                .strategy(strategy).maxPoolSize(2).build()) {
            // connections work
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(db.port());
            }
            // a statement over statementTimeout is cancelled
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(10)")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            }
            // a lock wait over lockTimeout fails with lock_not_available, long before statementTimeout
            try (Connection holder = direct(); Statement h = holder.createStatement()) {
                holder.setAutoCommit(false);
                h.execute("LOCK TABLE pooler_probe IN ACCESS EXCLUSIVE MODE");
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    assertThatThrownBy(() -> s.execute("SELECT * FROM pooler_probe")).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
                    c.rollback();
                }
                holder.rollback();
            }
            // a transaction idle over idleInTransactionSessionTimeout is ended by the server
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("SELECT 1");
                Thread.sleep(2500);
                assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void inTransactionModeAPreparedStatementRunsManyTimesWhileOtherClientsShareTheServerConnection()
            throws Exception {
        try (ConnectorDataSource ds = Apps.builder(shared, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build();
             Connection a = ds.getConnection(); Connection b = ds.getConnection();
             PreparedStatement pa = a.prepareStatement("SELECT ?::int + 1");
             PreparedStatement pb = b.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 0; i < 12; i++) { // pgjdbc would name a server-side statement at the fifth
                assertThat(plusOne(pa, i)).isEqualTo(i + 1);
                assertThat(plusOne(pb, i)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void twoClientsSharingOneServerConnectionNeverSeeEachOthersSettings() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(shared, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                .statementTimeout(Duration.ofMillis(2345)).set(ConnectorProperty.LOCK_TIMEOUT, "1234ms")
                .set(ConnectorProperty.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, "4321ms").build();
             Connection a = ds.getConnection(); Statement sa = a.createStatement();
             Connection b = plainThrough(shared); Statement sb = b.createStatement()) {
            // Given client A inside a transaction with its settings
            a.setAutoCommit(false);
            assertThat(show(sa, "lock_timeout")).isEqualTo("1234ms");
            assertThat(show(sa, "idle_in_transaction_session_timeout")).isEqualTo("4321ms");
            int serverPid = pid(sa);
            a.commit();
            // When client B, which set nothing, runs on the same server connection
            assertThat(pid(sb)).as("the one server connection").isEqualTo(serverPid);
            // Then it sees the server's defaults
            assertThat(show(sb, "lock_timeout")).isEqualTo("0");
            assertThat(show(sb, "statement_timeout")).isEqualTo("0");
            assertThat(show(sb, "idle_in_transaction_session_timeout")).isEqualTo("0");
            // and so does A outside its transactions
            a.setAutoCommit(true);
            assertThat(show(sa, "lock_timeout")).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "pgbouncer-transaction", "pgbouncer-session"})
    void applicationNameTravelsInTheStartupPacketWithNoSetAfterLogin(String pooler) throws Exception {
        int target = pooler.equals("none") ? db.port() : pooler.endsWith("transaction") ? transaction.port() : session.port();
        String app = Apps.uniqueName();
        try (WireRecorder wire = new WireRecorder("127.0.0.1", target);
             ConnectorDataSource ds = withTimeouts(ConnectorDataSource.builder().environment(Map.of()).shutdownHook(false)
                     .url("jdbc:postgresql://127.0.0.1:" + wire.port() + "/" + PostgresServer.APP_DATABASE)
                     .user(PostgresServer.APP_USER).password(PostgresServer.APP_PASSWORD).sslMode("disable")
                     .applicationName(app).set(ConnectorProperty.POOLER, pooler)).strategy(PoolingStrategy.UNPOOLED).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 'marker'");

            WireRecorder.Session sent = wire.sessions().get(0);
            assertThat(sent.startup()).containsEntry("application_name", app);
            assertThat(sent.statements()).contains("SELECT 'marker'");
            List<String> beforeMarker = sent.statements().subList(0, sent.statements().indexOf("SELECT 'marker'"));
            assertThat(beforeMarker).noneMatch(sql -> sql.contains("application_name") || sql.contains("extra_float_digits"));
            if (pooler.equals("none")) {
                assertThat(sent.startup().get("options")).contains("-c statement_timeout=1000")
                        .contains("-c lock_timeout=500").contains("-c idle_in_transaction_session_timeout=1000");
                assertThat(beforeMarker).isEmpty();
            } else {
                assertThat(sent.startup()).doesNotContainKey("options");
                assertThat(beforeMarker).hasSize(pooler.endsWith("session") ? 1 : 0); // session mode: one set_config
            }
        }
    }

    @Test
    void refusesAtBuildASettingRdsProxyCannotHonour() {
        assertThatThrownBy(() -> ConnectorDataSource.builder().environment(Map.of()).shutdownHook(false)
                .host("orders.proxy-c1abc2xyz.eu-west-1.rds.amazonaws.com").user("app")
                .set(ConnectorProperty.LOCK_TIMEOUT, "5s").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("connector.lockTimeout"))
                .hasMessageContaining("RDS Proxy pins")
                .hasMessageContaining("ALTER ROLE <user> SET lock_timeout = '5000ms'")
                .hasMessageContaining("connector.pooler is rds-proxy from default");
    }

    @Test
    void refusesOptionsInTheStartupPacketBehindAPooler() {
        assertThatThrownBy(() -> Apps.builder(transaction, "x").driverProperty("options", "-c search_path=app").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("connector.driver.options")
                .hasMessageContaining("refuses options in the startup packet");
    }

    @Test
    void recognisesAnRdsProxyEndpointByItsHostNameAndSaysSoAtStartUp() {
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource proxy = ConnectorDataSource.builder().environment(Map.of()).shutdownHook(false)
                     .host("orders.proxy-c1abc2xyz.eu-west-1.rds.amazonaws.com").user("app")
                     .statementTimeout(Duration.ofSeconds(5)).build();
             ConnectorDataSource cluster = ConnectorDataSource.builder().environment(Map.of()).shutdownHook(false)
                     .host("orders.cluster-c1abc2xyz.eu-west-1.rds.amazonaws.com").user("app").build()) {
            assertThat(proxy.pooler()).isEqualTo(Pooler.RDS_PROXY);
            assertThat(cluster.pooler()).isEqualTo(Pooler.NONE);
            assertThat(out.text()).contains("pooler rds-proxy (the host is an RDS Proxy endpoint): "
                    + "statementTimeout per statement by a cancel request");
        }
    }

    private static int plusOne(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The app database directly, by pgjdbc alone. */
    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(db.appJdbcUrl(), PostgresServer.APP_USER, PostgresServer.APP_PASSWORD);
    }

    /** Another client of the pooler: pgjdbc alone, setting nothing. */
    private static Connection plainThrough(PgBouncer bouncer) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", PostgresServer.APP_PASSWORD);
        p.setProperty("prepareThreshold", "0");
        p.setProperty("assumeMinServerVersion", "9.0");
        return DriverManager.getConnection(bouncer.appJdbcUrl(), p);
    }
}
