package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health}: per datasource, UP or DOWN, the strategy, the runtime, the server's version and the
 * latency of a round trip. Replaces micronaut-management's JDBC indicator, which would open a second
 * connection for the same check. In UNPOOLED mode the check's connection is closed at once.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Replaces(JdbcIndicator.class)
public class ConnectorHealthIndicator implements HealthIndicator {

    private final ConnectorDataSourceFactory factory;

    public ConnectorHealthIndicator(ConnectorDataSourceFactory factory) {
        this.factory = factory;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (Map.Entry<String, ConnectorDataSource> entry : factory.dataSources().entrySet()) {
            String name = entry.getKey();
            Map<String, Object> d = check(entry.getValue());
            if (!"UP".equals(d.get("status"))) {
                overall = HealthStatus.DOWN;
            }
            details.put(name, d);
        }
        return Publishers.just(HealthResult.builder("connector", overall).details(details).build());
    }

    private static Map<String, Object> check(ConnectorDataSource dataSource) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("strategy", dataSource.strategy().name());
        d.put("runtime", dataSource.runtime().name());
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            d.put("serverVersion", rs.getString(1));
            d.put("latencyMs", (System.nanoTime() - start) / 1_000_000.0);
            d.put("status", "UP");
        } catch (Exception e) {
            d.put("status", "DOWN");
            d.put("error", e.getMessage());
        }
        return d;
    }
}
