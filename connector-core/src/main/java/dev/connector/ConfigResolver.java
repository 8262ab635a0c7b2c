package dev.connector;

import dev.connector.internal.config.DatabaseUrl;
import dev.connector.internal.config.Redaction;
import dev.connector.internal.config.ValueType;
import org.postgresql.PGProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.connector.ConnectorProperty.*;

/**
 * Merges the configuration sources into one {@link ConnectorConfig}. Sources are layers, highest
 * precedence first; within a layer an explicit key beats the same part of that layer's URL.
 */
final class ConfigResolver {

    /** A raw value and where it came from. */
    record Raw(String text, String origin) {
    }

    /** One source of configuration. */
    static final class Layer {
        final Map<ConnectorProperty, Raw> explicit = new EnumMap<>(ConnectorProperty.class);
        final Map<String, Raw> driver = new LinkedHashMap<>();
        Raw url;

        void set(ConnectorProperty property, String text, String origin) {
            if (property == URL) {
                url = new Raw(text, origin);
            } else {
                explicit.put(property, new Raw(text, origin));
            }
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
                    if (property != URL || layer.url == null) {
                        layer.set(property, value, variable);
                    }
                }
            }
        }
        return List.of(own, libpq);
    }

    static ConnectorConfig resolve(List<Layer> layers, DetectedRuntime runtime) {
        Map<ConnectorProperty, Raw> chosen = new EnumMap<>(ConnectorProperty.class);
        Map<String, Raw> driver = new LinkedHashMap<>();
        for (Layer layer : layers) {
            layer.explicit.forEach(chosen::putIfAbsent);
            layer.driver.forEach(driver::putIfAbsent);
            if (layer.url != null) {
                expandUrl(layer.url, chosen, driver);
            }
        }

        Map<ConnectorProperty, Object> values = new EnumMap<>(ConnectorProperty.class);
        Map<ConnectorProperty, String> sources = new EnumMap<>(ConnectorProperty.class);
        chosen.forEach((property, raw) -> {
            values.put(property, property.parse(raw.text(), raw.origin()));
            sources.put(property, raw.origin());
        });

        applyDefaults(values, sources, runtime);
        checkCombinations(values, sources);
        Map<String, String> driverValues = new LinkedHashMap<>();
        driver.forEach((name, raw) -> driverValues.put(name, raw.text()));
        return new ConnectorConfig(values, sources, driverValues);
    }

    private static void expandUrl(Raw url, Map<ConnectorProperty, Raw> chosen, Map<String, Raw> driver) {
        DatabaseUrl parsed;
        try {
            parsed = DatabaseUrl.parse(url.text().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(URL.key(), URL.key() + ": got '" + Redaction.url(url.text())
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

    private static void putIfPresent(Map<ConnectorProperty, Raw> chosen, ConnectorProperty property, String value,
                                     String origin) {
        if (value != null) {
            chosen.putIfAbsent(property, new Raw(value, origin));
        }
    }

    private static void applyDefaults(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources,
                                      DetectedRuntime runtime) {
        defaultTo(values, sources, HOST, "localhost", "default");
        defaultTo(values, sources, PORT, 5432, "default");
        defaultTo(values, sources, USER, System.getProperty("user.name", "postgres"), "default (operating-system user)");
        defaultTo(values, sources, DATABASE, values.get(USER), "default (the user name)");
        if (!values.containsKey(SSL_MODE) && !isLoopback((String) values.get(HOST))) {
            defaultTo(values, sources, SSL_MODE, "require", "default (non-loopback host)");
        }
        String appName = runtime.serviceName()
                .map(n -> n.length() > 63 ? n.substring(0, 63) : n)
                .orElse("connector");
        defaultTo(values, sources, APPLICATION_NAME, appName,
                runtime.serviceName().isPresent() ? "default (" + runtime.name() + " service name)" : "default");
        defaultTo(values, sources, CONNECT_TIMEOUT, Duration.ofSeconds(10), "default");
        defaultTo(values, sources, SOCKET_TIMEOUT, Duration.ZERO, "default");
        defaultTo(values, sources, LOGIN_TIMEOUT, Duration.ZERO, "default");
        defaultTo(values, sources, TCP_KEEP_ALIVE, Boolean.TRUE, "default");
        defaultTo(values, sources, STRATEGY, "auto", "default");
        defaultTo(values, sources, POOLER, "auto", "default");
        defaultTo(values, sources, SCHEMA_POLICY,
                (runtime.isServerless() ? SchemaPolicy.REFUSE_AT_STARTUP : SchemaPolicy.ALLOW).configValue(),
                runtime.isServerless() ? "default (serverless runtime)" : "default (server)");
        defaultTo(values, sources, SHUTDOWN_HOOK, Boolean.TRUE, "default");
        defaultTo(values, sources, RETRY_DEADLINE, Duration.ofSeconds(5), "default");
        defaultTo(values, sources, RETRY_INITIAL_BACKOFF, Duration.ofMillis(100), "default");
        defaultTo(values, sources, RETRY_MAX_BACKOFF, Duration.ofSeconds(2), "default");
        defaultTo(values, sources, MIN_IDLE, 1, "default");
        defaultTo(values, sources, INSTANCES, 1, "default");
        defaultTo(values, sources, ACQUIRE_TIMEOUT, Duration.ofSeconds(10), "default");
        defaultTo(values, sources, MAX_LIFETIME, Duration.ofMinutes(10), "default");
        defaultTo(values, sources, IDLE_TIMEOUT, Duration.ofMinutes(3), "default");
        defaultTo(values, sources, KEEPALIVE_TIME, Duration.ofMinutes(2), "default");
        defaultTo(values, sources, LEAK_DETECTION_THRESHOLD, Duration.ZERO, "default");
    }

    private static void defaultTo(Map<ConnectorProperty, Object> values, Map<ConnectorProperty, String> sources,
                                  ConnectorProperty property, Object value, String source) {
        if (!values.containsKey(property)) {
            values.put(property, value);
            sources.put(property, source);
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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConnectorProperty p : ConnectorProperty.values()) {
            known.add(p.key());
            int d = distance(key.toLowerCase(Locale.ROOT), p.key().toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = p.key();
            }
        }
        String hint = bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
        return new InvalidConfigurationException(key, key + " in " + sourceName + ": unknown key" + hint
                + "; allowed: " + String.join(", ", known) + ", or " + DRIVER_PREFIX + "<pgjdbc property>");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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
