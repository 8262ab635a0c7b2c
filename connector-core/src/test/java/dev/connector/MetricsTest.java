package dev.connector;

import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters after real work against the real server: connects, failures, retries, refusals, the pool's own. */
class MetricsTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String app = "m-" + UUID.randomUUID().toString().substring(0, 8);

    private ConnectorDataSource.Builder builder(PoolingStrategy strategy) {
        return ConnectorDataSource.builder().url(db.appJdbcUrl()).user(PostgresServer.APP_USER)
                .password(PostgresServer.APP_PASSWORD).applicationName(app).strategy(strategy)
                .shutdownHook(false).meterRegistry(registry);
    }

    private Timer connects(String outcome) {
        return registry.get("connector.connect").tag("name", app).tag("outcome", outcome).timer();
    }

    private double counter(String name, String kind) {
        return registry.get(name).tag("name", app).tag("kind", kind).counter().count();
    }

    @Test
    void countsEachUnpooledConnectAsASuccessfulPhysicalConnect() throws Exception {
        try (ConnectorDataSource ds = builder(PoolingStrategy.UNPOOLED).build()) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    c.isValid(1);
                }
            }
        }
        assertThat(connects("success").count()).isEqualTo(3);
        assertThat(connects("success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(connects("failure").count()).isZero();
    }

    @Test
    void countsARefusedPasswordAsAnAuthenticationFailureWithoutRetrying() throws Exception {
        try (ConnectorDataSource ds = builder(PoolingStrategy.UNPOOLED).password("not-the-password").build()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(ConnectionFailedException.class);
        }
        assertThat(connects("failure").count()).isEqualTo(1);
        assertThat(counter("connector.connect.failures", "authentication_failed")).isEqualTo(1);
        assertThat(counter("connector.connect.retries", "authentication_failed")).isZero();
    }

    @Test
    void countsEveryAttemptAndRetryAgainstAPortNobodyListensOn() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ConnectorDataSource ds = builder(PoolingStrategy.UNPOOLED).port(closedPort)
                .retryDeadline(Duration.ofMillis(800)).set(ConnectorProperty.RETRY_INITIAL_BACKOFF, "20ms").build()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(ConnectionFailedException.class);
        }
        double retries = counter("connector.connect.retries", "connection_refused");
        assertThat(retries).isGreaterThanOrEqualTo(1);
        assertThat(counter("connector.connect.failures", "connection_refused")).isEqualTo(retries + 1);
        assertThat(connects("failure").count()).isEqualTo((long) retries + 1);
    }

    @Test
    void countsSchemaChangesTheGuardRefuses() throws Exception {
        try (ConnectorDataSource ds = builder(PoolingStrategy.UNPOOLED).schemaPolicy(SchemaPolicy.REFUSE).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE metrics_refused (id int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            s.execute("SELECT 1");
        }
        assertThat(registry.get("connector.guard.refusals").tag("name", app).counter().count()).isEqualTo(1);
        assertThat(db.tableExists("metrics_refused")).isFalse();
    }

    @Test
    void boundedCountsThePoolsPhysicalConnectsAndWiresHikarisOwnMeters() throws Exception {
        // pgjdbc itself, counting the physical connections it hands out: the oracle
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        org.postgresql.Driver pgjdbc = new org.postgresql.Driver();
        java.sql.Driver counting = new java.sql.Driver() {
            public Connection connect(String url, java.util.Properties info) throws java.sql.SQLException {
                Connection c = pgjdbc.connect(url, info);
                opened.incrementAndGet();
                return c;
            }
            public boolean acceptsURL(String url) { return pgjdbc.acceptsURL(url); }
            public java.sql.DriverPropertyInfo[] getPropertyInfo(String u, java.util.Properties i) throws java.sql.SQLException {
                return pgjdbc.getPropertyInfo(u, i);
            }
            public int getMajorVersion() { return pgjdbc.getMajorVersion(); }
            public int getMinorVersion() { return pgjdbc.getMinorVersion(); }
            public boolean jdbcCompliant() { return false; }
            public java.util.logging.Logger getParentLogger() { return java.util.logging.Logger.getGlobal(); }
        };
        try (ConnectorDataSource ds = builder(PoolingStrategy.BOUNDED).driver(counting).maxPoolSize(2)
                .set(ConnectorProperty.MIN_IDLE, "2").build()) {
            try (Connection c = ds.getConnection()) {
                c.isValid(1);
            }
            db.awaitSessions(app, 2, Duration.ofSeconds(30));
            // every physical connection the pool's factory opened was counted once
            assertThat(connects("success").count()).isEqualTo(opened.get()).isGreaterThanOrEqualTo(2);
            String pool = "connector-" + app;
            Gauge total = registry.get("hikaricp.connections").tag("pool", pool).gauge();
            assertThat(total.value()).isEqualTo(2);
            assertThat(registry.get("hikaricp.connections.acquire").tag("pool", pool).timer().count()).isEqualTo(1);
        }
    }

    @Test
    void withoutARegistryNothingIsCounted() throws Exception {
        try (ConnectorDataSource ds = ConnectorDataSource.builder().url(db.appJdbcUrl()).user(PostgresServer.APP_USER)
                .password(PostgresServer.APP_PASSWORD).applicationName(app).strategy(PoolingStrategy.UNPOOLED)
                .shutdownHook(false).build(); Connection c = ds.getConnection()) {
            assertThat(ds.unwrap(dev.connector.internal.metrics.ConnectorMetrics.class))
                    .isSameAs(dev.connector.internal.metrics.ConnectorMetrics.NONE);
        }
        assertThat(registry.getMeters()).isEmpty();
    }
}
