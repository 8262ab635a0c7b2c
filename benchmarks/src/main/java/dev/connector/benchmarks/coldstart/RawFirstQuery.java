package dev.connector.benchmarks.coldstart;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** A fresh JVM's first query through raw pgjdbc, as it comes: DriverManager with the URL, user and password. */
public final class RawFirstQuery {

    private RawFirstQuery() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(System.getenv("JDBC_DATABASE_URL"), System.getenv("PGUSER"),
                System.getenv("PGPASSWORD"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            System.out.println("first row " + rs.getInt(1));
        }
        // after the measured part: the CPU time this process (JIT and GC threads included) spent until here
        System.out.println("cpu ns " + ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos());
    }
}
