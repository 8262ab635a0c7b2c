package dev.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Configuration sources, precedence and validation; building does no I/O, so no server is needed. */
class ConfigurationTest {

    private static final String SECRET = "Pa55-w0rd-in-test";

    private static ConnectorConfig config(Consumer<ConnectorDataSource.Builder> setup) {
        ConnectorDataSource.Builder builder = ConnectorDataSource.builder();
        setup.accept(builder);
        try (ConnectorDataSource ds = builder.build()) {
            return ds.config();
        }
    }

    @Test
    void precedenceIsBuilderThenPropertiesThenConnectorVariablesAndUrlThenLibpqVariablesThenDefaults() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgres://urluser:" + SECRET + "@urlhost:5433/urldb",
                "PGHOST", "pghost", "PGUSER", "pguser", "PGPORT", "6000", "PGDATABASE", "pgdb",
                "PGAPPNAME", "pgapp", "CONNECTOR_MAX_POOL_SIZE", "7", "CONNECTOR_MIN_IDLE", "2");
        Properties properties = new Properties();
        properties.setProperty("connector.port", "7000");
        properties.setProperty("connector.maxPoolSize", "5");
        properties.setProperty("unrelated.key", "ignored");

        ConnectorConfig c = config(b -> b.environment(env).properties(properties).database("builderdb"));

        assertThat(c.database()).isEqualTo("builderdb");
        assertThat(c.source(ConnectorProperty.DATABASE)).isEqualTo("builder");
        assertThat(c.port()).isEqualTo(7000);
        assertThat(c.source(ConnectorProperty.PORT)).isEqualTo("connector.port in properties");
        assertThat(c.value(ConnectorProperty.MAX_POOL_SIZE)).contains("5");
        assertThat(c.value(ConnectorProperty.MIN_IDLE)).contains("2");
        assertThat(c.source(ConnectorProperty.MIN_IDLE)).isEqualTo("CONNECTOR_MIN_IDLE");
        assertThat(c.host()).isEqualTo("urlhost");
        assertThat(c.source(ConnectorProperty.HOST)).isEqualTo("URL in DATABASE_URL");
        assertThat(c.user()).isEqualTo("urluser");
        assertThat(c.applicationName()).isEqualTo("pgapp");
        assertThat(c.source(ConnectorProperty.APPLICATION_NAME)).isEqualTo("PGAPPNAME");
        assertThat(c.value(ConnectorProperty.CONNECT_TIMEOUT)).contains("10s");
        assertThat(c.source(ConnectorProperty.CONNECT_TIMEOUT)).isEqualTo("default");
    }

    @Test
    void libpqVariablesAloneConfigureTheTarget() {
        ConnectorConfig c = config(b -> b.environment(Map.of("PGHOST", "db.internal", "PGPORT", "6432",
                "PGDATABASE", "shop", "PGUSER", "shopper", "PGPASSWORD", SECRET, "PGSSLMODE", "verify-full",
                "PGCONNECT_TIMEOUT", "4")));
        assertThat(c.host()).isEqualTo("db.internal");
        assertThat(c.port()).isEqualTo(6432);
        assertThat(c.database()).isEqualTo("shop");
        assertThat(c.user()).isEqualTo("shopper");
        assertThat(c.value(ConnectorProperty.PASSWORD)).contains("***");
        assertThat(c.sslMode()).contains(ConnectorConfig.SslMode.VERIFY_FULL);
        assertThat(c.value(ConnectorProperty.CONNECT_TIMEOUT)).contains("4s");
    }

    @Test
    void withinOneSourceAnExplicitKeyBeatsTheUrl() {
        ConnectorConfig c = config(b -> b.url("postgres://a:b@h:1/d").user("explicit"));
        assertThat(c.user()).isEqualTo("explicit");
        assertThat(c.host()).isEqualTo("h");
        Properties p = new Properties();
        p.setProperty("connector.url", "jdbc:postgresql://h:2/d?sslmode=disable");
        p.setProperty("connector.sslMode", "verify-ca");
        assertThat(config(b -> b.properties(p)).sslMode()).contains(ConnectorConfig.SslMode.VERIFY_CA);
    }

    @Test
    void jdbcDatabaseUrlWinsOverDatabaseUrl() {
        ConnectorConfig c = config(b -> b.environment(Map.of("DATABASE_URL", "postgres://u@one/a",
                "JDBC_DATABASE_URL", "jdbc:postgresql://two:5432/b")));
        assertThat(c.host()).isEqualTo("two");
        assertThat(c.source(ConnectorProperty.HOST)).isEqualTo("URL in JDBC_DATABASE_URL");
    }

    @Test
    void readsTheJdbcFormWithItsParameters() {
        ConnectorConfig c = config(b -> b.url(
                "jdbc:postgresql://db.example.com:5432/shop?sslmode=verify-full&ApplicationName=checkout&prepareThreshold=0&connectTimeout=3"));
        assertThat(c.host()).isEqualTo("db.example.com");
        assertThat(c.database()).isEqualTo("shop");
        assertThat(c.sslMode()).contains(ConnectorConfig.SslMode.VERIFY_FULL);
        assertThat(c.applicationName()).isEqualTo("checkout");
        assertThat(c.value(ConnectorProperty.CONNECT_TIMEOUT)).contains("3s");
        assertThat(c.driverProperties()).containsEntry("prepareThreshold", "0");
    }

    @Test
    void readsThePostgresFormWithLibpqParametersAndEncodedCredentials() {
        ConnectorConfig c = config(b -> b.url("postgresql://us%40er:p%3Ass%2Fw@[2001:db8::1]:6543/my%20db"
                + "?sslmode=require&application_name=api&connect_timeout=5&target_session_attrs=read-write"));
        assertThat(c.user()).isEqualTo("us@er");
        assertThat(c.host()).isEqualTo("2001:db8::1");
        assertThat(c.port()).isEqualTo(6543);
        assertThat(c.database()).isEqualTo("my db");
        assertThat(c.applicationName()).isEqualTo("api");
        assertThat(c.value(ConnectorProperty.CONNECT_TIMEOUT)).contains("5s");
        assertThat(c.driverProperties()).containsEntry("targetServerType", "primary");
    }

    @Test
    void theDatabaseDefaultsToTheUserNameLikeLibpq() {
        assertThat(config(b -> b.host("localhost").user("alice")).database()).isEqualTo("alice");
    }

    @Test
    void nonLoopbackHostsRequireTlsUnlessDisableIsAskedFor() {
        assertThat(config(b -> b.host("db.example.com")).sslMode()).contains(ConnectorConfig.SslMode.REQUIRE);
        assertThat(config(b -> b.host("db.example.com")).source(ConnectorProperty.SSL_MODE))
                .isEqualTo("default (non-loopback host)");
        assertThat(config(b -> b.host("10.0.0.7")).sslMode()).contains(ConnectorConfig.SslMode.REQUIRE);
        assertThat(config(b -> b.host("db.example.com").sslMode("disable")).sslMode()).contains(ConnectorConfig.SslMode.DISABLE);
        assertThat(config(b -> b.host("localhost")).sslMode()).isEmpty();
        assertThat(config(b -> b.host("127.0.0.1")).sslMode()).isEmpty();
        assertThat(config(b -> b.url("postgres://u@[::1]/d")).sslMode()).isEmpty();
    }

    @Test
    void passesPgjdbcPropertiesThroughAndMasksSecretOnes() {
        ConnectorConfig c = config(b -> b.driverProperty("prepareThreshold", "0").driverProperty("sslpassword", SECRET));
        assertThat(c.driverProperties()).containsEntry("prepareThreshold", "0").containsEntry("sslpassword", "***");
        assertThat(c.describe()).contains("connector.driver.prepareThreshold = 0").doesNotContain(SECRET);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                arguments("connector.port", "abc", "an integer from 1 to 65535"),
                arguments("connector.port", "70000", "an integer from 1 to 65535"),
                arguments("connector.sslMode", "strict", "one of disable, allow, prefer, require, verify-ca, verify-full"),
                arguments("connector.strategy", "pooled", "one of auto, unpooled, bounded"),
                arguments("connector.schemaPolicy", "never", "one of refuse-at-startup, refuse, allow"),
                arguments("connector.shutdownHook", "yes", "true or false"),
                arguments("connector.tcpKeepAlive", "1", "true or false"),
                arguments("connector.connectTimeout", "1500ms", "in whole seconds"),
                arguments("connector.connectTimeout", "-1", "a duration"),
                arguments("connector.socketTimeout", "forever", "a duration"),
                arguments("connector.statementTimeout", "soon", "a duration such as 500ms, 10s, 2min, 1h or PT10S"),
                arguments("connector.lockTimeout", "PTX", "a duration"),
                arguments("connector.maxPoolSize", "0", "an integer from 1 to 10000"),
                arguments("connector.instances", "0", "an integer from 1 to 100000"),
                arguments("connector.acquireTimeout", "100ms", "of at least 250ms"),
                arguments("connector.maxLifetime", "5s", "or at least 30s"),
                arguments("connector.leakDetectionThreshold", "1s", "or at least 2s"),
                arguments("connector.applicationName", "x".repeat(64), "text of at most 63 characters"),
                arguments("connector.user", "", "text of at most 63 characters"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badInput")
    void refusesBadValuesNamingTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
        Properties p = new Properties();
        p.setProperty(key, value);
        assertThatThrownBy(() -> config(b -> b.properties(p)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(key + ": got '" + value + "' from " + key + " in properties; allowed: ")
                .hasMessageContaining(allowed)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo(key));
    }

    @Test
    void refusesBadEnvironmentValuesNamingTheVariable() {
        assertThatThrownBy(() -> config(b -> b.environment(Map.of("PGPORT", "five"))))
                .hasMessage("connector.port: got 'five' from PGPORT; allowed: an integer from 1 to 65535");
    }

    @Test
    void refusesCombinationsThatCannotWork() {
        assertThatThrownBy(() -> config(b -> b.maxPoolSize(2).set(ConnectorProperty.MIN_IDLE, "3")))
                .hasMessage("connector.minIdle: got '3' from builder; it must not exceed connector.maxPoolSize (2)");
        assertThatThrownBy(() -> config(b -> b.set(ConnectorProperty.IDLE_TIMEOUT, "20min")))
                .hasMessageStartingWith("connector.idleTimeout: got '20min' from builder; it must be below connector.maxLifetime (10min)");
        assertThatThrownBy(() -> config(b -> b.set(ConnectorProperty.SERVER_MAX_CONNECTIONS, "10")
                .set(ConnectorProperty.RESERVED_CONNECTIONS, "10")))
                .hasMessageContaining("connector.reservedConnections: got '10'");
    }

    @Test
    void refusesUnknownConnectorKeysAndSuggestsTheNearestOne() {
        Map<String, String> typo = Map.of("connector.strategie", "bounded");
        assertThatThrownBy(() -> config(b -> b.properties(typo)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("connector.strategie in properties: unknown key (did you mean connector.strategy?)")
                .hasMessageContaining("allowed: connector.url, connector.host");
    }

    @Test
    void refusesUnknownDriverPropertiesAndOnesTheConnectorManages() {
        assertThatThrownBy(() -> config(b -> b.driverProperty("prepareTreshold", "0")))
                .hasMessageContaining("'prepareTreshold' is not a pgjdbc connection property");
        assertThatThrownBy(() -> config(b -> b.driverProperty("password", SECRET)))
                .hasMessageContaining("set connector.password instead")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void refusesBadUrlsWithoutRepeatingTheirPassword() {
        assertThatThrownBy(() -> config(b -> b.url("postgres://app:" + SECRET + "@db:port/x")))
                .hasMessageStartingWith("connector.url: got 'postgres://app:***@db:port/x' from builder: its port 'port' is not a number")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> config(b -> b.url("mysql://app:" + SECRET + "@db/x")))
                .hasMessageContaining("it must start with jdbc:postgresql:, postgres:// or postgresql://")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> config(b -> b.url("jdbc:postgresql://db/x?password=" + SECRET + "&bogus=1")))
                .hasMessageContaining("has parameter 'bogus'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> config(b -> b.url("postgres://a,b/x")))
                .hasMessageContaining("several hosts");
    }

    @Test
    void neverShowsThePasswordInToStringOrDescriptions() {
        try (ConnectorDataSource ds = ConnectorDataSource.builder().shutdownHook(false)
                .url("postgres://app:" + SECRET + "@db.example.com/shop").build()) {
            assertThat(ds.config().toString()).contains("password=***").doesNotContain(SECRET);
            assertThat(ds.config().describe()).contains("connector.password = ***").doesNotContain(SECRET);
            assertThat(ds.toString()).doesNotContain(SECRET);
            assertThat(ds.config().value(ConnectorProperty.PASSWORD)).contains("***");
            assertThat(ds.config().source(ConnectorProperty.PASSWORD)).isEqualTo("URL in builder");
        }
    }

    @Test
    void aPasswordValueThatIsBadIsMaskedToo() {
        // No value is bad for a password, but the masking path of the message must hold for any secret.
        assertThat(InvalidConfigurationException.shown(ConnectorProperty.PASSWORD, SECRET)).isEqualTo("'***'");
    }

    @Test
    void everyPropertyIsReachableByKeyAndEnvironmentVariable() {
        for (ConnectorProperty p : ConnectorProperty.values()) {
            assertThat(ConnectorProperty.forKey(p.key())).contains(p);
            assertThat(p.environmentVariables()).isNotEmpty();
            assertThat(p.description()).isNotBlank();
        }
    }
}
