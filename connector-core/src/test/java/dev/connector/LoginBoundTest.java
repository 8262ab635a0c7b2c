package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.FaultProxy;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Guarantee: getConnection() returns or fails within the connect timeout (plus the retry deadline for transient
 * failures), whatever the network does during the login, TLS negotiation included. The target is 127.0.0.1, so
 * sslmode is pgjdbc's default, prefer: a TLS request first, then, if it times out, a second login without TLS.
 */
class LoginBoundTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** What a loaded 2-core machine may add to a bound: scheduling, a first connect in a fresh JVM. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void aPeerThatAcceptsAndNeverAnswersFailsTheLoginWithinTheConnectTimeout(PoolingStrategy strategy) throws Exception {
        // Given a path that accepts TCP connections and never answers (the TLS request included)
        try (FaultProxy proxy = FaultProxy.to(db).blackhole();
             ConnectorDataSource ds = through(proxy, Apps.uniqueName(), strategy).retryDeadline(Duration.ZERO).build()) {
            // When a connection is asked for
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection)
                    .isInstanceOfSatisfying(ConnectionFailedException.class,
                            e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT));
            // Then it fails within the connect timeout, not twice it (TLS, then again without)
            assertThat(since(start)).isBetween(CONNECT_TIMEOUT.minusMillis(100), CONNECT_TIMEOUT.plus(SLACK));
        }
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void aSilentPeerIsRetriedOnlyUntilTheRetryDeadline(PoolingStrategy strategy) throws Exception {
        Duration retryDeadline = Duration.ofSeconds(3);
        try (FaultProxy proxy = FaultProxy.to(db).blackhole();
             ConnectorDataSource ds = through(proxy, Apps.uniqueName(), strategy).retryDeadline(retryDeadline).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT));
            assertThat(since(start)).isLessThan(retryDeadline.plus(CONNECT_TIMEOUT).plus(SLACK));
        }
    }

    @ParameterizedTest
    @EnumSource(PoolingStrategy.class)
    void aSlowLinkCannotStretchTheLoginBeyondTheConnectTimeout(PoolingStrategy strategy) throws Exception {
        // Given a link that holds every packet 700 ms: each read is short, the login of 4+ round trips is not
        String app = Apps.uniqueName();
        try (FaultProxy proxy = FaultProxy.to(db).latency(Duration.ofMillis(700));
             ConnectorDataSource ds = through(proxy, app, strategy).retryDeadline(Duration.ZERO).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOfSatisfying(ConnectionFailedException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT));
            assertThat(since(start)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
            // And the half-done login leaves nothing on the server
            db.awaitSessions(app, 0, Duration.ofSeconds(10));
            // And once the link is fast again, logins work
            proxy.latency(Duration.ZERO);
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    private static ConnectorDataSource.Builder through(FaultProxy proxy, String app, PoolingStrategy strategy) {
        return Apps.builder(db, app).url(proxy.appJdbcUrl()).strategy(strategy).connectTimeout(CONNECT_TIMEOUT);
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
