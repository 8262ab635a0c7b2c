package dev.connector.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a property's text becomes a value, and how its allowed values are described in errors and docs.
 * Parsing fails with {@link IllegalArgumentException} whose message is only the allowed-values text;
 * the caller adds the key and the value.
 */
public abstract class ValueType {

    private final String allowed;

    private ValueType(String allowed) {
        this.allowed = allowed;
    }

    /** What is allowed, as a phrase: "an integer from 1 to 65535". */
    public final String allowed() {
        return allowed;
    }

    public abstract Object parse(String text);

    public static ValueType text() {
        return new ValueType("any text") {
            @Override
            public Object parse(String text) {
                return text;
            }
        };
    }

    /** Text checked elsewhere (a URL is taken apart by {@link DatabaseUrl}); {@code allowed} describes it. */
    public static ValueType describedText(String allowed) {
        return new ValueType(allowed) {
            @Override
            public Object parse(String text) {
                return text;
            }
        };
    }

    public static ValueType text(int maxLength) {
        return new ValueType("text of at most " + maxLength + " characters") {
            @Override
            public Object parse(String text) {
                if (text.isEmpty() || text.length() > maxLength) {
                    throw new IllegalArgumentException(allowed());
                }
                return text;
            }
        };
    }

    public static ValueType integer(int min, int max) {
        String allowed = max == Integer.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        return new ValueType(allowed) {
            @Override
            public Object parse(String text) {
                try {
                    int value = Integer.parseInt(text.trim());
                    if (value < min || value > max) {
                        throw new IllegalArgumentException(allowed());
                    }
                    return value;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(allowed());
                }
            }
        };
    }

    public static ValueType bool() {
        return new ValueType("true or false") {
            @Override
            public Object parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException(allowed());
            }
        };
    }

    /** One of a fixed set of lower-case words; parses to the word itself. */
    public static ValueType oneOf(String... words) {
        List<String> list = Arrays.asList(words);
        return new ValueType("one of " + String.join(", ", list)) {
            @Override
            public Object parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!list.contains(t)) {
                    throw new IllegalArgumentException(allowed());
                }
                return t;
            }
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|m|h)?");
    private static final Set<String> MINUTE_UNITS = Set.of("m", "min");

    /**
     * A duration: {@code 500ms}, {@code 10s}, {@code 2min} (or {@code 2m}), {@code 1h}, ISO-8601
     * ({@code PT10S}), or a bare whole number in {@code bareUnit}. Zero is allowed when {@code zeroMeans}
     * is not null; otherwise the smallest value is {@code min}.
     */
    public static ValueType duration(String bareUnit, Duration min, String zeroMeans, boolean wholeSeconds) {
        StringBuilder allowed = new StringBuilder("a duration such as 500ms, 10s, 2min, 1h or PT10S (a bare number is ")
                .append(bareUnit).append(")");
        if (zeroMeans != null) {
            allowed.append(", 0 for ").append(zeroMeans).append(", or at least ").append(format(min));
        } else {
            allowed.append(" of at least ").append(format(min));
        }
        if (wholeSeconds) {
            allowed.append(", in whole seconds");
        }
        return new ValueType(allowed.toString()) {
            @Override
            public Object parse(String text) {
                Duration d = parseDuration(text.trim(), bareUnit);
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException(allowed());
                }
                if (d.isZero() && zeroMeans != null) {
                    return d;
                }
                if (d.compareTo(min) < 0 || (wholeSeconds && d.toMillis() % 1000 != 0)) {
                    throw new IllegalArgumentException(allowed());
                }
                return d;
            }
        };
    }

    private static Duration parseDuration(String text, String bareUnit) {
        if (text.regionMatches(true, 0, "PT", 0, 2) || text.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? bareUnit : m.group(2);
        if (unit.equals("ms") || unit.equals("milliseconds")) {
            return Duration.ofMillis(n);
        }
        if (unit.equals("s") || unit.equals("seconds")) {
            return Duration.ofSeconds(n);
        }
        if (MINUTE_UNITS.contains(unit)) {
            return Duration.ofMinutes(n);
        }
        return Duration.ofHours(n);
    }

    /** A short human form of a duration: 500ms, 10s, 3min, 1h. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    public static String joined(Set<String> words) {
        return words.stream().sorted().collect(Collectors.joining(", "));
    }
}
