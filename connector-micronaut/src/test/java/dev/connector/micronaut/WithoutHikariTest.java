package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import dev.connector.testing.Apps;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.reflect.ClassUtils;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in its own surefire execution, with micronaut-jdbc-hikari left off the classpath (see the pom):
 * the connector's factory must stand on its own.
 */
class WithoutHikariTest {

    @Test
    void theConnectorWorksWithoutMicronautJdbcHikari() throws Exception {
        assertThat(ClassUtils.isPresent("io.micronaut.configuration.jdbc.hikari.DatasourceFactory",
                getClass().getClassLoader())).as("micronaut-jdbc-hikari on the classpath").isFalse();
        try (ApplicationContext ctx = ApplicationContext.run(AutoConfigurationTest.datasource("default", Apps.uniqueName()))) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertThat(AutoConfigurationTest.connector(ctx, ds)).isInstanceOf(ConnectorDataSource.class);
            try (Connection c = ((DataSource) AutoConfigurationTest.connector(ctx, ds)).getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
