package dev.connector;

import dev.connector.spi.ConnectionAttemptListener;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.Certificates;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.ServerSettings;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Each failure kind, reproduced for real against servers configured for it. */
class ConnectionFailuresTest {

    private static final String WRONG_PASSWORD = "wr0ng-Pw-Xy9#leak-check";

    private static PostgresServer db;
    /** SSL on; role "blocked" rejected by pg_hba; everyone else only over SSL. */
    private static PostgresServer strict;
    /** max_connections 5 (2 for non-superusers), trust logins, so a missing role is reported as such. */
    private static PostgresServer small;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'limited') THEN "
                + "CREATE ROLE limited LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 1; END IF; END $$");
        strict = TestDatabase.start(ServerSettings.defaults().ssl().hba(
                "host all blocked 127.0.0.1/32 reject", "host all blocked ::1/128 reject",
                "hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256"));
        small = TestDatabase.start(ServerSettings.defaults().maxConnections(5)
                .hba("host all all 127.0.0.1/32 trust", "host all all ::1/128 trust"));
    }

    @AfterAll
    static void stop() throws Exception {
        strict.close();
        small.close();
    }

    @Test
    void aPortWhereNothingListensIsRefusedAndRetried() throws Exception {
        int port = freePort();
        RecordingListener attempts = new RecordingListener();
        ConnectionFailedException f = failure(ConnectorDataSource.builder().environment(Map.of())
                .url("jdbc:postgresql://127.0.0.1:" + port + "/app").user("app").password(PostgresServer.APP_PASSWORD)
                .retryDeadline(Duration.ofMillis(600)).listener(attempts));
        assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(f.getMessage())
                .startsWith("Could not connect to PostgreSQL: the connection was refused.")
                .contains("at 127.0.0.1:" + port + " (resolves to 127.0.0.1)")
                .contains("nothing listens on 127.0.0.1:" + port)
                .contains("`pg_isready -h 127.0.0.1 -p " + port + "`");
        assertThat(f.attempts()).isGreaterThan(1);
        assertThat(attempts.retries).hasSize(f.attempts() - 1);
        assertThat(attempts.gaveUp).containsExactly(f.attempts());
    }

    @Test
    void retriesStopAtTheDeadlineOfTheConnect() throws Exception {
        int port = freePort();
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of()).shutdownHook(false)
                .url("jdbc:postgresql://127.0.0.1:" + port + "/app").user("app").retryDeadline(Duration.ofSeconds(30))
                .build()) {
            Deadline deadline = Deadline.after(Duration.ofMillis(400));
            long start = System.nanoTime();
            ConnectionFailedException f = failure(() -> ds.getConnection(deadline));
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time spent retrying")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aDatabaseAtItsConnectionLimit() throws Exception {
        try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'limited_db'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE limited_db OWNER connector_app CONNECTION LIMIT 1");
            }
        }
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).database("limited_db")
                .strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ZERO).build();
             Connection first = ds.getConnection()) {
            ConnectionFailedException f = failure(() -> ds.getConnection());
            assertThat(f.kind()).isEqualTo(FailureKind.TOO_MANY_CONNECTIONS);
            assertThat(f.getMessage()).contains("the database's CONNECTION LIMIT is reached");
        }
    }

    @Test
    void aListenerThatNeverAnswersIsAConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ConnectionFailedException f = failure(ConnectorDataSource.builder().environment(Map.of())
                    .url("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/app").user("app")
                    .connectTimeout(Duration.ofSeconds(1)).retryDeadline(Duration.ZERO));
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
            assertThat(f.getMessage()).contains("within the connect timeout (1 s)")
                    .contains("`nc -vz 127.0.0.1 " + silent.getLocalPort() + "`");
        }
    }

    @Test
    void aHostThatNeverResolvesIsADnsFailureAndIsNotRetried() throws Exception {
        RecordingListener attempts = new RecordingListener();
        ConnectionFailedException f = failure(ConnectorDataSource.builder().environment(Map.of())
                .url("jdbc:postgresql://db.nowhere.invalid:5432/app").user("app").sslMode("disable").listener(attempts));
        assertThat(f.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(f.attempts()).isEqualTo(1);
        assertThat(attempts.retries).isEmpty();
        assertThat(f.getMessage()).contains("db.nowhere.invalid:5432 (does not resolve)")
                .contains("`getent hosts db.nowhere.invalid`");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureAndIsNotRetried() throws Exception {
        RecordingListener attempts = new RecordingListener();
        ConnectionFailedException f = failure(Apps.builder(db, Apps.uniqueName()).password(WRONG_PASSWORD).listener(attempts));
        assertThat(f.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(f.getSQLState()).isEqualTo("28P01");
        assertThat(attempts.retries).isEmpty();
        assertThat(attempts.gaveUp).containsExactly(1);
        assertThat(f.getMessage()).contains("the password for user \"connector_app\" was rejected")
                .contains("psql \"host=localhost port=" + db.port() + " dbname=connector_app user=connector_app");
    }

    @Test
    void aPgHbaRuleThatRejectsTheClient() throws Exception {
        strict.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'blocked') THEN "
                + "CREATE ROLE blocked LOGIN PASSWORD 'x'; END IF; END $$");
        ConnectionFailedException f = failure(Apps.builder(strict, Apps.uniqueName()).user("blocked").password("x")
                .sslMode("disable"));
        assertThat(f.kind()).isEqualTo(FailureKind.NO_PG_HBA_ENTRY);
        assertThat(f.getMessage()).contains("pg_hba.conf on the server has no rule that lets user \"blocked\"")
                .contains("add a pg_hba.conf rule");
    }

    @Test
    void aHostsslOnlyRuleMetWithSslmodeDisable() throws Exception {
        ConnectionFailedException f = failure(Apps.builder(strict, Apps.uniqueName()).sslMode("disable"));
        assertThat(f.kind()).isEqualTo(FailureKind.NO_PG_HBA_ENTRY);
        assertThat(f.getMessage()).contains("allows this user only over SSL").contains("connect with sslMode=require");
    }

    @Test
    void sslmodeRequireAgainstAServerWithSslOff() throws Exception {
        ConnectionFailedException f = failure(Apps.builder(db, Apps.uniqueName()).sslMode("require"));
        assertThat(f.kind()).isEqualTo(FailureKind.SSL_NOT_SUPPORTED);
        assertThat(f.getMessage()).contains("sslmode is require but the server at localhost:" + db.port() + " has SSL turned off");
    }

    @Test
    void verifyFullAgainstACertificateFromAnotherCa() throws Exception {
        Certificates.Files3 other = Certificates.generate(Files.createTempDirectory("other-ca"), "some other CA");
        ConnectionFailedException f = failure(Apps.builder(strict, Apps.uniqueName()).sslMode("verify-full")
                .driverProperty("sslrootcert", other.caCertificate().toString()));
        assertThat(f.kind()).isEqualTo(FailureKind.CERTIFICATE_REJECTED);
        assertThat(f.getMessage()).contains("connector.driver.sslrootcert");
    }

    @Test
    void aRoleAtItsConnectionLimit() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).user("limited").password("limited-pw")
                .strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ofMillis(300)).build();
             Connection first = ds.getConnection()) {
            ConnectionFailedException f = failure(() -> ds.getConnection());
            assertThat(f.kind()).isEqualTo(FailureKind.TOO_MANY_CONNECTIONS);
            assertThat(f.getSQLState()).isEqualTo("53300");
            assertThat(f.getMessage()).contains("the role's CONNECTION LIMIT is reached");
            assertThat(first.isValid(1)).isTrue();
        }
    }

    @Test
    void aServerWithNoFreeConnectionSlot() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(small, Apps.uniqueName()).strategy(PoolingStrategy.UNPOOLED)
                .retryDeadline(Duration.ofMillis(300)).build();
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            ConnectionFailedException f = failure(() -> ds.getConnection());
            assertThat(f.kind()).isEqualTo(FailureKind.TOO_MANY_CONNECTIONS);
            assertThat(f.attempts()).isGreaterThan(1);
            assertThat(f.getMessage()).contains("the server's max_connections is reached")
                    .contains("SELECT application_name, state, count(*) FROM pg_stat_activity");
        }
    }

    @Test
    void aDatabaseThatDoesNotExist() throws Exception {
        ConnectionFailedException f = failure(Apps.builder(db, Apps.uniqueName()).database("no_such_db"));
        assertThat(f.kind()).isEqualTo(FailureKind.DATABASE_DOES_NOT_EXIST);
        assertThat(f.getMessage()).contains("there is no database \"no_such_db\"");
    }

    @Test
    void aRoleThatDoesNotExist() throws Exception {
        ConnectionFailedException f = failure(Apps.builder(small, Apps.uniqueName()).user("ghost").database("postgres"));
        assertThat(f.kind()).isEqualTo(FailureKind.ROLE_DOES_NOT_EXIST);
        assertThat(f.getMessage()).contains("there is no role \"ghost\"");
    }

    @Test
    void aServerThatIsNotYetAcceptingConnections() throws Exception {
        try (PostgresServer starting = TestDatabase.start(ServerSettings.defaults().standbyNotAcceptingConnections())) {
            ConnectionFailedException f = failure(Apps.builder(starting, Apps.uniqueName()).database("postgres")
                    .retryDeadline(Duration.ofMillis(300)));
            assertThat(f.kind()).isEqualTo(FailureKind.SERVER_STARTING_UP);
            assertThat(f.getSQLState()).isEqualTo("57P03");
            assertThat(f.attempts()).isGreaterThan(1);
        }
    }

    @Test
    void aServerThatIsShuttingDown() throws Exception {
        try (PostgresServer stopping = TestDatabase.start(ServerSettings.defaults())) {
            try (Connection held = stopping.admin()) {
                stopping.beginSmartShutdown();
                ConnectionFailedException f = failure(Apps.builder(stopping, Apps.uniqueName())
                        .retryDeadline(Duration.ofMillis(300)));
                assertThat(f.kind()).isEqualTo(FailureKind.SERVER_SHUTTING_DOWN);
                assertThat(f.getMessage()).contains("retry after it is back");
                assertThat(held.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aWriteInAReadOnlySessionIsExplainedAtStatementTime() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = on");
            try {
                s.execute("CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (1)");
                fail("the write was not refused");
            } catch (SQLException e) {
                assertThat(FailureKind.of(e)).isEqualTo(FailureKind.READ_ONLY_SERVER);
                ConnectionFailedException explained = ds.explain(e);
                assertThat(explained.kind()).isEqualTo(FailureKind.READ_ONLY_SERVER);
                assertThat(explained.getMessage()).startsWith("A write was refused")
                        .contains("SELECT pg_is_in_recovery()");
            }
        }
    }

    @Test
    void aServerThatComesUpDuringTheRetryWindowIsReached() throws Exception {
        int port = freePort();
        RecordingListener attempts = new RecordingListener();
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url("jdbc:postgresql://127.0.0.1:" + port + "/postgres").user("postgres").shutdownHook(false)
                .retryDeadline(Duration.ofSeconds(60)).listener(attempts).build()) {
            CompletableFuture<PostgresServer> late = CompletableFuture.supplyAsync(() -> {
                sleep(1000);
                return TestDatabase.start(ServerSettings.defaults().port(port));
            });
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            } finally {
                late.get().close();
            }
            assertThat(attempts.retries).isNotEmpty();
            assertThat(attempts.connected).containsExactly(attempts.retries.size() + 1);
        }
    }

    // ------------------------------------------------------------------ helpers

    interface Borrow {
        Connection get() throws SQLException;
    }

    private static ConnectionFailedException failure(ConnectorDataSource.Builder builder) throws Exception {
        try (ConnectorDataSource ds = builder.shutdownHook(false).build()) {
            return failure(ds::getConnection);
        }
    }

    /** The failure of a borrow, with every captured line and the exception searched for the passwords. */
    private static ConnectionFailedException failure(Borrow borrow) throws Exception {
        String output;
        Throwable thrown = null;
        try (CapturedOutput out = new CapturedOutput()) {
            try (Connection unexpected = borrow.get()) {
                fail("connected, but a failure was expected");
            } catch (SQLException e) {
                thrown = e;
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(trace));
                System.err.println(trace);
            }
            output = out.text();
        }
        assertThat(thrown).isInstanceOf(ConnectionFailedException.class);
        assertThat(output).doesNotContain(PostgresServer.APP_PASSWORD).doesNotContain(WRONG_PASSWORD);
        return (ConnectionFailedException) thrown;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class RecordingListener implements ConnectionAttemptListener {
        final List<Integer> retries = new CopyOnWriteArrayList<>();
        final List<Integer> gaveUp = new CopyOnWriteArrayList<>();
        final List<Integer> connected = new ArrayList<>();

        @Override
        public void retrying(int attempt, ConnectionFailedException failure, Duration retryIn) {
            retries.add(attempt);
        }

        @Override
        public void gaveUp(int attempts, ConnectionFailedException failure) {
            gaveUp.add(attempts);
        }

        @Override
        public synchronized void connectedAfterRetries(int attempts, Duration waited) {
            connected.add(attempts);
        }
    }
}
