package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import io.micronaut.context.BeanContext;
import io.micronaut.core.reflect.ClassUtils;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The application's MeterRegistry, when Micrometer is on the class path and there is one, given to every
 * connector (as micronaut-jdbc-hikari does for its pools). Only touched when {@link #AVAILABLE}.
 */
final class MeterRegistries {

    static final boolean AVAILABLE = ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry",
            MeterRegistries.class.getClassLoader());

    private MeterRegistries() {
    }

    static void wire(BeanContext beans, ConnectorDataSource.Builder builder) {
        beans.findBean(MeterRegistry.class).ifPresent(builder::meterRegistry);
    }
}
