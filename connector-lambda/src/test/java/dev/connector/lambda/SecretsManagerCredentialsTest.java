package dev.connector.lambda;

import com.sun.net.httpserver.HttpServer;
import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Secrets Manager supplier against a local stand-in of the Parameters and Secrets extension's endpoint,
 * which serves a secret whose password really is the role's password on the real server.
 */
class SecretsManagerCredentialsTest {

    private static final String TOKEN = "session-token-" + UUID.randomUUID();
    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    /** The extension's endpoint: GetSecretValue's JSON, only with the session token header. */
    final class Extension implements AutoCloseable {
        final String secretId = "prod/orders/" + UUID.randomUUID().toString().substring(0, 6);
        final String role = "sm_" + UUID.randomUUID().toString().substring(0, 8);
        final List<String> passwords = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        private final HttpServer http;
        private String password;

        Extension() throws Exception {
            password = newPassword();
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                    "GRANT CONNECT ON DATABASE " + PostgresServer.APP_DATABASE + " TO " + role);
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/secretsmanager/get", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                byte[] body;
                int status;
                if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"))) {
                    refused.incrementAndGet();
                    status = 401;
                    body = "{\"message\":\"missing token\"}".getBytes(StandardCharsets.UTF_8);
                } else if (!("secretId=" + java.net.URLEncoder.encode(secretId, StandardCharsets.UTF_8)).equals(query)) {
                    status = 400;
                    body = "{}".getBytes(StandardCharsets.UTF_8);
                } else {
                    reads.incrementAndGet();
                    status = 200;
                    body = answer().getBytes(StandardCharsets.UTF_8);
                }
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        private String newPassword() {
            String p = "p\"w\\" + UUID.randomUUID(); // quotes and backslashes survive the JSON round trip
            passwords.add(p);
            return p;
        }

        private synchronized String answer() {
            String secret = "{\"username\":\"" + role + "\",\"password\":\"" + json(password) + "\",\"engine\":\"postgres\","
                    + "\"host\":\"" + db.host() + "\",\"port\":" + db.port() + ",\"dbname\":\"" + PostgresServer.APP_DATABASE + "\"}";
            return "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + secretId + "\",\"Name\":\""
                    + secretId + "\",\"SecretString\":\"" + json(secret) + "\",\"VersionId\":\"" + UUID.randomUUID()
                    + "\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7e9,\"ResultMetadata\":{}}";
        }

        /** The role's password changes on the server and in the secret at once, as a rotation ends. */
        synchronized void rotate() {
            String next = newPassword();
            db.execute("ALTER ROLE " + role + " PASSWORD '" + next.replace("'", "''") + "'");
            password = next;
        }

        Map<String, String> environment() {
            Map<String, String> env = new HashMap<>(Apps.LAMBDA);
            env.put("AWS_SESSION_TOKEN", TOKEN);
            env.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(http.getAddress().getPort()));
            env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
            return env;
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Extension extension() throws Exception {
        Extension e = new Extension();
        open.add(e);
        return e;
    }

    @Test
    void connectsWithTheSecretsUserPasswordHostPortAndDatabase() throws Exception {
        // Given a secret naming the role, its password, and the server's host, port and database
        Extension extension = extension();
        SecretsManagerCredentials secrets = SecretsManagerCredentials.of(extension.secretId, extension.environment());
        String app = Apps.uniqueName();

        // When the builder is configured from it (no host, port or database given otherwise)
        try (ConnectorDataSource ds = secrets.configure(ConnectorDataSource.builder()).applicationName(app)
                .strategy(PoolingStrategy.UNPOOLED).shutdownHook(false).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, current_database(), inet_server_port()")) {
            // Then the session is the secret's role on the secret's database
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(extension.role);
            assertThat(rs.getString(2)).isEqualTo(PostgresServer.APP_DATABASE);
            assertThat(rs.getInt(3)).isEqualTo(db.port());
        }
        assertThat(secrets.read().toString()).doesNotContain(extension.passwords.get(0)).contains(extension.role);
        assertThat(extension.refused.get()).isZero();
    }

    @Test
    void withoutTheSessionTokenTheExtensionRefusesAndTheConnectSaysWhy() throws Exception {
        Extension extension = extension();
        Map<String, String> env = extension.environment();
        env.remove("AWS_SESSION_TOKEN");
        try (ConnectorDataSource ds = ConnectorDataSource.builder().host(db.host()).port(db.port())
                .database(PostgresServer.APP_DATABASE).strategy(PoolingStrategy.UNPOOLED).shutdownHook(false)
                .credentials(SecretsManagerCredentials.of(extension.secretId, env)).build()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
                    .rootCause().hasMessageContaining("HTTP 401").hasMessageContaining("AWS_SESSION_TOKEN is not set");
        }
        assertThat(extension.refused.get()).isEqualTo(1);
    }

    @Test
    void noInvocationFailsWhileTheSecretRotates() throws Exception {
        // Given a function whose connector reads the secret (TTL 5 min: only a refusal makes it read again)
        Extension extension = extension();
        String app = Apps.uniqueName();
        Map<String, String> env = extension.environment();
        env.put("PGAPPNAME", app);
        SecretsManagerCredentials secrets = SecretsManagerCredentials.of(extension.secretId, env);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger invocations = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        try (CapturedOutput out = new CapturedOutput();
             LambdaConnector connector = LambdaConnector.of(secrets.configure(ConnectorDataSource.builder())
                     .environment(env).build())) {
            // When invocations run on 4 threads and the password rotates three times meanwhile
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        try (Invocation invocation = connector.begin(new TestContext(10_000));
                             Connection c = connector.getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT current_user")) {
                            rs.next();
                            invocations.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (int i = 0; i < 3; i++) {
                awaitInvocations(invocations, invocations.get() + 15, failures);
                extension.rotate();
            }
            awaitInvocations(invocations, invocations.get() + 15, failures);
            running.set(false);
            for (Thread thread : threads) {
                thread.join(60_000);
            }

            // Then none failed, the secret was read again after the rotations and not once per invocation,
            // and no password was printed
            assertThat(failures).isEmpty();
            assertThat(extension.reads.get()).isBetween(1 + 3, 1 + 3 * 4 + 1);
            assertThat(out.text()).doesNotContain(extension.passwords);
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).isZero();
    }

    private static void awaitInvocations(AtomicInteger count, int target, List<Throwable> failures) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count.get() < target && failures.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count.get() + " invocations; expected " + target);
            }
            Thread.sleep(5);
        }
    }
}
