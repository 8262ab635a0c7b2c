package dev.connector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user and its password (or token, such as an RDS IAM token), with an optional expiry: what a
 * {@link CredentialsSupplier} gives the connector for each physical connection. The secret is never shown by
 * {@link #toString()}.
 */
public final class Credentials {

    private final String user;
    private final String password;
    private final Instant expiresAt;

    private Credentials(String user, String password, Instant expiresAt) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("credentials need a user name; got " + (user == null ? "null" : "an empty one"));
        }
        this.user = user;
        this.password = Objects.requireNonNull(password, "password (use \"\" for none)");
        this.expiresAt = expiresAt;
    }

    /** Credentials that do not expire: asked for again only after an authentication failure. */
    public static Credentials of(String user, String password) {
        return new Credentials(user, password, null);
    }

    /**
     * Credentials valid until {@code expiresAt}: the connector asks for new ones shortly before (a minute, or a
     * quarter of the time left when it was given, whichever is less).
     */
    public static Credentials expiring(String user, String password, Instant expiresAt) {
        return new Credentials(user, password, Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    public String user() {
        return user;
    }

    /** The password or token. */
    public String password() {
        return password;
    }

    /** When they stop working, if they do. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && user.equals(c.user) && password.equals(c.password)
                && Objects.equals(expiresAt, c.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, expiresAt);
    }

    @Override
    public String toString() {
        return "Credentials{user=" + user + ", password=***" + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "}";
    }
}
