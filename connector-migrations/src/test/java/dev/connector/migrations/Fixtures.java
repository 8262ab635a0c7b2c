package dev.connector.migrations;

import dev.connector.ConnectorDataSource;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A schema of its own per test, migration folders, a session that holds a lock, and a stream of queries. */
final class Fixtures {

    private Fixtures() {
    }

    static String uniqueSchema() {
        return "m_" + Apps.uniqueName().substring(2).replace('-', '_');
    }

    /** A plain pgjdbc connection to the app database as the app role, not through the connector. */
    static Connection app(PostgresServer server, String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", PostgresServer.APP_PASSWORD);
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(server.appJdbcUrl(), p);
    }

    static void exec(PostgresServer server, String... statements) throws SQLException {
        try (Connection c = app(server, "fixture"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static String queryOne(PostgresServer server, String sql) throws SQLException {
        try (Connection c = app(server, "fixture"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static ConnectorDataSource.Builder connection(PostgresServer server, String applicationName) {
        return Apps.builder(server, applicationName);
    }

    /** Writes a migration file into the folder (created if missing) and returns the folder. */
    static Path write(Path folder, String name, String sql) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), sql);
        return folder;
    }

    /** A session in an open transaction holding a lock, until closed. */
    static final class Blocker implements AutoCloseable {
        private final Connection c;

        Blocker(PostgresServer server, String applicationName, String lockingStatement) throws SQLException {
            c = app(server, applicationName);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(lockingStatement);
            }
        }

        @Override
        public void close() throws SQLException {
            c.rollback();
            c.close();
        }
    }

    /** Queries on a table, back to back on their own connection, recording the slowest; until closed. */
    static final class QueryStream implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong slowestNanos = new AtomicLong();
        private final AtomicLong count = new AtomicLong();
        private final Thread thread;
        private volatile Throwable failure;

        QueryStream(PostgresServer server, String table) throws SQLException {
            Connection c = app(server, "query-stream");
            thread = new Thread(() -> {
                try (c; Statement s = c.createStatement()) {
                    long i = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        if (i++ % 2 == 0) {
                            s.executeQuery("SELECT count(*) FROM " + table).close();
                        } else {
                            s.executeUpdate("UPDATE " + table + " SET note = note WHERE id = " + (i % 100));
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        count.incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "query-stream");
            thread.setDaemon(true);
            thread.start();
        }

        long slowestMillis() {
            return slowestNanos.get() / 1_000_000;
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            if (failure != null) {
                throw new AssertionError("the query stream failed: " + failure, failure);
            }
        }
    }
}
