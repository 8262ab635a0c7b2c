package dev.connector.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness starts servers whose behaviour later tests rely on to reproduce real failures. */
class TestDatabaseTest {

    @Test
    void theSharedServerIsARealPostgresql17WithScramLogins() throws Exception {
        PostgresServer db = TestDatabase.shared();
        try (Connection c = app(db, PostgresServer.APP_PASSWORD, "disable")) {
            assertThat(c.getMetaData().getDatabaseProductVersion()).startsWith("17.");
        }
        assertThatThrownBy(() -> app(db, "wrong", "disable"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void startsAServerWhosePgHbaRejectsTheClient() throws Exception {
        try (PostgresServer db = TestDatabase.start(ServerSettings.defaults().hba("host all all 127.0.0.1/32 reject",
                "host all all ::1/128 reject"))) {
            assertThatThrownBy(() -> app(db, PostgresServer.APP_PASSWORD, "disable"))
                    .hasMessageContaining("pg_hba.conf rejects connection")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
        }
    }

    @Test
    void startsAServerThatAcceptsOnlySslConnections() throws Exception {
        try (PostgresServer db = TestDatabase.start(ServerSettings.defaults().ssl()
                .hba("hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256"))) {
            assertThatThrownBy(() -> app(db, PostgresServer.APP_PASSWORD, "disable"))
                    .hasMessageContaining("no encryption")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
            try (Connection c = app(db, PostgresServer.APP_PASSWORD, "require")) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void startsAServerWithFewConnectionSlots() throws Exception {
        try (PostgresServer db = TestDatabase.start(ServerSettings.defaults().maxConnections(5))) {
            // 5 max_connections - 3 reserved for superusers = 2 for the app role
            List<Connection> held = new ArrayList<>();
            held.add(app(db, PostgresServer.APP_PASSWORD, "disable"));
            held.add(app(db, PostgresServer.APP_PASSWORD, "disable"));
            assertThatThrownBy(() -> app(db, PostgresServer.APP_PASSWORD, "disable"))
                    .hasMessageContaining("remaining connection slots are reserved")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("53300"));
            for (Connection c : held) {
                c.close();
            }
        }
    }

    private static Connection app(PostgresServer db, String password, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", password);
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + db.port() + "/" + PostgresServer.APP_DATABASE, p);
    }
}
