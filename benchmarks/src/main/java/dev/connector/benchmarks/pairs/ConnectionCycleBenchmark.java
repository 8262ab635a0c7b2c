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
import org.openjdk.jmh.annotations.Threads;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * getConnection() then close() on an in-process stub driver (no I/O): raw HikariCP against
 * ConnectorDataSource BOUNDED configured alike, with one thread, and with eight threads on a pool of four
 * (contended). What differs is only the connector's hot path. Read the pairs (wrapped/raw), not the
 * absolute numbers: this machine is noisy.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ConnectionCycleBenchmark {

    private HikariDataSource raw;
    private ConnectorDataSource wrapped;

    @Setup
    public void setUp() throws SQLException {
        raw = Pools.rawHikari(4);
        wrapped = Pools.connector(4, SchemaPolicy.ALLOW, true);
    }

    @TearDown
    public void tearDown() {
        raw.close();
        wrapped.close();
    }

    @Benchmark
    public Connection raw() throws SQLException {
        try (Connection c = raw.getConnection()) {
            return c;
        }
    }

    @Benchmark
    public Connection wrapped() throws SQLException {
        try (Connection c = wrapped.getConnection()) {
            return c;
        }
    }

    @Benchmark
    @Threads(8)
    public Connection rawContended() throws SQLException {
        try (Connection c = raw.getConnection()) {
            return c;
        }
    }

    @Benchmark
    @Threads(8)
    public Connection wrappedContended() throws SQLException {
        try (Connection c = wrapped.getConnection()) {
            return c;
        }
    }
}
