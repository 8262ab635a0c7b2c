package dev.connector.testing;

import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM for the SIGTERM test: builds a ConnectorDataSource, borrows connections and holds them
 * until the process is killed. Arguments: jdbcUrl user password applicationName strategy count shutdownHook
 * [statement]: with a statement, each connection runs it on a thread of its own (say, {@code SELECT pg_sleep(60)}).
 */
public final class HoldConnections {

    public static void main(String[] args) throws Exception {
        ConnectorDataSource ds = ConnectorDataSource.builder()
                .environment(Map.of())
                .url(args[0]).user(args[1]).password(args[2]).applicationName(args[3])
                .strategy(PoolingStrategy.valueOf(args[4]))
                .shutdownHook(Boolean.parseBoolean(args[6]))
                .build();
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[5]); i++) {
            Connection c = ds.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            held.add(c);
            if (args.length > 7) {
                Thread t = new Thread(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(args[7]);
                    } catch (Exception endedByShutdown) {
                        // expected: the shutdown hook cancels it
                    }
                });
                t.setDaemon(true);
                t.start();
            }
        }
        System.out.println("READY " + held.size());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
