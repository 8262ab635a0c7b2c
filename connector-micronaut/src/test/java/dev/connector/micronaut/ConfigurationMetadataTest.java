package dev.connector.micronaut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connector.ConnectorProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDE metadata: the standard keys come from Micronaut's processor; the connector's own keys
 * (datasources.*.connector.*) from additional-spring-configuration-metadata.json, generated from
 * {@link ConnectorProperty} and checked here so that the two cannot drift. To regenerate:
 * {@code mvn -pl connector-micronaut test -Dtest=ConfigurationMetadataTest -Dconnector.writeMetadata=true}.
 */
class ConfigurationMetadataTest {

    private static final Path ADDITIONAL = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    static String expected() {
        StringBuilder json = new StringBuilder("{\n  \"properties\": [\n");
        List<String> entries = new ArrayList<>();
        for (ConnectorProperty p : ConnectorProperty.values()) {
            if (p == ConnectorProperty.URL || p == ConnectorProperty.USER || p == ConnectorProperty.PASSWORD) {
                continue; // the standard keys url, username and password carry these
            }
            entries.add("    {\"name\": \"datasources.*.connector." + kebab(p.key().substring(ConnectorProperty.PREFIX.length()))
                    + "\", \"type\": \"java.lang.String\", \"description\": " + quote(p.description() + " Allowed: "
                    + p.allowedValues() + "." + p.defaultValue().map(d -> " Default: " + d + ".").orElse("")) + "}");
        }
        json.append(String.join(",\n", entries)).append("\n  ]\n}\n");
        return json.toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void theConnectorKeysInTheIdeMetadataMatchThePropertyTable() throws IOException {
        if (Boolean.getBoolean("connector.writeMetadata")) {
            Files.writeString(ADDITIONAL, expected(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(ADDITIONAL, StandardCharsets.UTF_8)).as("regenerate with -Dconnector.writeMetadata=true")
                .isEqualTo(expected());
        JsonNode parsed = new ObjectMapper().readTree(expected());
        assertThat(parsed.get("properties").size()).isEqualTo(ConnectorProperty.values().length - 3);
    }

    @Test
    void everyMicronautStandardKeyMapsToAConnectorProperty() {
        // Given every standard key the configuration class binds (its getters, minus name, enabled and the maps)
        List<String> bound = new ArrayList<>();
        for (java.lang.reflect.Method m : ConnectorDataSourceConfiguration.class.getDeclaredMethods()) {
            String n = m.getName();
            if (n.startsWith("get") && m.getParameterCount() == 0 && !List.of("getName", "getConnector",
                    "getDriverClassName").contains(n)) {
                bound.add(kebab(Character.toLowerCase(n.charAt(3)) + n.substring(4)));
            }
        }
        // Then each is in the factory's table, mapped to a property of the connector's table
        List<String> mapped = ConnectorDataSourceFactory.STANDARD_KEYS.stream()
                .map(ConnectorDataSourceFactory.StandardKey::key).toList();
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(bound);
        ConnectorDataSourceFactory.STANDARD_KEYS.forEach(k ->
                assertThat(ConnectorProperty.forKey(k.property().key())).contains(k.property()));
    }

    @Test
    void micronautGeneratesMetadataForTheStandardKeys() throws IOException {
        JsonNode generated = new ObjectMapper().readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        List<String> names = new ArrayList<>();
        generated.get("properties").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("datasources.*.url", "datasources.*.username", "datasources.*.maximum-pool-size",
                "datasources.*.enabled", "datasources.*.connector");
    }
}
