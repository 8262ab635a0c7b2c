package dev.connector.diagnose;

import dev.connector.FailureKind;
import dev.connector.testing.PgBouncer;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor tells PgBouncer from PostgreSQL without logging in, and says how each timeout will be applied. */
class DoctorBehindAPoolerTest {

    private static PostgresServer db;
    private static PgBouncer bouncer;

    @BeforeAll
    static void servers() {
        db = TestDatabase.shared();
        bouncer = PgBouncer.in(PgBouncer.Mode.TRANSACTION).start(db);
    }

    @AfterAll
    static void stop() {
        bouncer.close();
    }

    private static Map<String, String> env(int port, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://" + PostgresServer.APP_USER + ":"
                + URLEncoder.encode(PostgresServer.APP_PASSWORD, StandardCharsets.UTF_8) + "@127.0.0.1:" + port + "/"
                + PostgresServer.APP_DATABASE);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String[] run(Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Doctor.run(env, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain(PostgresServer.APP_PASSWORD);
        return new String[] {String.valueOf(code), out};
    }

    @Test
    void detectsPgBouncerAndItsPoolModeAndSaysHowEachTimeoutWillBeApplied() {
        String[] r = run(env(bouncer.port(), "CONNECTOR_POOLER", "pgbouncer-transaction",
                "CONNECTOR_STATEMENT_TIMEOUT", "5s", "CONNECTOR_LOCK_TIMEOUT", "2s"));
        assertThat(r[1]).contains("[ OK ] pooler: PgBouncer answers on 127.0.0.1:" + bouncer.port()
                + " (it refused a made-up startup parameter before any login, as PostgreSQL never does); "
                + "connector.pooler=pgbouncer-transaction [CONNECTOR_POOLER]: "
                + "statementTimeout per statement by a cancel request, lockTimeout by SET LOCAL at the start of each "
                + "explicit transaction");
        assertThat(r[0]).as(r[1]).isEqualTo("0");
    }

    @Test
    void warnsWhenPgBouncerAnswersButThePoolerIsNotSetAndNamesTheValueToSet() {
        String[] r = run(env(bouncer.port()));
        assertThat(r[1]).contains("[WARN] pooler: PgBouncer answers on 127.0.0.1:" + bouncer.port())
                .contains("but connector.pooler=none [default]")
                .contains("fix: set connector.pooler=pgbouncer-transaction or pgbouncer-session, as its pool_mode "
                        + "(environment CONNECTOR_POOLER)");
    }

    @Test
    void withTimeoutsAndNoPoolerTheLoginStopsAtTheRefusedOptions() {
        String[] r = run(env(bouncer.port(), "CONNECTOR_STATEMENT_TIMEOUT", "5s"));
        assertThat(r[0]).isEqualTo(String.valueOf(Doctor.exitCode(FailureKind.POOLER_UNSUPPORTED_PARAMETER)));
        assertThat(r[1]).contains("[FAIL] login: the pooler refused a startup parameter");
    }

    @Test
    void saysPostgresqlItselfIsNotPgBouncer() {
        String[] r = run(env(db.port()));
        assertThat(r[1]).contains("[ OK ] pooler: not PgBouncer: connector.pooler=none [default]: no session timeouts "
                + "configured");
    }
}
