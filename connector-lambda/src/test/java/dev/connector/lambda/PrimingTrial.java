package dev.connector.lambda;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One cold start in a fresh JVM, for {@link PrimingTest}: builds the connector as a function's init does
 * (priming on or off), then times the first invocation's first query. Prints "init=MS first=MS".
 * Arguments: databaseUrl primed(true|false).
 */
public final class PrimingTrial {

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders",
                "AWS_EXECUTION_ENV", "AWS_Lambda_java17", "DATABASE_URL", args[0],
                "CONNECTOR_LAMBDA_PRIMING", args[1], "CONNECTOR_SHUTDOWN_HOOK", "false"));
        long start = System.nanoTime();
        LambdaConnector connector = LambdaConnector.fromEnvironment(env);
        long initDone = System.nanoTime();
        try (Invocation invocation = connector.begin(new TestContext(30_000));
             Connection c = connector.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
        long firstQueryDone = System.nanoTime();
        System.out.println("init=" + (initDone - start) / 1_000_000 + " first=" + (firstQueryDone - initDone) / 1_000_000);
        connector.close();
    }
}
