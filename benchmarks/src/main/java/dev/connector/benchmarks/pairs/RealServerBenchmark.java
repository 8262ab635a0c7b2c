package dev.connector.benchmarks.pairs;

import dev.connector.ConnectorConfig;
import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.benchmarks.support.FixedContext;
import dev.connector.benchmarks.support.Target;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;
import com.amazonaws.services.lambda.runtime.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * On a real PostgreSQL (embedded, scram-sha-256 logins): a physical connect and close, raw pgjdbc against
 * the connector's UNPOOLED getConnection() with the same session settings; and one serverless invocation
 * (acquire, SELECT 1, close) for UNPOOLED against BOUNDED with one connection, which shows what a connect
 * per invocation costs, and for connector-lambda's warm mode (one connection kept across invocations)
 * against both. Read the ratios, not the absolute numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RealServerBenchmark {

    private Target target;
    private Driver driver;
    private Properties rawProperties;
    private ConnectorDataSource unpooled;
    private ConnectorDataSource bounded;
    private LambdaConnector warm;
    private final Context context = new FixedContext();

    @Setup
    public void setUp() throws Exception {
        target = Target.embedded(50);
        driver = new org.postgresql.Driver();
        rawProperties = new Properties();
        rawProperties.setProperty("user", target.user());
        rawProperties.setProperty("password", target.password());
        rawProperties.setProperty("ApplicationName", "bench-raw");
        // the raw twin gets the connector's own defaults, read from its configuration rather than copied
        ConnectorConfig defaults = ConnectorConfig.builder().environment(Map.of()).url(target.url()).build();
        String connectSeconds = String.valueOf(defaults.connectTimeout().toSeconds());
        rawProperties.setProperty("connectTimeout", connectSeconds);
        rawProperties.setProperty("socketTimeout", connectSeconds); // the login is bounded by the connect timeout
        rawProperties.setProperty("tcpKeepAlive", String.valueOf(defaults.tcpKeepAlive()));
        unpooled = connector(PoolingStrategy.UNPOOLED, "bench-unpooled");
        bounded = connector(PoolingStrategy.BOUNDED, "bench-bounded");
        Map<String, String> env = new HashMap<>(Map.of("AWS_LAMBDA_FUNCTION_NAME", "bench",
                "AWS_EXECUTION_ENV", "AWS_Lambda_java17", "DATABASE_URL", target.url(), "PGUSER", target.user(),
                "PGAPPNAME", "bench-warm", "CONNECTOR_SHUTDOWN_HOOK", "false", "CONNECTOR_LAMBDA_WARM", "true",
                "CONNECTOR_LAMBDA_SHUTDOWN_EXTENSION", "false", "CONNECTOR_LAMBDA_PRIMING", "false"));
        env.put("PGPASSWORD", target.password());
        warm = LambdaConnector.fromEnvironment(env);
    }

    private ConnectorDataSource connector(PoolingStrategy strategy, String name) {
        return ConnectorDataSource.builder().environment(Map.of()).url(target.url()).user(target.user())
                .password(target.password()).applicationName(name).strategy(strategy).maxPoolSize(1)
                .shutdownHook(false).build();
    }

    @TearDown
    public void tearDown() throws Exception {
        unpooled.close();
        bounded.close();
        warm.close();
        target.close();
    }

    @Benchmark
    public Connection rawConnect() throws SQLException {
        try (Connection c = driver.connect(target.url(), rawProperties)) {
            return c;
        }
    }

    @Benchmark
    public Connection unpooledConnect() throws SQLException {
        try (Connection c = unpooled.getConnection()) {
            return c;
        }
    }

    private static int invocation(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public int invocationUnpooled() throws SQLException {
        return invocation(unpooled);
    }

    @Benchmark
    public int invocationBoundedOne() throws SQLException {
        return invocation(bounded);
    }

    /** Warm mode: begin, borrow the kept connection, SELECT 1, give it back, end. */
    @Benchmark
    public int invocationWarm() throws SQLException {
        try (Invocation invocation = warm.begin(context)) {
            return invocation(warm);
        }
    }
}
