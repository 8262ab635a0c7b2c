package dev.connector.benchmarks.pairs;

import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * What a user gets without configuring anything: getConnection() then close() on HikariCP as it comes against
 * ConnectorDataSource as it comes (a server runtime, so BOUNDED), only the pool size fixed to 4 on both, over the
 * in-process stub driver; with one thread, and with eight on the pool of four. Unlike the configured-alike pairs,
 * every default differs where the two libraries' defaults differ (leak detection, idle connections, lifetimes).
 * Read the pairs, not the absolute numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DefaultsBenchmark {

    private HikariDataSource hikari;
    private ConnectorDataSource connector;

    @Setup
    public void setUp() throws SQLException {
        hikari = Pools.hikariAsItComes(4);
        connector = Pools.connectorAsItComes(4);
    }

    @TearDown
    public void tearDown() {
        hikari.close();
        connector.close();
    }

    @Benchmark
    public Connection hikariDefaults() throws SQLException {
        try (Connection c = hikari.getConnection()) {
            return c;
        }
    }

    @Benchmark
    public Connection connectorDefaults() throws SQLException {
        try (Connection c = connector.getConnection()) {
            return c;
        }
    }

    @Benchmark
    @Threads(8)
    public Connection hikariDefaultsContended() throws SQLException {
        try (Connection c = hikari.getConnection()) {
            return c;
        }
    }

    @Benchmark
    @Threads(8)
    public Connection connectorDefaultsContended() throws SQLException {
        try (Connection c = connector.getConnection()) {
            return c;
        }
    }
}
