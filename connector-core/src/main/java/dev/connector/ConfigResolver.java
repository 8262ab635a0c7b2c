package dev.connector;

import dev.connector.internal.config.DatabaseUrl;
import dev.connector.internal.config.DriverLimits;
import dev.connector.internal.config.PropertyDefault;
import dev.connector.internal.config.PropertyTable;
import dev.connector.internal.config.Refusals;
import dev.connector.internal.config.Redaction;
import dev.connector.internal.config.ValueType;
import org.postgresql.PGProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import static dev.connector.ConnectorProperty.*;

/**
 * Merges the configuration sources into one {@link ConnectorConfig}. Sources are layers, highest
 * precedence first; within a layer an explicit key beats the same part of that layer's URL.
 */
final class ConfigResolver {

    /** A raw value and where it came from; the text is null when a builder was given null. */
    record Raw(String text, String origin) {
    }

    /**
     * What a default's derivation reads: the values resolved so far, and the runtime. A value not resolved yet
     * is resolved from its own default first, so derivations may read each other in any table order.
     */
    static final class Defaults {
        private final Map<ConnectorProperty, Object> values;
        private final Map<ConnectorProperty, String> sources;
        private final DetectedRuntime runtime;

        Defaults(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources, DetectedRuntime runtime) {
            this.values = values;
            this.sources = sources;
            this.runtime = runtime;
        }

        Object value(ConnectorProperty property) {
            if (!values.containsKey(property) && !sources.containsKey(property)) {
                PropertyDefault.Derived d = property.defaultSpec().resolve(this);
                sources.put(property, d == null ? "not set" : d.source());
                if (d != null && d.value() != null) {
                    values.put(property, d.value());
                }
            }
            return values.get(property);
        }

        PropertyDefault.Derived user() {
            return new PropertyDefault.Derived(System.getProperty("user.name", "postgres"), "default (operating-system user)");
        }

        PropertyDefault.Derived database() {
            return new PropertyDefault.Derived(value(USER), "default (the user name)");
        }

        PropertyDefault.Derived sslMode() {
            return isLoopback((String) value(HOST)) ? null
                    : new PropertyDefault.Derived(ConnectorConfig.SslMode.REQUIRE, "default (non-loopback host)");
        }

        PropertyDefault.Derived applicationName() {
            Optional<String> service = runtime.serviceName().map(n -> truncateToBytes(n, DriverLimits.NAME_BYTES));
            return service.isPresent()
                    ? new PropertyDefault.Derived(service.get(), "default (" + runtime.name() + " service name)")
                    : new PropertyDefault.Derived("connector", "default");
        }

        PropertyDefault.Derived schemaPolicy() {
            return runtime.isServerless()
                    ? new PropertyDefault.Derived(SchemaPolicy.REFUSE_AT_STARTUP, "default (serverless runtime)")
                    : new PropertyDefault.Derived(SchemaPolicy.ALLOW, "default (server)");
        }
    }

    /** The longest prefix of {@code text} that fits in {@code maxBytes} of UTF-8, never splitting a character. */
    static String truncateToBytes(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** One source of configuration. */
    static final class Layer {
        final Map<ConnectorProperty, Raw> explicit = new EnumMap<>(ConnectorProperty.class);
        final Map<String, Raw> driver = new LinkedHashMap<>();
        /** URLs of this source, the one that wins first (JDBC_DATABASE_URL before DATABASE_URL). */
        final List<Raw> urls = new ArrayList<>();

        /** Sets a value; a URL is added after any this source already has, another key replaces its value. */
        void set(ConnectorProperty property, String text, String origin) {
            if (property == URL) {
                urls.add(new Raw(text, origin));
            } else {
                explicit.put(property, new Raw(text, origin));
            }
        }

        /** As {@link #set}, but a URL replaces the one set before: a builder's second url() call wins. */
        void replace(ConnectorProperty property, String text, String origin) {
            if (property == URL) {
                urls.clear();
            }
            set(property, text, origin);
        }
    }

    /** URL parameters that are this library's own properties, by their pgjdbc and libpq names. */
    private static final Map<String, ConnectorProperty> OWN_PARAMETERS = Map.ofEntries(
            Map.entry("user", USER),
            Map.entry("password", PASSWORD),
            Map.entry("sslmode", SSL_MODE),
            Map.entry("ApplicationName", APPLICATION_NAME),
            Map.entry("application_name", APPLICATION_NAME),
            Map.entry("connectTimeout", CONNECT_TIMEOUT),
            Map.entry("connect_timeout", CONNECT_TIMEOUT),
            Map.entry("socketTimeout", SOCKET_TIMEOUT),
            Map.entry("loginTimeout", LOGIN_TIMEOUT),
            Map.entry("tcpKeepAlive", TCP_KEEP_ALIVE),
            Map.entry("PGHOST", HOST),
            Map.entry("PGPORT", PORT),
            Map.entry("PGDBNAME", DATABASE));

    /** libpq parameter names whose pgjdbc property has another name. */
    private static final Map<String, String> LIBPQ_ALIASES = Map.of(
            "channel_binding", "channelBinding",
            "target_session_attrs", "targetServerType");

    private ConfigResolver() {
    }

    /** The {@code connector.*} keys of a Properties or map, as a layer; unknown keys are an error. */
    static Layer fromProperties(Map<?, ?> properties, String sourceName) {
        Layer layer = new Layer();
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.startsWith(PREFIX) || e.getValue() == null) {
                continue;
            }
            String value = String.valueOf(e.getValue());
            String origin = key + " in " + sourceName;
            if (key.startsWith(DRIVER_PREFIX)) {
                String name = key.substring(DRIVER_PREFIX.length());
                checkDriverProperty(name, key, origin);
                int control = Redaction.controlCharacter(value);
                if (control >= 0) {
                    throw new InvalidConfigurationException(key, key + ": got '" + (Redaction.isSecretName(name)
                            ? Redaction.MASK : Redaction.shown(value)) + "'" + InvalidConfigurationException.from(origin)
                            + ": it contains a control character at position " + (control + 1)
                            + "; allowed: text without control characters");
                }
                layer.driver.put(name, new Raw(value, origin));
                continue;
            }
            ConnectorProperty property = ConnectorProperty.forKey(key)
                    .orElseThrow(() -> unknownKey(key, sourceName));
            layer.set(property, value, origin);
        }
        return layer;
    }

    /** The environment as two layers: CONNECTOR_* variables with the URL, then the libpq variables. */
    static List<Layer> fromEnvironment(Map<String, String> env) {
        Layer own = new Layer();
        Layer libpq = new Layer();
        for (ConnectorProperty property : ConnectorProperty.values()) {
            for (String variable : property.environmentVariables()) {
                String value = env.get(variable);
                if (value == null || value.isEmpty()) {
                    continue;
                }
                Layer layer = variable.startsWith("PG") ? libpq : own;
                if (property == URL || !layer.explicit.containsKey(property)) {
                    layer.set(property, value, variable);
                }
            }
        }
        refuseUnknownVariables(env);
        return List.of(own, libpq);
    }

    /**
     * A {@code CONNECTOR_*} variable that neither core's table nor any module's {@link PropertyTable} on the class
     * path knows is refused, as an unknown {@code connector.*} key is: a typo must not be silently ignored.
     */
    private static void refuseUnknownVariables(Map<String, String> env) {
        Set<String> known = knownVariables();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (name.startsWith(VARIABLE_PREFIX) && !known.contains(name)) {
                List<String> connectorOnes = known.stream().filter(v -> v.startsWith(VARIABLE_PREFIX)).sorted().toList();
                throw new InvalidConfigurationException(name, name + ": unknown environment variable"
                        + Refusals.suggestion(name, connectorOnes) + "; allowed: " + String.join(", ", connectorOnes)
                        + " (the environment column of each module's configuration reference)");
            }
        }
    }

    /** The prefix of the connector's own environment variables, in every module. */
    static final String VARIABLE_PREFIX = "CONNECTOR_";

    private static Set<String> knownVariables() {
        Set<String> known = new HashSet<>();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            known.addAll(p.environmentVariables());
        }
        for (PropertyTable table : ServiceLoader.load(PropertyTable.class, ConfigResolver.class.getClassLoader())) {
            known.addAll(table.environmentVariables());
        }
        return known;
    }

    static ConnectorConfig resolve(List<Layer> layers, DetectedRuntime runtime) {
        Map<ConnectorProperty, List<Raw>> given = new EnumMap<>(ConnectorProperty.class);
        Map<String, Raw> driver = new LinkedHashMap<>();
        for (Layer layer : layers) {
            layer.explicit.forEach((p, raw) -> given.computeIfAbsent(p, k -> new ArrayList<>()).add(raw));
            layer.driver.forEach(driver::putIfAbsent);
            for (Raw url : layer.urls) {
                expandUrl(url, given, driver);
            }
        }

        // every value given is validated, the ones another source overrides too; the first one wins
        Map<ConnectorProperty, Object> values = new EnumMap<>(ConnectorProperty.class);
        Map<ConnectorProperty, String> sources = new EnumMap<>(ConnectorProperty.class);
        Map<ConnectorProperty, List<String>> overridden = new EnumMap<>(ConnectorProperty.class);
        given.forEach((property, raws) -> {
            for (Raw raw : raws) {
                Object value = parse(property, raw);
                if (!sources.containsKey(property)) {
                    values.put(property, value);
                    sources.put(property, raw.origin());
                } else {
                    overridden.computeIfAbsent(property, k -> new ArrayList<>()).add(raw.origin());
                }
            }
        });

        Defaults defaults = new Defaults(values, sources, runtime);
        for (ConnectorProperty property : ConnectorProperty.values()) {
            defaults.value(property);
        }
        sources.values().removeIf("not set"::equals);
        checkCombinations(values, sources);
        Map<String, String> driverValues = new LinkedHashMap<>();
        driver.forEach((name, raw) -> driverValues.put(name, raw.text()));
        ConnectorConfig config = new ConnectorConfig(values, sources, overridden, driverValues, runtime);
        Wiring.sessionSettings(config, Wiring.poolerOf(config)); // refuses what a pooler cannot honour
        return config;
    }

    /** The typed value of one given text, or the configuration error that names the key, value and source. */
    static Object parse(ConnectorProperty property, Raw raw) {
        return Refusals.parse(property.key(), raw.text(), property.isSecret(), raw.origin(), property.type());
    }

    private static void expandUrl(Raw url, Map<ConnectorProperty, List<Raw>> chosen, Map<String, Raw> driver) {
        parse(URL, url); // null and control characters
        DatabaseUrl parsed;
        try {
            parsed = DatabaseUrl.parse(url.text().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(URL.key(), URL.key() + ": got '" + Redaction.shown(url.text())
                    + "'" + InvalidConfigurationException.from(url.origin()) + ": " + e.getMessage()
                    + "; allowed: jdbc:postgresql://host:port/database?param=value or "
                    + "postgres://user:password@host:port/database?param=value");
        }
        String origin = "URL in " + url.origin();
        putIfPresent(chosen, HOST, parsed.host, origin);
        putIfPresent(chosen, PORT, parsed.port, origin);
        putIfPresent(chosen, DATABASE, parsed.database, origin);
        putIfPresent(chosen, USER, parsed.user, origin);
        putIfPresent(chosen, PASSWORD, parsed.password, origin);
        parsed.parameters.forEach((name, value) -> {
            ConnectorProperty own = OWN_PARAMETERS.get(name);
            if (own != null) {
                putIfPresent(chosen, own, value, origin + " (parameter " + name + ")");
                return;
            }
            String pgjdbcName = LIBPQ_ALIASES.getOrDefault(name, name);
            if (PGProperty.forName(pgjdbcName) == null) {
                throw new InvalidConfigurationException(URL.key(), URL.key() + ": the URL" 
                        + InvalidConfigurationException.from(url.origin()) + " has parameter '" + name
                        + "', which is neither a pgjdbc connection property nor a libpq parameter the connector "
                        + "understands; allowed: pgjdbc's property names (https://jdbc.postgresql.org/documentation/use/) "
                        + "and the libpq names " + String.join(", ", LIBPQ_ALIASES.keySet()));
            }
            String shown = "targetServerType".equals(pgjdbcName) && !pgjdbcName.equals(name)
                    ? targetServerType(value, url.origin()) : value;
            driver.putIfAbsent(pgjdbcName, new Raw(shown, origin + " (parameter " + name + ")"));
        });
    }

    private static String targetServerType(String libpqValue, String origin) {
        switch (libpqValue) {
            case "any": return "any";
            case "read-write": case "primary": return "primary";
            case "read-only": case "standby": return "secondary";
            case "prefer-standby": return "preferSecondary";
            default:
                throw new InvalidConfigurationException(URL.key(), URL.key() + ": parameter target_session_attrs"
                        + InvalidConfigurationException.from(origin) + " got '" + libpqValue
                        + "'; allowed: any, read-write, primary, read-only, standby, prefer-standby");
        }
    }

    private static void putIfPresent(Map<ConnectorProperty, List<Raw>> given, ConnectorProperty property, String value,
                                     String origin) {
        if (value != null) {
            given.computeIfAbsent(property, k -> new ArrayList<>()).add(new Raw(value, origin));
        }
    }

    private static void checkCombinations(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources) {
        if (values.containsKey(MAX_POOL_SIZE)
                && (Integer) values.get(MIN_IDLE) > (Integer) values.get(MAX_POOL_SIZE)) {
            throw conflict(MIN_IDLE, values, sources, "must not exceed " + MAX_POOL_SIZE.key() + " ("
                    + values.get(MAX_POOL_SIZE) + ")");
        }
        if (values.containsKey(SERVER_MAX_CONNECTIONS) && values.containsKey(RESERVED_CONNECTIONS)
                && (Integer) values.get(RESERVED_CONNECTIONS) >= (Integer) values.get(SERVER_MAX_CONNECTIONS)) {
            throw conflict(RESERVED_CONNECTIONS, values, sources, "must be below " + SERVER_MAX_CONNECTIONS.key()
                    + " (" + values.get(SERVER_MAX_CONNECTIONS) + ")");
        }
        if (((Duration) values.get(RETRY_INITIAL_BACKOFF)).compareTo((Duration) values.get(RETRY_MAX_BACKOFF)) > 0) {
            throw conflict(RETRY_INITIAL_BACKOFF, values, sources, "must not exceed " + RETRY_MAX_BACKOFF.key() + " ("
                    + ValueType.format((Duration) values.get(RETRY_MAX_BACKOFF)) + ")");
        }
        Duration maxLifetime = (Duration) values.get(MAX_LIFETIME);
        if (!maxLifetime.isZero()) {
            for (ConnectorProperty p : List.of(IDLE_TIMEOUT, KEEPALIVE_TIME, LEAK_DETECTION_THRESHOLD)) {
                Duration d = (Duration) values.get(p);
                if (d.compareTo(maxLifetime) >= 0) {
                    throw conflict(p, values, sources, "must be below " + MAX_LIFETIME.key() + " ("
                            + ValueType.format(maxLifetime) + "), or 0");
                }
            }
        }
    }

    private static InvalidConfigurationException conflict(ConnectorProperty property,
                                                          Map<ConnectorProperty, Object> values,
                                                          Map<ConnectorProperty, String> sources, String rule) {
        Object v = values.get(property);
        String shown = v instanceof Duration ? ValueType.format((Duration) v) : String.valueOf(v);
        return new InvalidConfigurationException(property.key(), property.key() + ": got '" + shown + "'"
                + InvalidConfigurationException.from(sources.get(property)) + "; it " + rule);
    }

    private static void checkDriverProperty(String name, String key, String origin) {
        ConnectorProperty own = OWN_PARAMETERS.get(name);
        if (own != null) {
            throw new InvalidConfigurationException(key, key + InvalidConfigurationException.from(origin)
                    + ": the connector manages this itself; set " + own.key() + " instead");
        }
        if (PGProperty.forName(name) == null) {
            throw new InvalidConfigurationException(key, key + InvalidConfigurationException.from(origin)
                    + ": '" + name + "' is not a pgjdbc connection property; allowed: the names listed at "
                    + "https://jdbc.postgresql.org/documentation/use/ (case-sensitive)");
        }
    }

    private static InvalidConfigurationException unknownKey(String key, String sourceName) {
        List<String> known = new ArrayList<>();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            known.add(p.key());
        }
        return new InvalidConfigurationException(key, key + " in " + sourceName + ": unknown key"
                + Refusals.suggestion(key, known) + "; allowed: " + String.join(", ", known) + ", or "
                + DRIVER_PREFIX + "<pgjdbc property>");
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.startsWith("/");
    }
}
