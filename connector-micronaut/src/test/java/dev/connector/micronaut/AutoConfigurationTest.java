package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.testing.Apps;
import dev.connector.testing.CapturedOutput;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auto-configuration with micronaut-jdbc-hikari on the classpath, checked on the server where it matters. */
class AutoConfigurationTest {

    private static PostgresServer db;

    @BeforeAll
    static void server() {
        db = TestDatabase.shared();
    }

    static Map<String, Object> datasource(String name, String app) {
        PostgresServer db = TestDatabase.shared();
        Map<String, Object> p = new HashMap<>();
        p.put("datasources." + name + ".url", db.appJdbcUrl() + "?ApplicationName=" + app);
        p.put("datasources." + name + ".username", PostgresServer.APP_USER);
        p.put("datasources." + name + ".password", PostgresServer.APP_PASSWORD);
        p.put("datasources." + name + ".dialect", "POSTGRES");
        return p;
    }

    @Test
    void everyDatasourceIsAConnectorAndHikarisPoolNeverStarts() throws Exception {
        String app = Apps.uniqueName();
        try (ApplicationContext ctx = ApplicationContext.run(datasource("default", app))) {
            assertThat(ctx.getBeansOfType(DataSource.class)).isNotEmpty()
                    .allSatisfy(ds -> assertThat(connector(ctx, ds)).isInstanceOf(ConnectorDataSource.class));
            Thread.sleep(1000); // HikariCP's pool, had it started, would be opening its minimum of connections now
            assertThat(db.sessions(app)).as("sessions right after start").isZero();
            try (Connection c = ((DataSource) connector(ctx, ctx.getBean(DataSource.class))).getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void standardKeysAndConnectorOptionsReachTheConnector() {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.put("datasources.default.maximum-pool-size", 7);
        p.put("datasources.default.connection-timeout", 2500);
        p.put("datasources.default.connector.statement-timeout", "5s");
        p.put("datasources.default.connector.driver.prepare-threshold", "0");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            ConnectorDataSource ds = (ConnectorDataSource) connector(ctx, ctx.getBean(DataSource.class));
            assertThat(ds.config().value(dev.connector.ConnectorProperty.MAX_POOL_SIZE)).contains("7");
            assertThat(ds.config().value(dev.connector.ConnectorProperty.ACQUIRE_TIMEOUT)).contains("2500ms");
            assertThat(ds.config().value(dev.connector.ConnectorProperty.STATEMENT_TIMEOUT)).contains("5s");
            assertThat(ds.config().driverProperties()).containsEntry("prepareThreshold", "0");
        }
    }

    @Test
    void aBadConnectorOptionFailsTheStartNamingTheKey() {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.put("datasources.default.connector.strategie", "bounded");
        assertThatThrownBy(() -> ApplicationContext.run(p)).rootCause()
                .hasMessageContaining("connector.strategie in datasources.default: unknown key (did you mean connector.strategy?)");
    }

    @Test
    void aDisabledDatasourceGetsNoBean() {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.putAll(datasource("reporting", Apps.uniqueName()));
        p.put("datasources.reporting.enabled", false);
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            assertThat(ctx.findBean(DataSource.class, Qualifiers.byName("default"))).isPresent();
            assertThat(ctx.findBean(DataSource.class, Qualifiers.byName("reporting"))).isEmpty();
            assertThat(ctx.getBean(ConnectorDataSourceFactory.class).dataSources()).containsOnlyKeys("default");
        }
    }

    @Test
    void theFunctionEnvironmentGetsUnpooled() {
        try (ApplicationContext ctx = ApplicationContext.run(datasource("default", Apps.uniqueName()), Environment.FUNCTION)) {
            ConnectorDataSource ds = (ConnectorDataSource) connector(ctx, ctx.getBean(DataSource.class));
            assertThat(ds.strategy()).isEqualTo(PoolingStrategy.UNPOOLED);
            assertThat(ds.config().schemaPolicy()).isEqualTo(dev.connector.SchemaPolicy.REFUSE_AT_STARTUP);
        }
    }

    @Test
    void theStartupPhaseEndsWhenTheApplicationHasStarted() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(datasource("default", Apps.uniqueName()), Environment.FUNCTION)) {
            ConnectorDataSource ds = (ConnectorDataSource) connector(ctx, ctx.getBean(DataSource.class));
            assertThat(ds.config().schemaPolicy()).isEqualTo(dev.connector.SchemaPolicy.REFUSE_AT_STARTUP);
            assertThat(ds.isSchemaGuardActive()).as("guard after the StartupEvent").isFalse();
        }
    }

    @Test
    void healthIsDownForADatasourceThatCannotConnect() throws Exception {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        p.put("datasources.default.connector.retry-deadline", "0");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            HealthResult result = single(ctx.getBean(ConnectorHealthIndicator.class).getResult());
            assertThat(result.getStatus().getName()).isEqualTo("DOWN");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) result.getDetails()).get("default");
            assertThat(details).containsEntry("status", "DOWN");
            assertThat((String) details.get("error")).contains("the connection was refused");
        }
    }

    @Test
    void schemaGenerationIsRefusedInAServerlessStartNamingTheKey() {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.put("datasources.default.schema-generate", "CREATE");
        assertThatThrownBy(() -> ApplicationContext.run(p, Environment.FUNCTION))
                .rootCause()
                .hasMessageContaining("datasources.default.schema-generate is CREATE")
                .hasMessageContaining("Set datasources.default.schema-generate to NONE and run migrations");
    }

    @Test
    void schemaGenerationIsAllowedOnAServerWithAWarning() {
        Map<String, Object> p = datasource("default", Apps.uniqueName());
        p.put("datasources.default.schema-generate", "CREATE");
        String out;
        try (CapturedOutput captured = new CapturedOutput(); ApplicationContext ctx = ApplicationContext.run(p)) {
            out = captured.text();
        }
        assertThat(out).contains("WARN").contains("datasources.default.schema-generate is CREATE");
    }

    @Test
    void closingTheContextClosesEveryConnection() throws Exception {
        String app = Apps.uniqueName();
        ApplicationContext ctx = ApplicationContext.run(datasource("default", app));
        DataSource ds = (DataSource) connector(ctx, ctx.getBean(DataSource.class));
        List<Connection> held = new ArrayList<>();
        held.add(ds.getConnection());
        held.add(ds.getConnection());
        assertThat(db.sessions(app)).isGreaterThanOrEqualTo(2);
        ctx.close();
        assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
    }

    @Test
    void healthShowsEachDatasourceAndAnUnpooledCheckLeavesNoSession() throws Exception {
        String app = Apps.uniqueName();
        try (ApplicationContext ctx = ApplicationContext.run(datasource("default", app), Environment.FUNCTION)) {
            assertThat(ctx.getBeansOfType(HealthIndicator.class)).noneMatch(i -> i instanceof JdbcIndicator);
            HealthResult result = single(ctx.getBean(ConnectorHealthIndicator.class).getResult());
            assertThat(result.getStatus().getName()).isEqualTo("UP");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) result.getDetails()).get("default");
            assertThat(details).containsEntry("status", "UP").containsEntry("strategy", "UNPOOLED")
                    .containsEntry("runtime", "server").containsKey("latencyMs");
            assertThat((String) details.get("serverVersion")).startsWith("17");
            assertThat(db.sessionsAfterSettling(app, Duration.ofSeconds(5))).isZero();
        }
    }

    /** What a user does: resolve the bean through Micronaut's DataSourceResolver, which unwraps Micronaut Data's proxy. */
    static Object connector(ApplicationContext ctx, DataSource ds) {
        return ctx.getBean(io.micronaut.jdbc.DataSourceResolver.class).resolve(ds);
    }

    static <T> T single(org.reactivestreams.Publisher<T> publisher) throws Exception {
        CompletableFuture<T> value = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(T t) {
                value.complete(t);
            }

            @Override
            public void onError(Throwable t) {
                value.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
            }
        });
        return value.get(10, TimeUnit.SECONDS);
    }
}
