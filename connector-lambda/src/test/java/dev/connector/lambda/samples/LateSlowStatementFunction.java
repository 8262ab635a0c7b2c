package dev.connector.lambda.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function whose slow statement comes late: short statements on one connection for a while, then, on the
 * same connection, one that would run for a minute. The event says how many short ones, and a marker for the
 * slow one's text so that the test can look for it on the server.
 */
public class LateSlowStatementFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final LambdaConnector DB = LambdaConnector.fromEnvironment();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Invocation invocation = DB.begin(context);
             Connection c = DB.getConnection(); Statement s = c.createStatement()) {
            int shortOnes = ((Number) event.getOrDefault("short", 0)).intValue();
            for (int i = 0; i < shortOnes; i++) {
                s.execute("SELECT pg_sleep(0.15)");
            }
            out.put("remainingBeforeSlow", context.getRemainingTimeInMillis());
            if (event.get("marker") != null) {
                s.execute("SELECT pg_sleep(60) /* " + event.get("marker") + " */");
            }
            return out;
        } catch (SQLException e) {
            throw new RuntimeException(e.getMessage(), e);
        }
    }
}
