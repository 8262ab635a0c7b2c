package dev.connector;

import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.jdbc.PgStatement;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The field report's bypasses of the schema guard (issue 9), each tried against a real server through a
 * guarded DataSource: the statement is refused and the table never appears.
 */
class SchemaGuardBypassTest {

    private static PostgresServer db;
    private static ConnectorDataSource ds;

    @BeforeAll
    static void guardedDataSource() {
        db = TestDatabase.shared();
        ds = Apps.builder(db, Apps.uniqueName()).schemaPolicy(SchemaPolicy.REFUSE).build();
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private static String table() {
        return "bypass_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-- migrate\rCREATE TABLE %s (a int)",
            "WITH insert AS (SELECT 1 AS a) SELECT a INTO %s FROM insert",
            "WITH update AS (SELECT 1 AS a) SELECT a INTO %s FROM update",
            "WITH delete AS (SELECT 1 AS a) SELECT a INTO %s FROM delete",
            "WITH merge AS (SELECT 1 AS a) SELECT a INTO %s FROM merge",
            "PREPARE p_%1$s AS SELECT 1 AS a INTO %1$s; EXECUTE p_%1$s",
            "SELECT 'a\\'' ; CREATE TABLE %s (a int); -- '",
            "SELECT 1 AS a INTO temp; DROP TABLE temp; CREATE TABLE %s (a int)",
    })
    void refusesWhatGotThroughInTheFieldReport(String template) throws Exception {
        String table = table();
        String sql = String.format(template, table);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SchemaChangeRefusedException.class);
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    @Test
    void refusesSelectIntoAfterAWordLimitThatNoLongerExists() throws Exception {
        String table = table();
        // 6,000 words (a server takes at most 1,664 columns, but any number of array elements)
        String sql = "SELECT ARRAY[" + "x, ".repeat(6_000) + "x] AS a INTO " + table + " FROM (SELECT 1 AS x) s";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SchemaChangeRefusedException.class);
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    @Test
    void refusesDdlHiddenByStandardConformingStringsSetInTheSession() throws Exception {
        String table = table();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET standard_conforming_strings = off");
            assertThatThrownBy(() -> s.execute("SELECT 'a\\'' ; CREATE TABLE " + table + " (a int); -- '"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            s.execute("SELECT set_config('standard_conforming_strings', 'on', false)");
            assertThatThrownBy(() -> s.execute("SELECT set_config('standard_conforming_strings', 'off', false), 'x\\';\n"
                    + "SELECT 'a\\'' INTO " + table + " --'"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            s.execute("RESET standard_conforming_strings");
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    @Test
    void aRefusedPrepareLeavesNothingToExecuteInLaterCallsNorUnderExplainAnalyze() throws Exception {
        String table = table();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("PREPARE p_" + table + " AS SELECT 1 AS a INTO " + table))
                    .isInstanceOf(SchemaChangeRefusedException.class)
                    .hasMessageContaining("prepares a statement that creates a table (SELECT ... INTO)");
            assertThatThrownBy(() -> s.execute("EXECUTE p_" + table))
                    .isNotInstanceOf(SchemaChangeRefusedException.class)
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> s.execute("EXPLAIN ANALYZE EXECUTE p_" + table))
                    .isNotInstanceOf(SchemaChangeRefusedException.class)
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> s.execute("CREATE TABLE " + table + " AS EXECUTE p_" + table))
                    .isInstanceOf(SchemaChangeRefusedException.class);
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    interface Reach {
        Connection from(Connection guarded) throws SQLException;
    }

    static Stream<Arguments> everyObjectThatLeadsBackToAConnection() {
        return Stream.of(
                arguments("Statement.getConnection()", (Reach) c -> c.createStatement().getConnection()),
                arguments("PreparedStatement.getConnection()", (Reach) c -> c.prepareStatement("SELECT 1").getConnection()),
                arguments("CallableStatement.getConnection()", (Reach) c -> c.prepareCall("{call pg_sleep(0)}").getConnection()),
                arguments("DatabaseMetaData.getConnection()", (Reach) c -> c.getMetaData().getConnection()),
                arguments("ResultSet.getStatement().getConnection()", (Reach) c -> {
                    ResultSet rs = c.createStatement().executeQuery("SELECT 1");
                    return rs.getStatement().getConnection();
                }),
                arguments("PreparedStatement's ResultSet.getStatement().getConnection()", (Reach) c -> {
                    ResultSet rs = c.prepareStatement("SELECT 1").executeQuery();
                    return rs.getStatement().getConnection();
                }),
                arguments("Statement.getResultSet().getStatement().getConnection()", (Reach) c -> {
                    Statement s = c.createStatement();
                    s.execute("SELECT 1");
                    return s.getResultSet().getStatement().getConnection();
                }),
                arguments("metadata ResultSet.getStatement().getConnection()", (Reach) c -> {
                    ResultSet rs = c.getMetaData().getTables(null, null, "%", null);
                    return rs.getStatement() == null ? c : rs.getStatement().getConnection();
                }),
                arguments("Array.getResultSet().getStatement().getConnection()", (Reach) c -> {
                    ResultSet rs = c.createStatement().executeQuery("SELECT ARRAY[1, 2]");
                    rs.next();
                    Array array = rs.getArray(1);
                    ResultSet elements = array.getResultSet();
                    return elements.getStatement() == null ? c : elements.getStatement().getConnection();
                }),
                arguments("refcursor ResultSet.getStatement().getConnection()", (Reach) c -> {
                    c.setAutoCommit(false);
                    Statement s = c.createStatement();
                    s.execute("DECLARE cur CURSOR FOR SELECT 1");
                    ResultSet rs = s.executeQuery("SELECT 'cur'::refcursor");
                    rs.next();
                    ResultSet cursor = (ResultSet) rs.getObject(1);
                    return cursor.getStatement().getConnection();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyObjectThatLeadsBackToAConnection")
    void everyObjectReachableFromAGuardedConnectionIsGuarded(String way, Reach reach) throws Exception {
        String table = table();
        try (Connection c = ds.getConnection()) {
            Connection back = reach.from(c);
            assertThat(back).as(way).isNotInstanceOf(PgConnection.class);
            assertThatThrownBy(() -> back.createStatement().execute("CREATE TABLE " + table + " (a int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            assertThatThrownBy(() -> back.prepareStatement("CREATE TABLE " + table + " (a int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            c.setAutoCommit(true);
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    @Test
    void refusesUnwrappingToDriverTypesWhileTheGuardIsActive() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             PreparedStatement p = c.prepareStatement("SELECT 1"); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(c.isWrapperFor(PGConnection.class)).isFalse();
            assertThat(s.isWrapperFor(PgStatement.class)).isFalse();
            assertThatThrownBy(() -> c.unwrap(PGConnection.class))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Refused to unwrap")
                    .hasMessageContaining("org.postgresql.PGConnection")
                    .hasMessageContaining("markReady()")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
            assertThatThrownBy(() -> s.unwrap(PgStatement.class)).hasMessageContaining("Refused to unwrap");
            assertThatThrownBy(() -> p.unwrap(PgStatement.class)).hasMessageContaining("Refused to unwrap");
            assertThatThrownBy(() -> rs.unwrap(org.postgresql.jdbc.PgResultSet.class)).hasMessageContaining("Refused to unwrap");
            assertThatThrownBy(() -> c.getMetaData().unwrap(org.postgresql.jdbc.PgDatabaseMetaData.class))
                    .hasMessageContaining("Refused to unwrap");
            // unwrapping to the interfaces it implements itself is fine
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(s.unwrap(Statement.class)).isSameAs(s);
        }
    }

    @Test
    void unwrapsAsUsualOnceTheStartupPhaseHasEnded() throws Exception {
        try (ConnectorDataSource lambda = Apps.fromPlatform(db, Apps.LAMBDA, Apps.uniqueName()).build();
             Connection duringStartup = lambda.getConnection()) {
            assertThat(duringStartup.isWrapperFor(PGConnection.class)).isFalse();
            lambda.markReady();
            assertThat(duringStartup.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(duringStartup.unwrap(PGConnection.class)).isInstanceOf(PgConnection.class);
        }
    }

    @Test
    void aConnectionWithADeadlineDuringStartupIsGuardedAndStillBoundsItsStatements() throws Exception {
        String table = table();
        try (Connection c = ds.getConnection(Deadline.after(java.time.Duration.ofSeconds(30)));
             Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT 1").next()).isTrue();
            assertThatThrownBy(() -> s.execute("-- x\rCREATE TABLE " + table + " (a int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            assertThatThrownBy(() -> c.unwrap(PGConnection.class)).hasMessageContaining("Refused to unwrap");
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    static Stream<Arguments> everyKindOfBatch() {
        return Stream.of(
                arguments("Statement.addBatch", (Reach) c -> {
                    c.createStatement().addBatch("CREATE TABLE %s (a int)");
                    return c;
                }),
                arguments("PreparedStatement.addBatch(String)", (Reach) c -> {
                    c.prepareStatement("SELECT 1").addBatch("CREATE TABLE %s (a int)");
                    return c;
                }),
                arguments("CallableStatement.addBatch(String)", (Reach) c -> {
                    c.prepareCall("{call pg_sleep(0)}").addBatch("CREATE TABLE %s (a int)");
                    return c;
                }),
                arguments("PreparedStatement.executeQuery(String)", (Reach) c -> {
                    c.prepareStatement("SELECT 1").executeQuery("CREATE TABLE %s (a int)");
                    return c;
                }),
                arguments("Statement.executeLargeUpdate with columns", (Reach) c -> {
                    c.createStatement().executeLargeUpdate("CREATE TABLE %s (a int)", new String[] {"a"});
                    return c;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindOfBatch")
    void refusesDdlInBatchesAndSqlTextOnEveryStatementKind(String way, Reach call) throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> call.from(c)).as(way).isInstanceOf(SchemaChangeRefusedException.class);
        }
    }

    @Test
    void checksJdbcEscapesAsTheDriverRewritesThem() throws Exception {
        String table = table();
        try (Connection c = ds.getConnection()) {
            try (CallableStatement call = c.prepareCall("{call pg_catalog.pg_sleep(0)}")) {
                call.execute(); // the escape itself is fine
            }
            assertThat(c.nativeSQL("{fn now()}")).isNotBlank();
            assertThatThrownBy(() -> c.prepareCall("{call pg_sleep(0)}; CREATE TABLE " + table + " (a int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
            assertThatThrownBy(() -> c.createStatement().execute("SELECT {fn now()}; CREATE TABLE " + table + " (a int)"))
                    .isInstanceOf(SchemaChangeRefusedException.class);
        }
        assertThat(db.tableExists(table)).isFalse();
    }

    @Test
    void functionsAndProceduresAreOpaqueToTheGuardAsTheReadmeSays() throws Exception {
        String table = table();
        try (Connection admin = db.admin(PostgresServer.APP_DATABASE); Statement s = admin.createStatement()) {
            s.execute("CREATE OR REPLACE PROCEDURE public.make_" + table + "() LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN "
                    + "EXECUTE 'CREATE TABLE " + table + " (a int)'; END $$");
            s.execute("GRANT EXECUTE ON PROCEDURE public.make_" + table + "() TO PUBLIC");
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CALL public.make_" + table + "()"); // allowed: no scanner can see inside a procedure
        }
        assertThat(db.tableExists(table)).as("the guard cannot stop DDL inside a procedure").isTrue();
        try (Connection admin = db.admin(PostgresServer.APP_DATABASE); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE " + table);
            s.execute("DROP PROCEDURE public.make_" + table + "()");
        }
    }
}
