package dev.connector.micronaut;

import dev.connector.migrations.SchemaCheck;
import dev.connector.migrations.SchemaStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With connector-migrations and a {@link SchemaCheck} bean: the check runs when the application has started
 * (one INFO or WARN line; the start fails if the check requires a ready schema), and {@code /health/readiness}
 * is DOWN while the schema is behind, failed or drifted. Once ready, the answer is kept: a schema does not
 * become unready under a running version without someone noticing elsewhere, and the check is not free.
 */
@Singleton
@Readiness
@Requires(classes = {HealthIndicator.class, SchemaCheck.class})
@Requires(beans = SchemaCheck.class)
public class SchemaReadinessIndicator implements HealthIndicator, ApplicationEventListener<StartupEvent> {

    private final List<SchemaCheck> checks;
    private volatile boolean ready;

    public SchemaReadinessIndicator(List<SchemaCheck> checks) {
        this.checks = checks;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        boolean all = true;
        for (SchemaCheck check : checks) {
            try {
                all &= check.atStartup().isReady();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        ready = all;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean all = true;
        for (int i = 0; i < checks.size(); i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (ready) {
                d.put("state", "ready at start-up");
            } else {
                try {
                    SchemaStatus status = checks.get(i).read();
                    all &= status.isReady();
                    d.put("state", status.state().name());
                    d.put("summary", status.summary());
                } catch (SQLException e) {
                    all = false;
                    d.put("state", "UNKNOWN");
                    d.put("error", e.getMessage());
                }
            }
            details.put("check" + i, d);
        }
        if (!ready && all) {
            ready = true;
        }
        return Publishers.just(HealthResult.builder("schema", all ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
