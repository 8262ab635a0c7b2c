package dev.connector.benchmarks.pairs;

import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.SchemaPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * prepareStatement, executeQuery, close on a borrowed connection over the stub driver: raw HikariCP, the
 * connector after start-up (its connections are HikariCP's own), and the connector during start-up with the
 * schema guard active (every statement is scanned: what the guard costs), all configured alike; and HikariCP as
 * it comes against the connector as it comes (a server runtime). Read the ratios, not the numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class StatementCycleBenchmark {

    static final String SQL = "SELECT id, customer_id, total FROM orders WHERE id = ? AND status <> 'cancelled'";

    private HikariDataSource rawPool;
    private ConnectorDataSource afterStartupPool;
    private ConnectorDataSource duringStartupPool;
    private HikariDataSource hikariDefaultsPool;
    private ConnectorDataSource connectorDefaultsPool;
    private Connection raw;
    private Connection afterStartup;
    private Connection duringStartup;
    private Connection hikariDefaults;
    private Connection connectorDefaults;

    @Setup
    public void setUp() throws SQLException {
        rawPool = Pools.rawHikari(2);
        afterStartupPool = Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, true);
        duringStartupPool = Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, false);
        hikariDefaultsPool = Pools.hikariAsItComes(2);
        connectorDefaultsPool = Pools.connectorAsItComes(2);
        raw = rawPool.getConnection();
        afterStartup = afterStartupPool.getConnection();
        duringStartup = duringStartupPool.getConnection();
        hikariDefaults = hikariDefaultsPool.getConnection();
        connectorDefaults = connectorDefaultsPool.getConnection();
    }

    @TearDown
    public void tearDown() throws SQLException {
        raw.close();
        afterStartup.close();
        duringStartup.close();
        hikariDefaults.close();
        connectorDefaults.close();
        rawPool.close();
        afterStartupPool.close();
        duringStartupPool.close();
        hikariDefaultsPool.close();
        connectorDefaultsPool.close();
    }

    private static int cycle(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Benchmark
    public int raw() throws SQLException {
        return cycle(raw);
    }

    @Benchmark
    public int wrappedAfterStartup() throws SQLException {
        return cycle(afterStartup);
    }

    @Benchmark
    public int wrappedDuringStartup() throws SQLException {
        return cycle(duringStartup);
    }

    @Benchmark
    public int hikariDefaults() throws SQLException {
        return cycle(hikariDefaults);
    }

    @Benchmark
    public int connectorDefaults() throws SQLException {
        return cycle(connectorDefaults);
    }
}
