package dev.connector.lambda.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatJsonTest {

    @Test
    void readsTopLevelStringsNumbersAndLiteralsAndSkipsNestedValues() {
        Map<String, String> m = FlatJson.parse(" { \"a\" : \"x\\\"y\\\\z\\u00e9\\n\", \"n\": 5432, \"t\": true, \"z\": null,"
                + " \"arr\": [\"}\", {\"k\": [1, 2]}], \"o\": {\"p\": \"]\"}, \"last\": \"v\" } ");
        assertThat(m).containsExactly(Map.entry("a", "x\"y\\zé\n"), Map.entry("n", "5432"), Map.entry("t", "true"),
                Map.entry("last", "v"));
    }

    @Test
    void anyStringSurvivesEncodingAndParsing() {
        Random random = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(30);
            for (int j = 0; j < length; j++) {
                s.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0xD800)));
            }
            String value = s.toString();
            assertThat(FlatJson.parse("{\"k\":\"" + encode(value) + "\"}")).containsEntry("k", value);
        }
    }

    @Test
    void malformedInputIsRefusedWithoutQuotingIt() {
        for (String bad : new String[]{"", "[]", "{\"password\":\"hunter2\"", "{\"password\" \"hunter2\"}", "{\"a\":}"}) {
            assertThatThrownBy(() -> FlatJson.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("hunter2");
        }
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
