package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import dev.connector.Credentials;
import dev.connector.CredentialsSupplier;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A CredentialsSupplier bean and the application's MeterRegistry reach the connector without configuration. */
class CredentialsAndMetricsTest {

    @Test
    void aSupplierBeanGivesTheCredentialsAndTheApplicationsRegistryGetsTheMeters() throws Exception {
        TestDatabase.shared();
        String app = Apps.uniqueName();
        Map<String, Object> p = AutoConfigurationTest.datasource("default", app);
        p.remove("datasources.default.username");
        p.remove("datasources.default.password");
        AtomicInteger asked = new AtomicInteger();
        CredentialsSupplier supplier = () -> {
            asked.incrementAndGet();
            return Credentials.of(PostgresServer.APP_USER, PostgresServer.APP_PASSWORD);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ApplicationContext ctx = ApplicationContext.builder().properties(p).singletons(supplier, registry).start()) {
            DataSource ds = ctx.getBean(DataSource.class).unwrap(ConnectorDataSource.class);
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(asked.get()).isEqualTo(1);
            assertThat(registry.get("connector.connect").tag("outcome", "success").timer().count()).isPositive();
            assertThat(registry.find("hikaricp.connections").gauge()).isNotNull();
        }
    }
}
