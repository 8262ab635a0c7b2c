package dev.connector.internal.credentials;

import dev.connector.Credentials;
import dev.connector.CredentialsSupplier;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The credentials of new physical connections: the supplier's last answer, kept until shortly before it expires,
 * and replaced once when the server refuses it. Reads of a fresh answer take no lock.
 */
public final class CredentialsCache {

    /** SQLState of a refused password (invalid_password). */
    public static final String INVALID_PASSWORD = "28P01";

    /** Ask again this long before expiry at most: a connect under way must not carry expired credentials. */
    static final Duration MAX_REFRESH_AHEAD = Duration.ofMinutes(1);

    private final CredentialsSupplier supplier;
    private final Clock clock;
    private final String target;
    private volatile Held held;

    private record Held(Credentials credentials, Instant refreshAt) {
    }

    public CredentialsCache(CredentialsSupplier supplier, Clock clock, String target) {
        this.supplier = supplier;
        this.clock = clock;
        this.target = target;
    }

    /** The credentials to connect with now. */
    public Credentials current() throws SQLException {
        Held h = held;
        if (h != null && (h.refreshAt == null || clock.instant().isBefore(h.refreshAt))) {
            return h.credentials;
        }
        synchronized (this) {
            h = held;
            if (h != null && (h.refreshAt == null || clock.instant().isBefore(h.refreshAt))) {
                return h.credentials;
            }
            return fetch().credentials;
        }
    }

    /**
     * The server refused {@code refused}: the credentials to try once more. When another thread has already
     * replaced them, its answer is used without asking again.
     */
    public Credentials afterRefusal(Credentials refused) throws SQLException {
        synchronized (this) {
            Held h = held;
            if (h != null && !h.credentials.equals(refused)) {
                return h.credentials;
            }
            return fetch().credentials;
        }
    }

    private Held fetch() throws SQLException {
        Credentials c;
        try {
            c = supplier.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(e);
        } catch (Exception e) {
            throw failure(e);
        }
        if (c == null) {
            throw new SQLException("the credentials supplier for " + target + " returned null", "28000");
        }
        Held h = new Held(c, c.expiresAt().map(this::refreshAt).orElse(null));
        held = h;
        return h;
    }

    private Instant refreshAt(Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt);
        Duration ahead = left.isNegative() ? Duration.ZERO : left.dividedBy(4);
        return expiresAt.minus(ahead.compareTo(MAX_REFRESH_AHEAD) < 0 ? ahead : MAX_REFRESH_AHEAD);
    }

    private SQLException failure(Exception e) {
        return new SQLException("could not get credentials for " + target + " from the credentials supplier ("
                + e.getClass().getName() + "); check the supplier's source of secrets", "28000", e);
    }
}
