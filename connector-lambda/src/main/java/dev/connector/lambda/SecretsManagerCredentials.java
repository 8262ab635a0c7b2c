package dev.connector.lambda;

import dev.connector.ConnectorDataSource;
import dev.connector.Credentials;
import dev.connector.CredentialsSupplier;
import dev.connector.lambda.internal.FlatJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Database credentials from a Secrets Manager secret in RDS's JSON shape ({@code username}, {@code password},
 * and {@code host}, {@code port}, {@code dbname} when present), read through the AWS Parameters and Secrets
 * Lambda Extension's local HTTP endpoint ({@code localhost:2773}, or {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT})
 * with the {@code X-Aws-Parameters-Secrets-Token} header set to {@code AWS_SESSION_TOKEN}: no AWS SDK.
 *
 * <p>The connector keeps the answer for {@link #ttl} (default 5 minutes; the extension has its own cache in
 * front, {@code SECRETS_MANAGER_TTL}, 300 s by default) and reads it again at once when the database refuses
 * the password (28P01), so a rotation fails no invocation that a second read saves.
 *
 * <pre>{@code
 * static final LambdaConnector DB = LambdaConnector.of(
 *         SecretsManagerCredentials.of("prod/orders/db").configure(ConnectorDataSource.builder()).build());
 * }</pre>
 */
public final class SecretsManagerCredentials implements CredentialsSupplier {

    /** The parts of an RDS secret; the password is never shown by {@link #toString()}. */
    public record RdsSecret(String username, String password, Optional<String> host, Optional<Integer> port,
                            Optional<String> dbname) {
        @Override
        public String toString() {
            return "RdsSecret{username=" + username + ", password=***, host=" + host.orElse("-") + ", port="
                    + port.map(String::valueOf).orElse("-") + ", dbname=" + dbname.orElse("-") + "}";
        }
    }

    static final int DEFAULT_PORT = 2773;
    private static final int TIMEOUT_MILLIS = 2_000;

    private final String secretId;
    private final URI endpoint;
    private final String token;
    private final Duration ttl;
    private final Clock clock;

    private SecretsManagerCredentials(String secretId, URI endpoint, String token, Duration ttl, Clock clock) {
        this.secretId = secretId;
        this.endpoint = endpoint;
        this.token = token;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The secret {@code secretId} (its name or ARN), through the extension of this process's environment. */
    public static SecretsManagerCredentials of(String secretId) {
        return of(secretId, System.getenv());
    }

    /** As {@link #of(String)}, with the extension's port and the session token from {@code environment}. */
    public static SecretsManagerCredentials of(String secretId, Map<String, String> environment) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("a Secrets Manager secret id (name or ARN) is needed; got "
                    + (secretId == null ? "null" : "a blank one"));
        }
        String portText = environment.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: got '"
                    + portText.substring(0, Math.min(portText.length(), 20)) + "'; allowed: a port, 1 to 65535");
        }
        URI endpoint = URI.create("http://localhost:" + port + "/secretsmanager/get?secretId="
                + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
        return new SecretsManagerCredentials(secretId, endpoint, environment.get("AWS_SESSION_TOKEN"),
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** How long the connector keeps an answer before reading the secret again; at least 1 s. */
    public SecretsManagerCredentials ttl(Duration ttl) {
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the secret's TTL must be at least 1s; got " + ttl);
        }
        return new SecretsManagerCredentials(secretId, endpoint, token, ttl, clock);
    }

    /** Reads the secret now, from the extension. */
    public RdsSecret read() throws IOException {
        HttpURLConnection http = (HttpURLConnection) endpoint.toURL().openConnection();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        if (token != null) {
            http.setRequestProperty("X-Aws-Parameters-Secrets-Token", token);
        }
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw new IOException("the Parameters and Secrets extension at " + endpoint.getAuthority()
                        + " answered HTTP " + status + " for secret " + secretId + (token == null
                        ? "; AWS_SESSION_TOKEN is not set, and the extension needs it" : "")
                        + ". Check that the function has the extension layer and secretsmanager:GetSecretValue on it");
            }
            Map<String, String> answer;
            try (InputStream in = http.getInputStream()) {
                answer = FlatJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            String secretString = answer.get("SecretString");
            if (secretString == null) {
                throw new IOException("secret " + secretId + " has no SecretString (a binary secret?); expected RDS's JSON shape");
            }
            return rdsSecret(FlatJson.parse(secretString));
        } catch (IllegalArgumentException e) {
            throw new IOException("secret " + secretId + " is not in RDS's JSON shape: " + e.getMessage());
        } finally {
            http.disconnect();
        }
    }

    private RdsSecret rdsSecret(Map<String, String> s) throws IOException {
        String username = s.get("username");
        String password = s.get("password");
        if (username == null || username.isEmpty() || password == null) {
            throw new IOException("secret " + secretId + " lacks " + (username == null || username.isEmpty()
                    ? "username" : "password") + "; expected RDS's JSON shape: username, password, host, port, dbname");
        }
        Optional<Integer> port;
        try {
            port = Optional.ofNullable(s.get("port")).map(p -> Integer.valueOf(p.trim()));
        } catch (NumberFormatException e) {
            throw new IOException("secret " + secretId + ": port is not a number");
        }
        return new RdsSecret(username, password, Optional.ofNullable(s.get("host")), port,
                Optional.ofNullable(s.get("dbname")));
    }

    /** The secret's user and password, valid for the connector for {@link #ttl}. */
    @Override
    public Credentials get() throws IOException {
        RdsSecret s = read();
        return Credentials.expiring(s.username(), s.password(), clock.instant().plus(ttl));
    }

    /**
     * Reads the secret once and sets the builder's host, port and database from it where the secret has them,
     * and this supplier as its credentials.
     */
    public ConnectorDataSource.Builder configure(ConnectorDataSource.Builder builder) throws IOException {
        Objects.requireNonNull(builder, "builder");
        RdsSecret s = read();
        s.host().ifPresent(builder::host);
        s.port().ifPresent(builder::port);
        s.dbname().ifPresent(builder::database);
        return builder.credentials(this);
    }

    @Override
    public String toString() {
        return "SecretsManagerCredentials{" + secretId + " via " + endpoint.getAuthority() + ", ttl=" + ttl + "}";
    }
}
