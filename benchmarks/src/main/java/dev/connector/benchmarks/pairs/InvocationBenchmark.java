package dev.connector.benchmarks.pairs;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.ConnectorDataSource;
import dev.connector.SchemaPolicy;
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
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One invocation's database work on the pooled (Managed Instances) path over the stub driver: borrow, prepare,
 * execute, close. Through connector-lambda (begin, borrow, statement, close, end), through core alone (the
 * same ConnectorDataSource BOUNDED, no invocation scope), and through raw HikariCP. Read the ratios, not the
 * numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class InvocationBenchmark {

    private HikariDataSource raw;
    private ConnectorDataSource core;
    private ConnectorDataSource underLambda;
    private LambdaConnector lambda;
    private final Context context = new FixedContext();

    @Setup
    public void setUp() throws SQLException {
        raw = Pools.rawHikari(2);
        core = Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, true);
        underLambda = Pools.connector(2, SchemaPolicy.REFUSE_AT_STARTUP, true);
        lambda = LambdaConnector.of(underLambda);
        try (Invocation first = lambda.begin(context)) {
            cycle(lambda);
        }
    }

    @TearDown
    public void tearDown() {
        lambda.close();
        core.close();
        raw.close();
    }

    private static int cycle(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StatementCycleBenchmark.SQL);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Benchmark
    public int rawHikari() throws SQLException {
        return cycle(raw);
    }

    @Benchmark
    public int coreAlone() throws SQLException {
        return cycle(core);
    }

    @Benchmark
    public int throughLambda() throws SQLException {
        try (Invocation invocation = lambda.begin(context)) {
            return cycle(lambda);
        }
    }

    /** A Context with a fixed 15 minutes left: only the remaining time and the request id are read. */
    static final class FixedContext implements Context {
        @Override public String getAwsRequestId() { return "bench"; }
        @Override public String getLogGroupName() { return "bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "bench"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "bench"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 900_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
