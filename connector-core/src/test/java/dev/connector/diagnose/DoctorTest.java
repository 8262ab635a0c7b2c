package dev.connector.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connector.FailureKind;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorTest {

    private static final String WRONG = "Wr0ng-doctor-pw#x";

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result doctor(Map<String, String> env, boolean json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        String logs;
        try (CapturedOutput captured = new CapturedOutput()) {
            code = Doctor.run(env, new PrintStream(bytes, true, StandardCharsets.UTF_8), json);
            logs = captured.text();
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        for (String secret : List.of(PostgresServer.APP_PASSWORD, WRONG)) {
            assertThat(output).doesNotContain(secret);
            assertThat(logs).doesNotContain(secret);
        }
        return new Result(code, output);
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void walksEveryStepForAHealthyServer() {
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl()), false);
        assertThat(r.exitCode()).isZero();
        assertThat(r.output())
                .contains("[ OK ] configuration: ")
                .contains("host=localhost [URL in DATABASE_URL]")
                .contains("password=*** [URL in DATABASE_URL]")
                .contains("[ OK ] dns: localhost resolves to 127.0.0.1 (IPv4)")
                .contains("tcp: 127.0.0.1:" + db.port() + " accepts connections")
                .contains("[WARN] tls: the server has SSL turned off; sslmode prefer goes on in plaintext")
                .contains("[ OK ] login: logged in as connector_app to connector_app")
                .contains("[ OK ] query: database connector_app, user connector_app, PostgreSQL 17")
                .contains("[ OK ] role: this is a primary")
                .containsPattern("\\[ OK \\] capacity: max_connections 300, reserved 3, in use \\d+ \\(by state: .*active")
                .contains("[ OK ] budget: pool size not configured: a bounded pool here takes maxPoolSize 10 = min(ceiling 10 "
                        + "for server, (max_connections 300 - reserved 3) / instances 1 = 297) [read from the server]")
                .contains("[ OK ] server timeouts: idle_session_timeout 0, statement_timeout 0, idle_in_transaction_session_timeout 0")
                .endsWith("All checks passed.\n");
    }

    @Test
    void reportsJsonForDeployPipelines() throws Exception {
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl()), true);
        JsonNode json = new ObjectMapper().readTree(r.output());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("exitCode").asInt()).isZero();
        List<String> names = new ArrayList<>();
        json.get("steps").forEach(step -> names.add(step.get("name").asText()));
        assertThat(names).containsExactly("configuration", "dns", "tcp", "tls", "pooler", "login", "query", "role", "capacity",
                "budget", "server timeouts", "schema privileges");
    }

    @Test
    void aPortWhereNothingListensStopsAtTcp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = doctor(env("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(port), "PGPASSWORD", WRONG), true);
        assertThat(r.exitCode()).isEqualTo(11);
        JsonNode json = new ObjectMapper().readTree(r.output());
        assertThat(json.get("ok").asBoolean()).isFalse();
        JsonNode last = json.get("steps").get(json.get("steps").size() - 1);
        assertThat(last.get("name").asText()).isEqualTo("tcp");
        assertThat(last.get("status").asText()).isEqualTo("fail");
        assertThat(last.get("fix").asText()).contains("pg_isready -h 127.0.0.1 -p " + port);
    }

    @Test
    void warnsWhenOnlySomeOfTheAddressesAcceptConnections() {
        // The test JVM resolves localhost to 127.0.0.1 and ::1; the embedded server listens on IPv4 only.
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl()), false);
        assertThat(r.output()).contains("[WARN] tcp: 127.0.0.1:" + db.port() + " accepts connections")
                .contains("[0:0:0:0:0:0:0:1]:" + db.port() + " connection refused")
                .contains("the server may listen on IPv4 only");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aNameThatDoesNotResolveStopsAtDns() {
        Result r = doctor(env("PGHOST", "db.nowhere.invalid"), false);
        assertThat(r.exitCode()).isEqualTo(10);
        assertThat(r.output()).contains("[FAIL] dns: db.nowhere.invalid does not resolve")
                .contains("fix: check the host name; `getent hosts db.nowhere.invalid`");
    }

    @Test
    void sslRequiredAgainstAServerWithSslOffStopsAtTls() {
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl() + "?sslmode=require"), false);
        assertThat(r.exitCode()).isEqualTo(13);
        assertThat(r.output()).contains("[FAIL] tls: sslmode is require but the server has SSL turned off");
    }

    @Test
    void verifyFullChecksTheCertificateAtLogin() throws Exception {
        try (PostgresServer tls = TestDatabase.start(dev.connector.testing.ServerSettings.defaults().ssl())) {
            dev.connector.testing.Certificates.Files3 other = dev.connector.testing.Certificates.generate(
                    java.nio.file.Files.createTempDirectory("doctor-ca"), "another CA");
            String url = tls.appDatabaseUrl() + "?sslmode=verify-full&sslrootcert=";
            Result trusted = doctor(env("DATABASE_URL", url + tls.certificates().caCertificate()), false);
            assertThat(trusted.exitCode()).isZero();
            assertThat(trusted.output()).contains("[ OK ] tls: the server supports SSL; sslmode verify-full: its "
                    + "certificate is checked at login");
            Result untrusted = doctor(env("DATABASE_URL", url + other.caCertificate()), false);
            assertThat(untrusted.exitCode()).isEqualTo(14);
            assertThat(untrusted.output()).contains("[FAIL] login: the server's certificate was rejected");
        }
    }

    @Test
    void aWrongPasswordStopsAtLogin() {
        Result r = doctor(env("PGHOST", "localhost", "PGPORT", String.valueOf(db.port()), "PGUSER", PostgresServer.APP_USER,
                "PGDATABASE", PostgresServer.APP_DATABASE, "PGPASSWORD", WRONG), false);
        assertThat(r.exitCode()).isEqualTo(16);
        assertThat(r.output()).contains("[FAIL] login: authentication failed: the password for user \"connector_app\" was rejected")
                .contains("fix: log in by hand with the same settings");
    }

    @Test
    void aMissingPasswordHasItsOwnKindAndExitCodeAndShowsTheDriversMessage() {
        Result r = doctor(env("PGHOST", "localhost", "PGPORT", String.valueOf(db.port()), "PGUSER", PostgresServer.APP_USER,
                "PGDATABASE", PostgresServer.APP_DATABASE), false);
        assertThat(r.exitCode()).isEqualTo(Doctor.exitCode(FailureKind.MISSING_PASSWORD)).isEqualTo(26);
        assertThat(r.output()).contains("[FAIL] login: the server asks for a password and none was given: the server asks "
                        + "user \"connector_app\" for a password")
                .contains("The driver said: The server requested SCRAM-based authentication, but no password was provided.")
                .contains("fix: give the password to this process: PGPASSWORD")
                .doesNotContain("run the connector doctor");
    }

    @Test
    void theBudgetLineAppliesTheRuntimeCeilingAsTheDataSourceDoes() {
        // Cloud Run: the DataSource caps a pool at 4 there, so the doctor says 4, not (300 - 3) / 1
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl(), "K_SERVICE", "orders", "K_CONFIGURATION", "orders"),
                false);
        assertThat(r.output()).contains("budget: pool size not configured: a bounded pool here takes maxPoolSize 4 = "
                + "min(ceiling 4 for ");
    }

    @Test
    void aMissingDatabaseStopsAtLogin() {
        String url = db.appDatabaseUrl();
        Result r = doctor(env("DATABASE_URL", url.substring(0, url.lastIndexOf('/')) + "/missing_db"), false);
        assertThat(r.exitCode()).isEqualTo(18);
        assertThat(r.output()).contains("[FAIL] login: the database does not exist");
    }

    @Test
    void aPoolThatCannotFitTheBudgetFails() {
        Result r = doctor(env("DATABASE_URL", db.appDatabaseUrl(), "CONNECTOR_MAX_POOL_SIZE", "100",
                "CONNECTOR_INSTANCES", "4"), false);
        assertThat(r.exitCode()).isEqualTo(Doctor.BUDGET_DOES_NOT_FIT);
        assertThat(r.output()).contains("[FAIL] budget: maxPoolSize 100 x 4 instance(s) = 400 connections, but the server "
                + "allows 297 (max_connections 300 - reserved 3)");
    }

    @Test
    void anInvalidConfigurationStopsAtOnce() {
        Result r = doctor(env("PGPORT", "five"), false);
        assertThat(r.exitCode()).isEqualTo(Doctor.INVALID_CONFIGURATION);
        assertThat(r.output()).contains("[FAIL] configuration: connector.port: got 'five' from PGPORT");
    }

    @Test
    void withNothingConfiguredItSaysSoAndChecksLocalhost5432() {
        Result r = doctor(Map.of(), false);
        assertThat(r.output()).contains("nothing is configured").contains("host=localhost [default]")
                .contains("port=5432 [default]").containsPattern("tcp: 127.0.0.1:5432");
    }
}
