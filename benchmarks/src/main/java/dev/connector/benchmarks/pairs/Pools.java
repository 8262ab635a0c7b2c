package dev.connector.benchmarks.pairs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.SchemaPolicy;
import dev.connector.benchmarks.stub.StubDataSource;
import dev.connector.benchmarks.stub.StubDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The pools of a pair, configured alike so that only the connector's own code differs. */
final class Pools {

    private Pools() {
    }

    /** Raw HikariCP over the stub, with the settings ConnectorDataSource gives its pool. */
    static HikariDataSource rawHikari(int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("raw");
        c.setDataSource(new StubDataSource());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.setMaxLifetime(600_000);
        c.setIdleTimeout(180_000);
        c.setKeepaliveTime(120_000);
        c.setLeakDetectionThreshold(60_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /** ConnectorDataSource BOUNDED over the stub, started (its pool is lazy) and past start-up. */
    static ConnectorDataSource connector(int size, SchemaPolicy policy, boolean ready) throws SQLException {
        ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of())
                .url(StubDriver.URL).user("bench").driver(new StubDriver())
                .strategy(PoolingStrategy.BOUNDED).maxPoolSize(size).schemaPolicy(policy).shutdownHook(false)
                .build();
        try (Connection warm = ds.getConnection()) {
            warm.isValid(1);
        }
        if (ready) {
            ds.markReady();
        }
        return ds;
    }
}
