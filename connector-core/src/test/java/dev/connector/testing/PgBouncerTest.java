package dev.connector.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness starts a real PgBouncer with SCRAM in front of the embedded server, in both pool modes. */
class PgBouncerTest {

    @Test
    void logsInThroughPgBouncerInTransactionModeWithTheServersScramSecret() throws Exception {
        PostgresServer db = TestDatabase.shared();
        try (PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).poolSize(2).start(db);
             Connection c = app(bouncer, PostgresServer.APP_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, inet_server_port()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(PostgresServer.APP_USER);
            assertThat(rs.getInt(2)).as("the session is on the real server behind PgBouncer").isEqualTo(db.port());
        }
    }

    @Test
    void refusesAWrongPasswordAndStopsByItsPidfile() throws Exception {
        PgBouncer bouncer = PgBouncer.in(PgBouncer.Mode.SESSION).start(TestDatabase.shared());
        try {
            assertThatThrownBy(() -> app(bouncer, "wrong")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SASL authentication failed");
        } finally {
            bouncer.close();
        }
        assertThatThrownBy(() -> app(bouncer, PostgresServer.APP_PASSWORD))
                .hasMessageContaining("Connection to 127.0.0.1:" + bouncer.port() + " refused");
    }

    static Connection app(PgBouncer bouncer, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PostgresServer.APP_USER);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(bouncer.appJdbcUrl(), p);
    }
}
