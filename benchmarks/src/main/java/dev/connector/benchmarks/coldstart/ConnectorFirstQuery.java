package dev.connector.benchmarks.coldstart;

import dev.connector.ConnectorDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A fresh JVM's first query through the connector, as a function would run it: {@code fromEnvironment()} in an
 * AWS Lambda environment (so UNPOOLED, schema guard on), one connection, {@code SELECT 1}.
 */
public final class ConnectorFirstQuery {

    private ConnectorFirstQuery() {
    }

    public static void main(String[] args) throws Exception {
        ConnectorDataSource db = ConnectorDataSource.fromEnvironment();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            System.out.println("first row " + rs.getInt(1));
        }
        // after the measured part: the CPU time this process (JIT and GC threads included) spent until here
        System.out.println("cpu ns " + ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos());
    }
}
