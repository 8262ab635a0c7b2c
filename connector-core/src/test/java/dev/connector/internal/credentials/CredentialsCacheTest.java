package dev.connector.internal.credentials;

import dev.connector.Credentials;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When the cache asks the supplier again: pure logic, on a clock the test moves. */
class CredentialsCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger reads = new AtomicInteger();

    private CredentialsCache cacheOf(Duration lifetime) {
        return new CredentialsCache(() -> {
            int n = reads.incrementAndGet();
            return lifetime == null ? Credentials.of("u", "p" + n)
                    : Credentials.expiring("u", "p" + n, clock.instant().plus(lifetime));
        }, clock, "u@h:5432/d");
    }

    @Test
    void keepsCredentialsWithoutExpiryUntilTheServerRefusesThem() throws SQLException {
        CredentialsCache cache = cacheOf(null);
        Credentials first = cache.current();
        clock.now = T0.plus(Duration.ofDays(400));
        assertThat(cache.current()).isSameAs(first);
        assertThat(reads.get()).isEqualTo(1);

        Credentials next = cache.afterRefusal(first);
        assertThat(next.password()).isEqualTo("p2");
        assertThat(cache.current()).isSameAs(next);
    }

    @Test
    void asksAgainAMinuteBeforeA15MinuteTokenExpires() throws SQLException {
        CredentialsCache cache = cacheOf(Duration.ofMinutes(15));
        cache.current();
        clock.now = T0.plus(Duration.ofMinutes(14)).minusMillis(1);
        cache.current();
        assertThat(reads.get()).isEqualTo(1);
        clock.now = T0.plus(Duration.ofMinutes(14));
        assertThat(cache.current().password()).isEqualTo("p2");
    }

    @Test
    void asksAgainAQuarterBeforeShortLivedCredentialsExpire() throws SQLException {
        CredentialsCache cache = cacheOf(Duration.ofSeconds(40));
        cache.current();
        clock.now = T0.plusSeconds(30).minusMillis(1);
        cache.current();
        assertThat(reads.get()).isEqualTo(1);
        clock.now = T0.plusSeconds(30);
        cache.current();
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aRefusalAlreadyHandledByAnotherThreadDoesNotAskAgain() throws SQLException {
        CredentialsCache cache = cacheOf(null);
        Credentials stale = cache.current();
        Credentials fresh = cache.afterRefusal(stale);
        assertThat(cache.afterRefusal(stale)).isSameAs(fresh);
        assertThat(reads.get()).isEqualTo(2);
    }
}
