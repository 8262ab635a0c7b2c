package dev.connector.benchmarks.pairs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;
import dev.connector.PoolingStrategy;
import dev.connector.SchemaPolicy;
import dev.connector.benchmarks.stub.StubDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The pools of the pairs, over the in-process stub driver. Two kinds of pair:
 * <ul>
 *   <li><b>configured alike</b>: both pools are given the same explicit settings ({@link #ALIKE}), so that only
 *   the connector's own code differs;</li>
 *   <li><b>as they come</b>: HikariCP with its own defaults against ConnectorDataSource with its own defaults,
 *   only the pool size fixed to the same, which is what a user compares.</li>
 * </ul>
 * Neither raw twin copies the connector's defaults.
 */
final class Pools {

    /** The settings both pools of a configured-alike pair get, spelled out on each side. */
    static final Map<ConnectorProperty, String> ALIKE = Map.of(
            ConnectorProperty.MIN_IDLE, "1",
            ConnectorProperty.ACQUIRE_TIMEOUT, "10000",
            ConnectorProperty.MAX_LIFETIME, "600000",
            ConnectorProperty.IDLE_TIMEOUT, "180000",
            ConnectorProperty.KEEPALIVE_TIME, "120000",
            ConnectorProperty.LEAK_DETECTION_THRESHOLD, "0");

    private Pools() {
    }

    /** Raw HikariCP given {@link #ALIKE}. */
    static HikariDataSource rawHikari(int size) {
        HikariConfig c = stubHikari(size);
        c.setPoolName("raw");
        c.setMinimumIdle(Integer.parseInt(ALIKE.get(ConnectorProperty.MIN_IDLE)));
        c.setConnectionTimeout(Long.parseLong(ALIKE.get(ConnectorProperty.ACQUIRE_TIMEOUT)));
        c.setMaxLifetime(Long.parseLong(ALIKE.get(ConnectorProperty.MAX_LIFETIME)));
        c.setIdleTimeout(Long.parseLong(ALIKE.get(ConnectorProperty.IDLE_TIMEOUT)));
        c.setKeepaliveTime(Long.parseLong(ALIKE.get(ConnectorProperty.KEEPALIVE_TIME)));
        c.setLeakDetectionThreshold(Long.parseLong(ALIKE.get(ConnectorProperty.LEAK_DETECTION_THRESHOLD)));
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /** HikariCP as it comes: only the data source and the pool size. */
    static HikariDataSource hikariAsItComes(int size) {
        return new HikariDataSource(stubHikari(size));
    }

    private static HikariConfig stubHikari(int size) {
        HikariConfig c = new HikariConfig();
        c.setDriverClassName(StubDriver.class.getName());
        c.setJdbcUrl(StubDriver.URL);
        c.setMaximumPoolSize(size);
        return c;
    }

    /** ConnectorDataSource BOUNDED given {@link #ALIKE}, started (its pool is lazy) and past start-up. */
    static ConnectorDataSource connector(int size, SchemaPolicy policy, boolean ready) throws SQLException {
        ConnectorDataSource.Builder b = ConnectorDataSource.builder().environment(Map.of())
                .url(StubDriver.URL).user("bench").driver(new StubDriver())
                .strategy(PoolingStrategy.BOUNDED).maxPoolSize(size).schemaPolicy(policy).shutdownHook(false);
        ALIKE.forEach(b::set);
        return started(b.build(), ready);
    }

    /**
     * ConnectorDataSource as it comes on a server: the URL, the user, the stub driver and the pool size, nothing
     * else. Its runtime is detected from the process environment, as a user's would be.
     */
    static ConnectorDataSource connectorAsItComes(int size) throws SQLException {
        return started(ConnectorDataSource.builder().url(StubDriver.URL).user("bench").driver(new StubDriver())
                .maxPoolSize(size).build(), false);
    }

    private static ConnectorDataSource started(ConnectorDataSource ds, boolean ready) throws SQLException {
        try (Connection warm = ds.getConnection()) {
            warm.isValid(1);
        }
        if (ready) {
            ds.markReady();
        }
        return ds;
    }
}
