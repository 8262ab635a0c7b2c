package dev.connector.lambda.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level members of a JSON object whose values are strings, numbers or literals, as text; nested
 * objects and arrays are skipped. Enough for a GetSecretValue answer and an RDS secret, without a dependency.
 * Errors never quote the input: it holds secrets.
 */
public final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    public static Map<String, String> parse(String json) {
        FlatJson p = new FlatJson(json);
        Map<String, String> out = new LinkedHashMap<>();
        p.space();
        p.expect('{');
        p.space();
        if (p.peek() == '}') {
            p.at++;
            return out;
        }
        while (true) {
            p.space();
            String key = p.string();
            p.space();
            p.expect(':');
            p.space();
            String value = p.value();
            if (value != null) {
                out.put(key, value);
            }
            p.space();
            char c = p.next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw p.error("',' or '}'");
            }
        }
    }

    /** A string, number or literal as text; null for null and for a nested object or array (skipped). */
    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            skipNested();
            return null;
        }
        int start = at;
        while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String literal = text.substring(start, at);
        if (literal.isEmpty()) {
            throw error("a value");
        }
        return literal.equals("null") ? null : literal;
    }

    private void skipNested() {
        int depth = 0;
        do {
            char c = peek();
            if (c == '"') {
                string();
                continue;
            }
            at++;
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        } while (depth > 0);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("four hex digits");
                    }
                    at += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("more input");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("'" + c + "'");
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("not a JSON object as expected: " + expected + " expected at character "
                + at + " of " + text.length());
    }
}
