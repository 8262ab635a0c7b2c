package dev.connector.migrations.internal;

import java.util.List;

/** Just enough JSON for the command's output. */
public final class Json {

    private final StringBuilder out = new StringBuilder("{");

    public Json field(String name, Object value) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(quote(name)).append(':').append(value(value));
        return this;
    }

    /** A field whose value is already JSON. */
    public Json raw(String name, String json) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(quote(name)).append(':').append(json);
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    public static String array(List<?> values) {
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            a.append(i == 0 ? "" : ",").append(value(values.get(i)));
        }
        return a.append(']').toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        if (v instanceof List) {
            return array((List<?>) v);
        }
        if (v instanceof Json) {
            return v.toString();
        }
        return quote(v.toString());
    }

    public static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
