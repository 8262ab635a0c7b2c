package dev.connector.lambda.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.connector.lambda.Invocation;
import dev.connector.lambda.LambdaConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The same five lines in a RequestStreamHandler. */
public class StreamFunction implements RequestStreamHandler {

    private static final LambdaConnector DB = LambdaConnector.fromEnvironment();

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        try (Invocation invocation = DB.begin(context); Connection c = DB.getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            out.write(("{\"pid\":" + rs.getInt(1) + "}").getBytes(StandardCharsets.UTF_8));
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
