package dev.connector.micronaut;

import dev.connector.migrations.SchemaCheck;
import dev.connector.migrations.SchemaNotReadyException;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application declares a SchemaCheck bean; readiness follows the schema, and the start can require it. */
class SchemaReadinessTest {

    @TempDir
    Path dir;

    /** What an application writes: a SchemaCheck on its DataSource. */
    @Factory
    @Requires(property = "test.schema")
    static class Schema {
        @Singleton
        SchemaCheck schemaCheck(DataSource dataSource, @Value("${test.schema}") String schema,
                                @Value("${test.locations}") String locations, @Value("${test.require:false}") boolean require) {
            return SchemaCheck.flyway(dataSource).schemas(schema).locations(locations).requireReady(require);
        }
    }

    private Map<String, Object> app(String schema, boolean require) {
        Map<String, Object> p = new java.util.HashMap<>(AutoConfigurationTest.datasource("default", Apps.uniqueName()));
        p.put("test.schema", schema);
        p.put("test.locations", "filesystem:" + dir);
        p.put("test.require", require);
        return p;
    }

    private static String unique() {
        return "m_" + Apps.uniqueName().substring(2).replace('-', '_');
    }

    private void migrate(String schema) throws Exception {
        try (var ds = Apps.builder(TestDatabase.shared(), Apps.uniqueName()).build()) {
            Flyway.configure().dataSource(ds).schemas(schema).locations("filesystem:" + dir).load().migrate();
        }
    }

    @Test
    void readinessIsDownWhileTheSchemaIsBehindAndUpOnceTheDeployStepHasMigrated() throws Exception {
        // Given a database migrated to V1, and an application that ships V1 and V2
        String schema = unique();
        Files.writeString(dir.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint);\n");
        migrate(schema);
        Files.writeString(dir.resolve("V2__note.sql"), "ALTER TABLE orders ADD COLUMN note text;\n");
        try (CapturedOutput log = new CapturedOutput(); ApplicationContext ctx = ApplicationContext.run(app(schema, false))) {
            // When it starts on a server, Then it starts, says so at WARN, and is not ready
            assertThat(log.text()).contains("connector-migrations: schema behind (flyway, database at 1 (orders)");
            SchemaReadinessIndicator indicator = ctx.getBean(SchemaReadinessIndicator.class);
            HealthResult before = AutoConfigurationTest.single(indicator.getResult());
            assertThat(before.getStatus().getName()).isEqualTo("DOWN");
            assertThat(before.getDetails().toString()).contains("BEHIND").contains("pending: 2 (note)");
            // And once the deploy step has migrated, it is ready
            migrate(schema);
            assertThat(AutoConfigurationTest.single(indicator.getResult()).getStatus().getName()).isEqualTo("UP");
        }
    }

    @Test
    void aRequiredReadySchemaFailsTheStartWhenBehind() throws Exception {
        String schema = unique();
        Files.writeString(dir.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint);\n");
        try (var ds = Apps.builder(TestDatabase.shared(), Apps.uniqueName()).build(); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        assertThatThrownBy(() -> ApplicationContext.run(app(schema, true)).close())
                .rootCause().isInstanceOf(SchemaNotReadyException.class)
                .hasMessageContaining("schema behind (flyway, database at no migration applied");
    }
}
