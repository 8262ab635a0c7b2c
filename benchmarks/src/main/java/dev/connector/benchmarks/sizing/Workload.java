package dev.connector.benchmarks.sizing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What each operation of the sizing suite runs on the connection it borrowed. */
public interface Workload {

    String name();

    /** Once, before the sweep: create what the workload needs. */
    default void prepare(Connection c) throws SQLException {
    }

    void run(Connection c) throws SQLException;

    static Workload named(String name, Path sqlFile) throws IOException {
        if (sqlFile != null) {
            return file(sqlFile);
        }
        switch (name) {
            case "select1":
                return simple("select1", "SELECT 1");
            case "sleep":
                return simple("sleep (2 ms on the server)", "SELECT pg_sleep(0.002)");
            case "mixed":
                return new Mixed();
            default:
                throw new IllegalArgumentException("--workload takes select1, sleep or mixed (or --sql FILE), got '" + name + "'");
        }
    }

    private static Workload simple(String name, String sql) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(Connection c) throws SQLException {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                }
            }
        };
    }

    /** The user's own SQL: statements separated by semicolons at the end of a line, run in order. */
    private static Workload file(Path path) throws IOException {
        List<String> statements = new ArrayList<>();
        for (String part : Files.readString(path).split(";\\s*(\\r?\\n|$)")) {
            if (!part.isBlank()) {
                statements.add(part.trim());
            }
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("--sql " + path + " has no statement");
        }
        return new Workload() {
            @Override
            public String name() {
                return "file " + path.getFileName() + " (" + statements.size() + " statements)";
            }

            @Override
            public void run(Connection c) throws SQLException {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                }
            }
        };
    }

    /** 80% point reads and 20% updates on a scratch table of 10,000 rows. */
    final class Mixed implements Workload {
        private static final int ROWS = 10_000;

        @Override
        public String name() {
            return "mixed (80% reads, 20% updates on a scratch table)";
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS sizing_scratch (id int PRIMARY KEY, v bigint NOT NULL)");
                s.execute("INSERT INTO sizing_scratch SELECT g, 0 FROM generate_series(1, " + ROWS + ") g ON CONFLICT DO NOTHING");
            }
        }

        @Override
        public void run(Connection c) throws SQLException {
            int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
            boolean write = ThreadLocalRandom.current().nextInt(5) == 0;
            try (PreparedStatement p = c.prepareStatement(write
                    ? "UPDATE sizing_scratch SET v = v + 1 WHERE id = ?" : "SELECT v FROM sizing_scratch WHERE id = ?")) {
                p.setInt(1, id);
                p.execute();
            }
        }
    }
}
