package dev.connector.diagnose;

import dev.connector.internal.diagnose.SchemaPrivileges;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's backstop for what the schema guard cannot see (functions, procedures): whether the
 * application's role could change the schema at all, asked of the server.
 */
class DoctorSchemaPrivilegesTest {

    private static final String RUNTIME_ROLE = "doctor_runtime";
    private static final String RUNTIME_PASSWORD = "rt-Pw9#doctor";
    private static PostgresServer db;

    @BeforeAll
    static void leastPrivilegeRole() throws Exception {
        db = TestDatabase.shared();
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + RUNTIME_ROLE + "') THEN "
                + "CREATE ROLE " + RUNTIME_ROLE + " LOGIN PASSWORD '" + RUNTIME_PASSWORD + "'; END IF; END $$");
        try (Connection c = db.admin(PostgresServer.APP_DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS doctor_orders (id bigint)");
            s.execute("ALTER TABLE doctor_orders OWNER TO " + PostgresServer.APP_USER);
            s.execute("GRANT USAGE ON SCHEMA public TO " + RUNTIME_ROLE);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + RUNTIME_ROLE);
        }
    }

    private static String doctor(String user, String password) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String url = "postgres://" + user + ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@" + db.host() + ":" + db.port() + "/" + PostgresServer.APP_DATABASE;
        Doctor.run(Map.of("DATABASE_URL", url), new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(password);
        return output;
    }

    @Test
    void warnsThatARoleWhichOwnsItsTablesAndCanCreateCanChangeTheSchemaWhateverTheGuardSees() {
        String output = doctor(PostgresServer.APP_USER, PostgresServer.APP_PASSWORD);
        assertThat(output)
                .contains("[WARN] schema privileges: connector_app can create objects in schema(s) public")
                .containsPattern("owns \\d+ table\\(s\\), view\\(s\\) or sequence\\(s\\), so may alter or drop them")
                .contains("can create schemas in this database")
                .contains("not inside functions, procedures, triggers or rules")
                .contains("CREATE ROLE app_runtime LOGIN");
    }

    @Test
    void findsNothingToWarnAboutForALeastPrivilegeRuntimeRole() {
        String output = doctor(RUNTIME_ROLE, RUNTIME_PASSWORD);
        assertThat(output).contains("[ OK ] schema privileges: doctor_runtime cannot create, alter or drop schema objects here");
    }

    @Test
    void callsASuperuserWhatItIs() throws Exception {
        SchemaPrivileges.Report report;
        try (Connection c = db.admin(PostgresServer.APP_DATABASE)) {
            report = SchemaPrivileges.read(c);
        }
        assertThat(report.status()).isEqualTo("warn");
        assertThat(report.detail()).contains("is a superuser").contains("can create roles").contains("can create databases");
    }
}
