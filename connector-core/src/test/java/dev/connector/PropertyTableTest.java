package dev.connector;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property table is the one source of truth (as pgjdbc's PGProperty): every documented default is the
 * effective one, every property has a typed builder setter, and a configuration resolves without a DataSource.
 */
class PropertyTableTest {

    private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(Integer.class, int.class, Boolean.class, boolean.class);

    @Test
    void everyDocumentedFixedDefaultParsesToTheEffectiveDefault() {
        // Given nothing configured
        ConnectorConfig empty = ConnectorConfig.builder().environment(Map.of()).build();
        int fixed = 0;
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (!p.defaultSpec().isFixed()) {
                continue;
            }
            fixed++;
            Object value = p.defaultSpec().fixedValue();
            String documented = p.defaultValue().orElseThrow();
            String text = documented.split(" ", 2)[0];
            // Then the documented text parses to the typed default, which is what the resolver gives
            assertThat(p.type().parse(text)).as(p.key() + " documented as " + documented).isEqualTo(value);
            assertThat(empty.get(p)).as(p.key()).contains(value);
            assertThat(empty.source(p)).as(p.key()).isEqualTo("default");
        }
        assertThat(fixed).isGreaterThan(15);
    }

    @Test
    void derivedDefaultsAreNamedAndResolvedWithTheirReason() {
        ConnectorConfig empty = ConnectorConfig.builder().environment(Map.of()).build();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (p.defaultSpec().isDerived()) {
                assertThat(p.defaultValue()).as(p.key()).isPresent();
                if (empty.get(p).isPresent()) {
                    assertThat(empty.source(p)).as(p.key()).startsWith("default");
                }
            } else if (!p.defaultSpec().isFixed()) {
                assertThat(empty.get(p)).as(p.key() + " has no default").isEmpty();
            }
        }
        assertThat(empty.database()).isEqualTo(empty.user());
        assertThat(empty.schemaPolicy()).isEqualTo(SchemaPolicy.ALLOW);
        assertThat(empty.applicationName()).isEqualTo("connector");
    }

    @Test
    void everyPropertyHasATypedBuilderSetterNamedAfterIt() throws Exception {
        for (ConnectorProperty p : ConnectorProperty.values()) {
            Class<?> type = p.valueType();
            // auto-or-enum properties (strategy, pooler) take the enum; "auto" is leaving the setter out
            Class<?> parameter = type == Optional.class ? enumSetterParameter(p) : PRIMITIVES.getOrDefault(type, type);
            Method setter = ConnectorConfig.Builder.class.getMethod(p.shortName(), parameter);
            assertThat(setter.getReturnType()).as(p.key()).isAssignableFrom(ConnectorConfig.Builder.class);
            Method dataSourceSetter = ConnectorDataSource.Builder.class.getMethod(p.shortName(), parameter);
            assertThat(dataSourceSetter.getReturnType()).as(p.key()).isAssignableFrom(ConnectorDataSource.Builder.class);

            // When the setter is given the fixed default, the value comes from the builder
            if (p.defaultSpec().isFixed() && type != Optional.class) {
                ConnectorConfig.Builder b = ConnectorConfig.builder().environment(Map.of());
                setter.invoke(b, p.defaultSpec().fixedValue());
                ConnectorConfig c = b.build();
                assertThat(c.source(p)).as(p.key()).isEqualTo("builder");
                assertThat(c.get(p)).as(p.key()).contains(p.defaultSpec().fixedValue());
            }
        }
    }

    private static Class<?> enumSetterParameter(ConnectorProperty p) {
        for (Method m : ConnectorConfig.Builder.class.getMethods()) {
            if (m.getName().equals(p.shortName()) && m.getParameterCount() == 1 && m.getParameterTypes()[0].isEnum()) {
                return m.getParameterTypes()[0];
            }
        }
        throw new AssertionError(p.key() + " has no setter taking an enum");
    }

    @Test
    void everyPropertyHasATypedGetter() throws Exception {
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (p == ConnectorProperty.URL) {
                assertThat(ConnectorConfig.class.getMethod("jdbcUrl")).isNotNull();
            } else if (p == ConnectorProperty.PASSWORD) {
                assertThat(ConnectorConfig.class.getMethod("hasPassword").getReturnType()).isEqualTo(boolean.class);
            } else {
                assertThat(ConnectorConfig.class.getMethod(p.shortName())).as(p.key()).isNotNull();
            }
        }
    }

    @Test
    void aConfigurationIsBuiltWithoutADataSourceAndHasTypedValues() {
        ConnectorConfig c = ConnectorConfig.builder().environment(Map.of("CONNECTOR_STRATEGY", "bounded",
                        "PGSSLMODE", "verify-full", "CONNECTOR_STATEMENT_TIMEOUT", "2s"))
                .maxPoolSize(3).build();
        assertThat(c.strategy()).contains(PoolingStrategy.BOUNDED);
        assertThat(c.sslMode()).contains(ConnectorConfig.SslMode.VERIFY_FULL);
        assertThat(c.statementTimeout()).contains(Duration.ofSeconds(2));
        assertThat(c.maxPoolSize()).hasValue(3);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aConfiguredZeroConnectTimeoutIsPgjdbcsOwnDefault() {
        ConnectorConfig c = ConnectorConfig.builder().connectTimeout(Duration.ZERO).build();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
