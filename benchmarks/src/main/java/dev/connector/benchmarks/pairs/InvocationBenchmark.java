package dev.connector.benchmarks.pairs;

import com.amazonaws.services.lambda.runtime.Context;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.Deadline;
import dev.connector.PoolingStrategy;
import dev.connector.benchmarks.support.FixedContext;
import dev.connector.benchmarks.support.Target;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One invocation's database work on the pooled (Managed Instances) path, on a real PostgreSQL (embedded): a
 * borrow, a prepared {@code SELECT 1}, close. Through connector-lambda (begin, borrow, statement, end), through
 * core alone (the same ConnectorDataSource BOUNDED with the same deadline, no invocation scope), and through
 * raw HikariCP with the same pool settings. A real server, because core bounds every statement by the
 * deadline through pgjdbc's own statement class, which the stub driver does not have. Read the ratios, not
 * the numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class InvocationBenchmark {


    private Target target;
    private HikariDataSource raw;
    private ConnectorDataSource core;
    private LambdaConnector lambda;
    private final Context context = new FixedContext();

    @Setup
    public void setUp() throws Exception {
        target = Target.embedded(50);
        HikariConfig config = new HikariConfig();
        config.setPoolName("raw");
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        config.setLeakDetectionThreshold(60_000);
        config.addDataSourceProperty("ApplicationName", "bench-raw");
        raw = new HikariDataSource(config);
        core = pool("bench-core");
        lambda = LambdaConnector.of(pool("bench-lambda"));
        try (Invocation first = lambda.begin(context)) {
            cycle(lambda);
        }
        cycle(raw);
    }

    private ConnectorDataSource pool(String name) throws SQLException {
        ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of()).url(target.url())
                .user(target.user()).password(target.password()).applicationName(name)
                .strategy(PoolingStrategy.BOUNDED).maxPoolSize(2).shutdownHook(false).build();
        ds.markReady();
        return ds;
    }

    @TearDown
    public void tearDown() throws Exception {
        lambda.close();
        core.close();
        raw.close();
        target.close();
    }

    private static int cycle(Connection borrowed) throws SQLException {
        try (Connection c = borrowed; PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static int cycle(DataSource ds) throws SQLException {
        return cycle(ds.getConnection());
    }

    @Benchmark
    public int rawHikari() throws SQLException {
        return cycle(raw);
    }

    @Benchmark
    public int coreAlone() throws SQLException {
        return cycle(core.getConnection(Deadline.after(FixedContext.DEADLINE)));
    }

    @Benchmark
    public int throughLambda() throws SQLException {
        try (Invocation invocation = lambda.begin(context)) {
            return cycle(lambda);
        }
    }
}
