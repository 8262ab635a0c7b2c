package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each of PgBouncer's own failures, reproduced with a real PgBouncer, gets its kind and a next step. */
class PoolerFailuresTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @Test
    void optionsRefusedByPgBouncerNameTheSettingAndThePoolerModeAndAreNotRetried() {
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).start(db);
             ConnectorDataSource ds = Apps.builder(bouncer, Apps.uniqueName()).set(ConnectorProperty.POOLER, "none")
                     .statementTimeout(Duration.ofSeconds(5)).strategy(PoolingStrategy.UNPOOLED)
                     .retryDeadline(Duration.ofSeconds(10)).build()) {
            ConnectionFailedException f = catchThrowableOfType(ds::getConnection, ConnectionFailedException.class);
            assertThat(f.kind()).isEqualTo(FailureKind.POOLER_UNSUPPORTED_PARAMETER);
            assertThat(f.attempts()).as("a refusal is not retried").isEqualTo(1);
            assertThat(f.getMessage())
                    .contains("refused the startup parameter 'options'")
                    .contains("set connector.pooler to the pooler's mode: pgbouncer-transaction or pgbouncer-session")
                    .contains("unsupported startup parameter: options");
        }
    }

    @Test
    void aParameterPgBouncerDoesNotTrackIsNamedWithWhereToIgnoreIt() {
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).set("ignore_startup_parameters", "").start(db);
             ConnectorDataSource ds = Apps.builder(bouncer, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                     .driverProperty("currentSchema", "public").build()) {
            ConnectionFailedException f = catchThrowableOfType(ds::getConnection, ConnectionFailedException.class);
            assertThat(f.kind()).isEqualTo(FailureKind.POOLER_UNSUPPORTED_PARAMETER);
            assertThat(f.getMessage()).contains("add 'search_path' to ignore_startup_parameters in pgbouncer.ini");
        }
    }

    @Test
    void pgBouncerAtMaxClientConnIsAPoolerClientLimit() throws Exception {
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).maxClientConnections(2).start(db);
             Connection one = plain(bouncer); Connection two = plain(bouncer);
             ConnectorDataSource ds = Apps.builder(bouncer, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                     .retryDeadline(Duration.ofMillis(300)).build()) {
            ConnectionFailedException f = catchThrowableOfType(ds::getConnection, ConnectionFailedException.class);
            assertThat(f.kind()).isEqualTo(FailureKind.POOLER_CLIENT_LIMIT);
            assertThat(f.kind().isTransient()).isTrue();
            assertThat(f.getMessage()).contains("max_client_conn").contains("SHOW CLIENTS")
                    .contains("no more connections allowed (max_client_conn)");
        }
    }

    @Test
    void aClientQueuedLongerThanQueryWaitTimeoutIsAPoolerWaitTimeout() throws Exception {
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(1)
                .queryWaitTimeout(Duration.ofSeconds(1)).start(db);
             Connection holder = plain(bouncer); Statement h = holder.createStatement();
             ConnectorDataSource ds = Apps.builder(bouncer, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED).build()) {
            holder.setAutoCommit(false);
            h.execute("SELECT 1"); // holds the pool's only server connection
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.execute("SELECT 1"), SQLException.class);
                ConnectionFailedException f = ds.explain(e);
                assertThat(f.kind()).isEqualTo(FailureKind.POOLER_WAIT_TIMEOUT);
                assertThat(f.getMessage()).contains("query_wait_timeout").contains("SHOW POOLS");
            }
        }
    }

    @Test
    void aServerDownBehindPgBouncerIsAPoolerServerFailure() throws Exception {
        PostgresServer own = TestDatabase.start(ServerSettings.defaults());
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).queryWaitTimeout(Duration.ofSeconds(2))
                .start(own);
             ConnectorDataSource ds = Apps.builder(bouncer, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                     .retryDeadline(Duration.ofMillis(1)).build()) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1"); // PgBouncer has met the server
            }
            own.close();
            FailureKind kind = null;
            String message = "";
            for (int attempt = 0; attempt < 5 && kind != FailureKind.POOLER_SERVER_UNAVAILABLE; attempt++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                } catch (SQLException e) {
                    ConnectionFailedException f = ds.explain(e);
                    kind = f.kind();
                    message = f.getMessage();
                }
            }
            assertThat(kind).isEqualTo(FailureKind.POOLER_SERVER_UNAVAILABLE);
            // PgBouncer 1.18 says one or the other, depending on where in its retry cycle the client arrives
            assertThat(message).containsPattern("The driver said: FATAL: (pgbouncer cannot connect to server|server "
                    + "login has been failing, try again later \\(server_login_retry\\))").contains("SHOW SERVERS");
        }
    }

    @Test
    void rdsProxysFeatureNotSupportedIsAnUnsupportedParameterWithThePoolerSettingToUse() {
        // RDS Proxy cannot run here: its answer, as several projects have reported it, classified as pure logic
        PSQLException answer = new PSQLException(new ServerErrorMessage("SFATAL\0VFATAL\0C08P01\0MFeature not supported: "
                + "RDS Proxy currently doesn't support command-line options.\0"));
        assertThat(FailureKind.of(answer)).isEqualTo(FailureKind.POOLER_UNSUPPORTED_PARAMETER);
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(java.util.Map.of()).shutdownHook(false)
                .host("orders.proxy-c1abc2xyz.eu-west-1.rds.amazonaws.com").user("app").build()) {
            assertThat(ds.explain(answer).getMessage()).contains("or rds-proxy").contains("Retrying cannot help");
        }
    }

    private static Connection plain(PgBouncer bouncer) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", PostgresServer.APP_PASSWORD);
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(bouncer.appJdbcUrl(), p);
    }
}
