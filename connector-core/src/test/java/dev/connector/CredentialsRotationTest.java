package dev.connector;

import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Passwords that change while connections are being made: the server's password is changed with
 * {@code ALTER ROLE ... PASSWORD}, and the secret store the supplier reads is changed with it, while 8 threads
 * borrow. The connector's cached credentials go stale at that moment; the 28P01 re-read must save every borrow.
 */
class CredentialsRotationTest {

    private static final int THREADS = 8;
    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    /** A role of its own, and a secret store that changes together with the server, as a rotation does. */
    static final class SecretStore implements CredentialsSupplier {
        final String role = "rot_" + UUID.randomUUID().toString().substring(0, 8);
        final List<String> passwords = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        private String current;

        SecretStore() {
            current = newPassword();
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + current + "'",
                    "GRANT CONNECT ON DATABASE " + PostgresServer.APP_DATABASE + " TO " + role);
        }

        private String newPassword() {
            String p = "secret-" + UUID.randomUUID();
            passwords.add(p);
            return p;
        }

        /** The server and the store change at once; a connector holding the old password is now stale. */
        synchronized void rotate() {
            String next = newPassword();
            db.execute("ALTER ROLE " + role + " PASSWORD '" + next + "'");
            current = next;
        }

        @Override
        public synchronized Credentials get() {
            reads.incrementAndGet();
            return Credentials.of(role, current);
        }
    }

    private static ConnectorDataSource.Builder builder(SecretStore store, String app, PoolingStrategy strategy) {
        return ConnectorDataSource.builder()
                .url(db.appJdbcUrl()).credentials(store).applicationName(app)
                .strategy(strategy).shutdownHook(false);
    }

    private static String app() {
        return "rot-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void unpooledBorrowsNeverFailWhilePasswordRotatesUnderLoad() throws Exception {
        // Given 8 threads borrowing from an UNPOOLED DataSource whose supplier reads a secret store
        SecretStore store = new SecretStore();
        String app = app();
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = builder(store, app, PoolingStrategy.UNPOOLED).build()) {
            // When the password is rotated three times mid-run
            Load load = Load.start(ds, THREADS);
            for (int i = 0; i < 3; i++) {
                load.awaitBorrows(load.borrows() + 24, Duration.ofSeconds(60));
                store.rotate();
            }
            load.awaitBorrows(load.borrows() + 24, Duration.ofSeconds(60));
            load.stop();

            // Then no borrow failed, the store was read again after each rotation (not once per connect),
            // every session logged in as the role, and no password was printed
            assertThat(load.failures).isEmpty();
            assertThat(store.reads.get()).isBetween(4, 4 + 3 * THREADS);
            assertThat(load.users).containsExactly(store.role);
            assertThat(out.text()).doesNotContain(store.passwords);
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).isZero();
    }

    @Test
    void boundedBorrowsNeverFailAndOldConnectionsKeepWorkingWhilePasswordRotates() throws Exception {
        // Given a BOUNDED pool of up to 8, with one connection taken before the rotation and held
        SecretStore store = new SecretStore();
        String app = app();
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = builder(store, app, PoolingStrategy.BOUNDED)
                     .maxPoolSize(THREADS + 1).set(ConnectorProperty.ACQUIRE_TIMEOUT, "5s").build()) {
            Connection old = ds.getConnection();
            int oldPid = pid(old);
            Load warmUp = Load.start(ds, 1);
            warmUp.awaitBorrows(20, Duration.ofSeconds(60));
            Set<Integer> pidsBefore = Set.copyOf(warmUp.pids);
            warmUp.stop();

            // When the password rotates, then 8 threads make the pool grow, and it rotates again meanwhile
            store.rotate();
            Load load = Load.start(ds, THREADS);
            load.awaitBorrows(200, Duration.ofSeconds(60));
            store.rotate();
            load.awaitBorrows(load.borrows() + 200, Duration.ofSeconds(60));
            load.stop();

            // Then no borrow failed; the pool opened new connections after the rotation (with the new password:
            // the old one no longer logs in), and the connection from before it still works
            assertThat(load.failures).isEmpty();
            assertThat(load.pids).as("connections opened after the rotation").isNotEmpty()
                    .anyMatch(pid -> !pidsBefore.contains(pid));
            assertThat(pid(old)).isEqualTo(oldPid);
            old.close();
            assertThat(store.reads.get()).isBetween(2, 3 + 2 * THREADS);
            assertThat(out.text()).doesNotContain(store.passwords);
        }
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(10))).isZero();
    }

    @Test
    void aPasswordTheServerRefusesFailsAfterOneMoreReadWithoutShowingIt() throws Exception {
        // Given a supplier whose password the server does not accept
        SecretStore store = new SecretStore();
        AtomicInteger reads = new AtomicInteger();
        String wrong = "wrong-" + UUID.randomUUID();
        String app = app();
        try (CapturedOutput out = new CapturedOutput();
             ConnectorDataSource ds = builder(store, app, PoolingStrategy.UNPOOLED).credentials(() -> {
                 reads.incrementAndGet();
                 return Credentials.of(store.role, wrong);
             }).build()) {
            // When a connection is asked for, Then it fails as an authentication failure after exactly two reads
            assertThatThrownBy(ds::getConnection).isInstanceOf(ConnectionFailedException.class)
                    .satisfies(e -> {
                        assertThat(((ConnectionFailedException) e).kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
                        assertThat(e.getMessage()).doesNotContain(wrong);
                    });
            assertThat(reads.get()).isEqualTo(2);
            assertThat(out.text()).doesNotContain(wrong);
        }
    }

    @Test
    void aSupplierThatFailsFailsTheConnectWithItsCauseAndNoSecret() throws Exception {
        // Given a supplier that cannot reach its secret store
        IllegalStateException unreachable = new IllegalStateException("secret store unreachable");
        try (ConnectorDataSource ds = ConnectorDataSource.builder().url(db.appJdbcUrl()).applicationName(app())
                .strategy(PoolingStrategy.UNPOOLED).shutdownHook(false).credentials(() -> {
                    throw unreachable;
                }).build()) {
            // Then the connect fails with 28000, naming the supplier, the supplier's exception chained
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("credentials supplier")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
                    .hasRootCause(unreachable);
        }
    }

    @Test
    void aPasswordAndASupplierTogetherAreRefusedAtBuild() {
        assertThatThrownBy(() -> ConnectorDataSource.builder().url(db.appJdbcUrl()).password("static-secret-x")
                .credentials(() -> Credentials.of("u", "p")).shutdownHook(false).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("credentials supplier")
                .hasMessageNotContaining("static-secret-x");
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Threads that borrow, run one query, and return, until stopped; every failure is kept. */
    static final class Load {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final Set<String> users = ConcurrentHashMap.newKeySet();
        final Set<Integer> pids = ConcurrentHashMap.newKeySet();
        private final AtomicInteger borrows = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads;
        private final CountDownLatch done;

        private Load(ConnectorDataSource ds, int count) {
            threads = Executors.newFixedThreadPool(count);
            done = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                threads.execute(() -> {
                    try {
                        while (running.get()) {
                            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                                 ResultSet rs = s.executeQuery("SELECT current_user, pg_backend_pid()")) {
                                rs.next();
                                users.add(rs.getString(1));
                                pids.add(rs.getInt(2));
                                borrows.incrementAndGet();
                            } catch (Throwable t) {
                                failures.add(t);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
        }

        static Load start(ConnectorDataSource ds, int count) {
            return new Load(ds, count);
        }

        int borrows() {
            return borrows.get();
        }

        void awaitBorrows(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (borrows.get() < count && failures.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(borrows.get() + " borrows in " + timeout + "; expected " + count);
                }
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
