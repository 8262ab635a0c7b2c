package dev.connector.benchmarks.pairs;

import dev.connector.ConnectorDataSource;
import dev.connector.Deadline;
import dev.connector.SchemaPolicy;
import dev.connector.benchmarks.support.FixedContext;
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
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * An invocation's borrow on the pooled (Managed Instances) path over the stub driver (no I/O), where a
 * borrow costs about a microsecond and connector-lambda's own work would show: begin, getConnection, close,
 * end through connector-lambda, against getConnection(deadline), close through core alone on a pool
 * configured alike. Read the ratio, not the numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class InvocationBorrowBenchmark {


    private ConnectorDataSource core;
    private LambdaConnector lambda;
    private final FixedContext context = new FixedContext();

    @Setup
    public void setUp() throws SQLException {
        core = Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, true);
        lambda = LambdaConnector.of(Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, true));
    }

    @TearDown
    public void tearDown() {
        lambda.close();
        core.close();
    }

    @Benchmark
    public Connection coreAlone() throws SQLException {
        try (Connection c = core.getConnection(Deadline.after(FixedContext.DEADLINE))) {
            return c;
        }
    }

    @Benchmark
    public Connection throughLambda() throws SQLException {
        try (Invocation invocation = lambda.begin(context); Connection c = lambda.getConnection()) {
            return c;
        }
    }
}
