package dev.connector;

import com.zaxxer.hikari.pool.HikariProxyConnection;
import dev.connector.internal.guard.GuardedConnection;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.jdbc.PgConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.connector.RuntimeDetectionTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The cold-start schema guard, against a real server: a refused statement never reaches it. */
class SchemaGuardTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    interface JdbcCall {
        void run(Connection c, String sql) throws SQLException;
    }

    static Stream<Arguments> everyWayToSendSql() {
        return Stream.of(
                arguments("Statement.execute", (JdbcCall) (c, sql) -> c.createStatement().execute(sql)),
                arguments("Statement.execute with keys", (JdbcCall) (c, sql) -> c.createStatement().execute(sql, Statement.RETURN_GENERATED_KEYS)),
                arguments("Statement.executeUpdate", (JdbcCall) (c, sql) -> c.createStatement().executeUpdate(sql)),
                arguments("Statement.executeUpdate with columns", (JdbcCall) (c, sql) -> c.createStatement().executeUpdate(sql, new String[] {"id"})),
                arguments("Statement.executeLargeUpdate", (JdbcCall) (c, sql) -> c.createStatement().executeLargeUpdate(sql)),
                arguments("Statement.executeQuery", (JdbcCall) (c, sql) -> c.createStatement().executeQuery(sql)),
                arguments("Statement.addBatch", (JdbcCall) (c, sql) -> {
                    Statement s = c.createStatement();
                    s.addBatch(sql);
                    s.executeBatch();
                }),
                arguments("Connection.prepareStatement", (JdbcCall) (c, sql) -> c.prepareStatement(sql).execute()),
                arguments("Connection.prepareStatement with keys", (JdbcCall) (c, sql) -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS).execute()),
                arguments("Connection.prepareCall", (JdbcCall) (c, sql) -> c.prepareCall(sql).execute()),
                arguments("scrollable Statement", (JdbcCall) (c, sql) -> c.createStatement(
                        java.sql.ResultSet.TYPE_SCROLL_INSENSITIVE, java.sql.ResultSet.CONCUR_READ_ONLY).execute(sql)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWayToSendSql")
    void refusesCreateTableDuringColdStartThroughEveryJdbcEntryPoint(String way, JdbcCall call) throws Exception {
        String table = "guarded_" + UUID.randomUUID().toString().substring(0, 8);
        try (ConnectorDataSource ds = Apps.fromPlatform(db, Apps.LAMBDA, Apps.uniqueName()).build();
             Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> call.run(c, "/* init */ CREATE TABLE " + table + " (id bigint)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            assertThat(db.tableExists(table)).isFalse();
        }
    }

    @Test
    void theRefusalSaysWhatWhyWhatInsteadAndHowToAllowIt() throws Exception {
        try (ConnectorDataSource ds = Apps.fromPlatform(db, Apps.LAMBDA, Apps.uniqueName()).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT 1; CREATE INDEX orders_idx ON orders (id)"))
                    .isInstanceOf(SchemaChangeRefusedException.class)
                    .hasMessageContaining("Refused a schema change while the application is starting in a serverless runtime (AWS Lambda)")
                    .hasMessageContaining("\"CREATE INDEX orders_idx ON orders (id)\" creates a schema object (CREATE INDEX)")
                    .hasMessageContaining("cold start")
                    .hasMessageContaining("run migrations")
                    .hasMessageContaining("connector.schemaPolicy=allow (CONNECTOR_SCHEMA_POLICY=allow)")
                    .hasMessageContaining("markReady()")
                    .satisfies(e -> {
                        SchemaChangeRefusedException r = (SchemaChangeRefusedException) e;
                        assertThat(r.getSQLState()).isEqualTo("55000");
                        assertThat(r.statement()).isEqualTo("CREATE INDEX orders_idx ON orders (id)");
                    });
        }
    }

    @Test
    void allowsQueriesDmlAndTemporaryTablesDuringColdStart() throws Exception {
        try (ConnectorDataSource ds = Apps.fromPlatform(db, Apps.LAMBDA, Apps.uniqueName()).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE scratch (id int)");
            s.executeUpdate("INSERT INTO scratch VALUES (1), (2)");
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM scratch WHERE id > ?")) {
                p.setInt(1, 0);
                var rs = p.executeQuery();
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            s.execute("SELECT * INTO TEMP scratch2 FROM scratch");
            assertThat(s.getConnection()).isSameAs(c);
        }
    }

    @Test
    void markReadyEndsTheStartupPhaseAndHandsOutUnwrappedConnections() throws Exception {
        String table = "after_ready_" + UUID.randomUUID().toString().substring(0, 8);
        try (ConnectorDataSource ds = Apps.fromPlatform(db, Apps.LAMBDA, Apps.uniqueName()).build()) {
            Connection duringStartup = ds.getConnection();
            assertThat(duringStartup).isInstanceOf(GuardedConnection.class);
            assertThat(ds.isSchemaGuardActive()).isTrue();

            ds.markReady();
            ds.markReady(); // idempotent

            assertThat(ds.isSchemaGuardActive()).isFalse();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(c).isInstanceOf(PgConnection.class); // the strategy's own: no wrapper, no cost
                s.execute("CREATE TABLE " + table + " (id bigint)");
            }
            // a connection borrowed during start-up follows the phase too
            duringStartup.createStatement().execute("DROP TABLE " + table);
            duringStartup.close();
            assertThat(db.tableExists(table)).isFalse();
        }
    }

    @Test
    void policyRefuseRefusesEvenAfterStartup() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).schemaPolicy(SchemaPolicy.REFUSE).build()) {
            ds.markReady();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("DROP TABLE IF EXISTS anything"))
                        .isInstanceOf(SchemaChangeRefusedException.class)
                        .hasMessageContaining("because connector.schemaPolicy is refuse");
            }
        }
    }

    @Test
    void policyAllowLetsAServerlessAppChangeItsSchemaAtStartup() throws Exception {
        String table = "allowed_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = with(Apps.LAMBDA, "CONNECTOR_SCHEMA_POLICY", "allow");
        try (ConnectorDataSource ds = Apps.fromPlatform(db, env, Apps.uniqueName()).build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(c).isInstanceOf(PgConnection.class);
            s.execute("CREATE TABLE " + table + " (id bigint)");
            s.execute("DROP TABLE " + table);
        }
    }

    @Test
    void onAServerSchemaChangesAreAllowedWithoutAnyWrapper() throws Exception {
        try (ConnectorDataSource ds = Apps.builder(db, Apps.uniqueName()).strategy(PoolingStrategy.BOUNDED).build();
             Connection c = ds.getConnection()) {
            assertThat(c).isInstanceOf(HikariProxyConnection.class);
            assertThatCode(() -> c.createStatement().execute("CREATE TEMP TABLE t (a int); DROP TABLE t"))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aPooledServerlessAppIsGuardedUntilReadyThenGetsHikarisOwnConnections() throws Exception {
        Map<String, String> managed = with(Apps.LAMBDA, "AWS_LAMBDA_MAX_CONCURRENCY", "4");
        try (ConnectorDataSource ds = Apps.fromPlatform(db, managed, Apps.uniqueName()).build()) {
            assertThat(ds.strategy()).isEqualTo(PoolingStrategy.BOUNDED);
            try (Connection c = ds.getConnection()) {
                assertThat(c).isInstanceOf(GuardedConnection.class);
                assertThatThrownBy(() -> c.createStatement().execute("TRUNCATE orders"))
                        .isInstanceOf(SchemaChangeRefusedException.class);
            }
            ds.markReady();
            try (Connection c = ds.getConnection()) {
                assertThat(c).isInstanceOf(HikariProxyConnection.class);
            }
        }
    }
}
