package dev.connector.lambda.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** A function as a user writes it, driven by the scenario named in the event's "action". */
public class OrdersFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final LambdaConnector DB = LambdaConnector.fromEnvironment();

    /** The anti-pattern SnapStart punishes: a connection opened during init and kept. */
    private static final Connection HELD_FROM_INIT = "true".equals(System.getenv("SAMPLE_HOLD_IN_INIT")) ? open() : null;
    private static final int HELD_PID = HELD_FROM_INIT == null ? 0 : pidQuietly(HELD_FROM_INIT);

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Invocation invocation = DB.begin(context)) {
            switch (String.valueOf(event.get("action"))) {
                case "select" -> {
                    try (Connection c = DB.getConnection()) {
                        out.put("pid", pid(c));
                    }
                }
                case "leak" -> {
                    Connection forgotten = DB.getConnection();
                    out.put("pid", pid(forgotten));
                }
                case "sleep" -> {
                    try (Connection c = DB.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(" + event.get("seconds") + ")");
                    }
                }
                case "held" -> {
                    out.put("heldPid", HELD_PID);
                    out.put("heldClosed", HELD_FROM_INIT.isClosed());
                }
                case "concurrent" -> {
                    try (Connection c = DB.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(0.3)");
                        out.put("pid", pid(c));
                        out.put("thread", Thread.currentThread().getName());
                    }
                }
                default -> throw new IllegalArgumentException("unknown action " + event.get("action"));
            }
            return out;
        } catch (SQLException e) {
            throw new RuntimeException(e.getMessage(), e);
        } catch (Exception e) {
            throw new RuntimeException(e.toString(), e);
        }
    }

    private static Connection open() {
        try {
            return DB.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static int pidQuietly(Connection c) {
        try {
            return pid(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
