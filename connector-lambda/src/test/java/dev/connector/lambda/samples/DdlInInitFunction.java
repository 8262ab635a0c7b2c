package dev.connector.lambda.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.connector.lambda.LambdaConnector;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** The failure of seed 003: a function that creates its tables in static init, on every cold start. */
public class DdlInInitFunction implements RequestHandler<Map<String, Object>, String> {

    private static final LambdaConnector DB = LambdaConnector.fromEnvironment();

    static {
        try (Connection c = DB.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS created_in_init (id bigint PRIMARY KEY)");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
