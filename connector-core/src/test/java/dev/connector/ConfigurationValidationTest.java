package dev.connector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every value given is validated at build time, whichever source gives it and whether or not it wins; a bad
 * one is a configuration error naming the key, a bounded and masked view of the value, and what is allowed,
 * never a crash later. No server: building does no I/O.
 */
class ConfigurationValidationTest {

    private static final String SECRET = "Pa55-w0rd-in-test";

    private static ConnectorConfig config(Consumer<ConnectorConfig.Builder> setup) {
        ConnectorConfig.Builder builder = ConnectorConfig.builder().environment(Map.of());
        setup.accept(builder);
        return builder.build();
    }

    private static InvalidConfigurationException refused(Consumer<ConnectorConfig.Builder> setup) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> config(setup));
        assertThat(t).isInstanceOf(InvalidConfigurationException.class);
        return (InvalidConfigurationException) t;
    }

    // ---------------------------------------------------------------- null from a builder

    @Test
    void aNullPasswordIsAConfigurationErrorNotANullPointerException() {
        // Given the README's quick start with DB_PASSWORD unset
        InvalidConfigurationException e = refused(b -> b.host("db.example.com").password(null));
        // Then the error names the key and says what happened
        assertThat(e.key()).isEqualTo("connector.password");
        assertThat(e).hasMessageStartingWith("connector.password: got null from builder");
    }

    @Test
    void aNullUserOrHostIsAConfigurationError() {
        assertThat(refused(b -> b.user(null)).key()).isEqualTo("connector.user");
        assertThat(refused(b -> b.host(null)).key()).isEqualTo("connector.host");
        assertThat(refused(b -> b.statementTimeout(null)).key()).isEqualTo("connector.statementTimeout");
        assertThat(refused(b -> b.strategy(null)).key()).isEqualTo("connector.strategy");
    }

    @Test
    void nullDriverPropertiesAndEnvironmentsAreConfigurationErrorsNotNullPointerExceptions() {
        // Given nulls where a review found bare NullPointerExceptions
        // Then each is a configuration error that names what was wrong
        assertThat(refused(b -> b.driverProperty(null, null)).key()).isEqualTo("connector.driver.<name>");
        assertThat(refused(b -> b.driverProperty("prepareThreshold", null)))
                .hasMessageStartingWith("connector.driver.prepareThreshold: got null from builder");
        assertThat(refused(b -> b.environment(null))).hasMessageStartingWith("environment: got null");
        Map<String, String> unset = new java.util.HashMap<>();
        unset.put("DATABASE_URL", null);
        assertThat(refused(b -> b.environment(unset))).hasMessageContaining("DATABASE_URL has a null value");
    }

    // ---------------------------------------------------------------- overridden values

    @Test
    void aBadValueThatAnotherSourceOverridesIsStillRefused() {
        // Given PGPORT=five beside a DATABASE_URL that has a port
        InvalidConfigurationException e = refused(b -> b.environment(Map.of(
                "DATABASE_URL", "postgres://app@db.example.com:5433/shop", "PGPORT", "five")));
        assertThat(e).hasMessage("connector.port: got 'five' from PGPORT; allowed: an integer from 1 to 65535");
    }

    @Test
    void theConfigurationSaysWhichOfSeveralGoodValuesWon() {
        ConnectorConfig c = config(b -> b.environment(Map.of(
                "DATABASE_URL", "postgres://app@db.example.com:5433/shop", "PGPORT", "6000")).port(7000));
        assertThat(c.port()).isEqualTo(7000);
        assertThat(c.source(ConnectorProperty.PORT)).isEqualTo("builder");
        assertThat(c.overridden(ConnectorProperty.PORT)).containsExactly("URL in DATABASE_URL", "PGPORT");
        assertThat(c.describe()).contains("connector.port = 7000  [builder; over URL in DATABASE_URL, PGPORT]");
    }

    @Test
    void aLosingUrlIsValidatedToo() {
        InvalidConfigurationException e = refused(b -> b.environment(Map.of(
                "JDBC_DATABASE_URL", "jdbc:postgresql://db.example.com/shop", "DATABASE_URL", "postgres://db:port/x")));
        assertThat(e).hasMessageContaining("from DATABASE_URL");
    }

    // ---------------------------------------------------------------- hosts and URLs

    @Test
    void aUrlWithTwoPortsIsRefusedNotReadAsAHostWithAColon() {
        InvalidConfigurationException e = refused(b -> b.url("postgres://app@127.0.0.1:5432:5432/db"));
        assertThat(e.key()).isEqualTo("connector.url");
        assertThat(e).hasMessageContaining("more than one ':'");
    }

    @Test
    void anIpv6AddressWithoutBracketsIsRefusedWithTheBracketedForm() {
        assertThat(refused(b -> b.url("postgres://::1/db"))).hasMessageContaining("must be in brackets");
        assertThat(config(b -> b.url("postgres://[::1]/db")).host()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://app:My/Secret@db.example.com/shop", "postgres://app:My?Secret@db.example.com/shop",
            "postgres://app:2024/My-Secret@db.example.com/shop", "postgres://app:My#Secret@db.example.com/shop"})
    void aPasswordWithAnUnencodedSlashQuestionMarkOrHashIsRefusedWithoutRepeatingIt(String url) {
        InvalidConfigurationException e = refused(b -> b.url(url));
        assertThat(e.key()).isEqualTo("connector.url");
        assertThat(e.getMessage()).doesNotContain("Secret").contains("percent-encode");
    }

    @Test
    void hostTextThatWouldChangeTheDriverUrlIsRefused() {
        // Given a host that smuggles a path, sslmode=disable and another host into the driver's URL
        InvalidConfigurationException e = refused(b -> b.host(
                "db.example.invalid/appdb?sslmode=disable&PGHOST=evil.example&PGPORT=6666&x="));
        assertThat(e.key()).isEqualTo("connector.host");
        assertThat(e).hasMessageContaining("allowed: one host name");
        // And the driver URL of a good configuration is built from its parts
        ConnectorConfig c = config(b -> b.host("db.example.com").port(6432).database("my db"));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6432/my%20db");
    }

    @Test
    void aHostListIsRefusedNotTurnedIntoMultiHost() {
        InvalidConfigurationException e = refused(b -> b.environment(Map.of("PGHOST", "a,b")));
        assertThat(e).hasMessageStartingWith("connector.host: got 'a,b' from PGHOST: it lists several hosts");
    }

    @Test
    void aUnixSocketDirectoryIsExplained() {
        InvalidConfigurationException e = refused(b -> b.environment(Map.of("PGHOST", "/var/run/postgresql")));
        assertThat(e).hasMessageContaining("Unix-socket directory").hasMessageContaining("TCP")
                .hasMessageContaining("localhost");
    }

    @Test
    void passwordParametersAreMaskedHoweverTheyAreSpelled() {
        for (String url : new String[]{
                "jdbc:postgresql://db/x?pass%77ord=" + SECRET + "&bogus=1",
                "jdbc:postgresql://db/x?password=" + SECRET + " more&bogus=1",
                "jdbc:postgresql://db:port/x?password=my " + SECRET}) {
            InvalidConfigurationException e = refused(b -> b.url(url));
            assertThat(e.getMessage()).as(url).doesNotContain(SECRET);
        }
        assertThat(InvalidConfigurationException.shown(ConnectorProperty.URL,
                "jdbc:postgresql://db:port/x?pass%77ord=" + SECRET + "&a=1")).doesNotContain(SECRET);
        assertThat(InvalidConfigurationException.shown(ConnectorProperty.URL,
                "jdbc:postgresql://db:port/x?password=a " + SECRET + "&a=1")).doesNotContain(SECRET);
    }

    // ---------------------------------------------------------------- ranges: what the server and driver take

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                arguments("connector.statementTimeout", "P200000000000D"),
                arguments("connector.socketTimeout", "P200000000000D"),
                arguments("connector.connectTimeout", "600000h"),
                arguments("connector.retryInitialBackoff", "P200000000000D"),
                arguments("connector.retryMaxBackoff", "P200000000000D"),
                arguments("connector.retryDeadline", "P200000000000D"),
                arguments("connector.statementTimeout", "P30D"),
                arguments("connector.lockTimeout", "99999999999h"),
                arguments("connector.socketTimeout", "999999999999"),
                arguments("connector.idleInTransactionSessionTimeout", "PT2147483648S"),
                arguments("connector.maxLifetime", "P100000D"),
                arguments("connector.statementTimeout", "PT1.9999S"),
                arguments("connector.port", "+5432"),
                arguments("connector.port", "\uff15\uff14\uff13\uff12"),
                arguments("connector.port", "\u0665\u0664\u0663\u0662"),
                arguments("connector.maxPoolSize", "99999999999"),
                arguments("connector.applicationName", "\u00e9".repeat(32)),
                arguments("connector.user", "\u00e9".repeat(32)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("outOfRange")
    void refusesValuesTheServerOrDriverCannotTakeAtBuildTime(String key, String value) {
        Map<String, String> properties = Map.of(key, value);
        InvalidConfigurationException e = refused(b -> b.properties(properties));
        assertThat(e.key()).isEqualTo(key);
        assertThat(e).hasMessageStartingWith(key + ": got '").hasMessageContaining("allowed: ");
    }

    @Test
    void theLargestValuesTheDriverAndServerTakeAreAccepted() {
        ConnectorConfig c = config(b -> b.statementTimeout(Duration.ofMillis(Integer.MAX_VALUE))
                .socketTimeout(Duration.ofSeconds(Integer.MAX_VALUE / 1000)).applicationName("\u00e9".repeat(31) + "x"));
        assertThat(c.statementTimeout()).contains(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(c.applicationName()).hasSize(32);
    }

    @Test
    void aSubMillisecondDurationFromATypedSetterIsRefusedNotTruncated() {
        InvalidConfigurationException e = refused(b -> b.statementTimeout(Duration.ofNanos(1_999_900_000L)));
        assertThat(e).hasMessageContaining("part of a millisecond");
        assertThat(refused(b -> b.retryDeadline(Duration.ofMillis(-500))).key()).isEqualTo("connector.retryDeadline");
    }

    @Test
    void aHugeDurationFromATypedSetterIsAConfigurationErrorNotAnArithmeticException() {
        assertThat(refused(b -> b.retryMaxBackoff(Duration.ofDays(200_000_000_000L))).key())
                .isEqualTo("connector.retryMaxBackoff");
        assertThat(refused(b -> b.statementTimeout(Duration.ofDays(200_000_000_000L))).key())
                .isEqualTo("connector.statementTimeout");
    }

    @Test
    void aServiceNameLongerThan63BytesIsCutOnACharacterBoundaryForTheDefaultApplicationName() {
        ConnectorConfig c = ConnectorConfig.builder().environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "\u00e9".repeat(40),
                "AWS_EXECUTION_ENV", "AWS_Lambda_java17")).build();
        assertThat(c.applicationName()).isEqualTo("\u00e9".repeat(31));
    }

    // ---------------------------------------------------------------- control characters, huge values

    @Test
    void aNulInAnyValueIsRefusedBeforeItCanReachTheStartupPacket() {
        InvalidConfigurationException e = refused(b -> b.environment(Map.of("PGDATABASE",
                "db\0options\0-c search_path=evil")));
        assertThat(e).hasMessageStartingWith("connector.database: got 'db\\u0000options\\u0000-c search_path=evil' "
                + "from PGDATABASE: it contains a control character (U+0000) at position 3");
    }

    @Test
    void controlCharactersAreRefusedInEveryProperty() {
        for (ConnectorProperty p : ConnectorProperty.values()) {
            for (String value : new String[]{"a\0b", "a\nb", "a\u007fb"}) {
                InvalidConfigurationException e = refused(b -> b.set(p, value));
                assertThat(e.key()).as(p.key()).isEqualTo(p.key());
                assertThat(e.getMessage()).as(p.key()).contains("control character");
            }
        }
        Map<String, String> driver = new LinkedHashMap<>();
        driver.put("connector.driver.options", "-c a=b\0-c c=d");
        assertThat(refused(b -> b.properties(driver)).key()).isEqualTo("connector.driver.options");
    }

    @Test
    void aRefusedHugeValueIsShownAsABoundedPrefix() {
        String huge = "x".repeat(1 << 20);
        InvalidConfigurationException e = refused(b -> b.set(ConnectorProperty.PORT, huge));
        assertThat(e.getMessage().length()).isLessThan(1000);
        assertThat(e).hasMessageContaining("(1048576 characters in all)");
        InvalidConfigurationException url = refused(b -> b.url("postgres://db/" + huge + "?bogus=1"));
        assertThat(url.getMessage().length()).isLessThan(1000);
    }
}
