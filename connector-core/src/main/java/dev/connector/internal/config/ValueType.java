package dev.connector.internal.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a property's text becomes a typed value, how a value is written back as text, and how the allowed
 * values are described in errors and docs. Shared by every module's property table.
 *
 * <p>Parsing fails with {@link IllegalArgumentException} whose message is the allowed-values text, sometimes
 * preceded by the specific reason; the caller adds the key and the (masked, bounded) value. Control characters
 * are refused before any type sees the text (see {@link Shown#controlCharacter}).
 */
public abstract class ValueType<T> {

    private final Class<?> javaType;
    private final String allowed;

    private ValueType(Class<?> javaType, String allowed) {
        this.javaType = javaType;
        this.allowed = allowed;
    }

    /** What is allowed, as a phrase: "an integer from 1 to 65535". */
    public final String allowed() {
        return allowed;
    }

    /** The Java type of parsed values. */
    public final Class<?> javaType() {
        return javaType;
    }

    /** The value of this text, or {@link IllegalArgumentException} saying what is allowed. */
    public abstract T parse(String text);

    /** The text that parses back to exactly this value (so a typed setter is validated like any text). */
    public String write(T value) {
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    public final String writeAny(Object value) {
        return write((T) value);
    }

    final Refused refused() {
        return new Refused(null, allowed);
    }

    final Refused refused(String reason) {
        return new Refused(reason, allowed);
    }

    /** A value was refused: why (when there is more to say than what is allowed), and what is allowed. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final String allowed;

        public Refused(String reason, String allowed) {
            super(reason == null ? allowed : reason + "; allowed: " + allowed);
            this.reason = reason;
            this.allowed = allowed;
        }

        /** Why, beyond what is allowed; null when the allowed values say it all. */
        public String reason() {
            return reason;
        }

        public String allowed() {
            return allowed;
        }
    }

    // ------------------------------------------------------------------ text

    /** Non-empty text of at most {@code maxBytes} bytes in UTF-8: the server's limit on names (NAMEDATALEN - 1). */
    public static ValueType<String> identifier(int maxBytes) {
        return new ValueType<>(String.class, "text of at most " + maxBytes + " characters (" + maxBytes
                + " bytes in UTF-8, the server's limit)") {
            @Override
            public String parse(String text) {
                if (text.isEmpty() || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                    throw refused();
                }
                return text;
            }
        };
    }

    /** Any text without control characters. */
    public static ValueType<String> text() {
        return described("any text");
    }

    /** Text checked elsewhere (a URL is taken apart by {@link DatabaseUrl}); {@code allowed} describes it. */
    public static ValueType<String> described(String allowed) {
        return new ValueType<>(String.class, allowed) {
            @Override
            public String parse(String text) {
                return text;
            }
        };
    }

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("(?i)[0-9a-f:.]+(%[a-z0-9_.-]+)?");

    /**
     * One host: a DNS name, an IPv4 address or an IPv6 address (without brackets). Never a list, a path, a
     * port or anything that would change the driver's URL when put into it.
     */
    public static ValueType<String> host() {
        return new ValueType<>(String.class, "one host name, IPv4 address or IPv6 address of at most 253 characters "
                + "(no port, path, list or URL)") {
            @Override
            public String parse(String text) {
                if (text.startsWith("/")) {
                    throw refused("this is a Unix-socket directory (as libpq's PGHOST allows); pgjdbc connects over "
                            + "TCP only: set the host to the server's name or address, for example localhost");
                }
                if (text.indexOf(',') >= 0) {
                    throw refused("it lists several hosts; give one host (multi-host failover is not supported)");
                }
                if (text.length() > 253) {
                    throw refused();
                }
                if (text.indexOf(':') >= 0) {
                    if (IPV6.matcher(text).matches() && text.chars().filter(c -> c == ':').count() >= 2) {
                        return text;
                    }
                    throw refused("a host with one ':' carries a port; set the port separately");
                }
                if (!HOST_NAME.matcher(text).matches()) {
                    throw refused();
                }
                return text;
            }
        };
    }

    // ------------------------------------------------------------------ numbers and words

    private static final Pattern ASCII_INTEGER = Pattern.compile("-?[0-9]{1,10}");

    /** An integer in ASCII digits, no sign but '-', from {@code min} to {@code max}. */
    public static ValueType<Integer> integer(int min, int max) {
        String allowed = max == Integer.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        return new ValueType<>(Integer.class, allowed) {
            @Override
            public Integer parse(String text) {
                String t = text.trim();
                if (!ASCII_INTEGER.matcher(t).matches()) {
                    throw refused();
                }
                long value = Long.parseLong(t);
                if (value < min || value > max) {
                    throw refused();
                }
                return (int) value;
            }
        };
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>(Boolean.class, "true or false") {
            @Override
            public Boolean parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false")) {
                    return Boolean.FALSE;
                }
                throw refused();
            }
        };
    }

    /** One of a fixed set of words (any case), each standing for a value. */
    public static <T> ValueType<T> oneOf(Class<?> javaType, Map<String, T> words) {
        Map<String, T> copy = new LinkedHashMap<>(words);
        return new ValueType<>(javaType, "one of " + String.join(", ", copy.keySet())) {
            @Override
            public T parse(String text) {
                T value = copy.get(text.trim().toLowerCase(Locale.ROOT));
                if (value == null) {
                    throw refused();
                }
                return value;
            }

            @Override
            public String write(T value) {
                for (Map.Entry<String, T> e : copy.entrySet()) {
                    if (e.getValue().equals(value)) {
                        return e.getKey();
                    }
                }
                return String.valueOf(value);
            }
        };
    }

    /** The constants of an enum, each spelled by {@code word}. */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type, Function<E, String> word) {
        Map<String, E> words = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            words.put(word.apply(e), e);
        }
        return oneOf(type, words);
    }

    // ------------------------------------------------------------------ durations

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})\\s*(ms|s|min|m|h)?");

    /**
     * A duration: {@code 500ms}, {@code 10s}, {@code 2min} (or {@code 2m}), {@code 1h}, ISO-8601
     * ({@code PT10S}), or a bare whole number in {@code bareUnit} ("seconds" or "milliseconds"). Zero is allowed
     * when {@code zeroMeans} is not null; otherwise the smallest value is {@code min}. The largest is {@code max}:
     * what the server or the driver can take. Negative values and parts of a millisecond are refused.
     */
    public static ValueType<Duration> duration(String bareUnit, Duration min, Duration max, String zeroMeans,
                                               boolean wholeSeconds) {
        StringBuilder allowed = new StringBuilder("a duration such as 500ms, 10s, 2min, 1h or PT10S (a bare number is ")
                .append(bareUnit).append(")");
        if (zeroMeans != null) {
            allowed.append(", 0 for ").append(zeroMeans).append(", or at least ").append(format(min));
        } else {
            allowed.append(" of at least ").append(format(min));
        }
        allowed.append(" and at most ").append(format(max)).append(approximately(max));
        if (wholeSeconds) {
            allowed.append(", in whole seconds");
        } else {
            allowed.append(", in whole milliseconds");
        }
        return new ValueType<>(Duration.class, allowed.toString()) {
            @Override
            public Duration parse(String text) {
                Duration d = parseDuration(text.trim(), bareUnit);
                if (d == null || d.isNegative()) {
                    throw refused();
                }
                if (d.getNano() % 1_000_000 != 0) {
                    throw refused("it has a part of a millisecond, which would be cut off");
                }
                if (d.isZero() && zeroMeans != null) {
                    return d;
                }
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0 || (wholeSeconds && d.getNano() != 0)) {
                    throw refused();
                }
                return d;
            }

            @Override
            public String write(Duration value) {
                return exact(value);
            }
        };
    }

    private static String approximately(Duration max) {
        return max.toDays() >= 2 ? String.format(Locale.ROOT, " (%.1f days)", max.toMillis() / 86_400_000.0) : "";
    }

    /** A duration as text that parses back to exactly it: the short form when it has one, else ISO-8601. */
    public static String exact(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0 || d.getSeconds() > 1_000_000_000L) {
            return d.toString();
        }
        return format(d);
    }

    private static Duration parseDuration(String text, String bareUnit) {
        if (text.regionMatches(true, 0, "P", 0, 1) || text.regionMatches(true, 0, "-P", 0, 2)) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? bareUnit : m.group(2);
        switch (unit) {
            case "ms":
            case "milliseconds":
                return Duration.ofMillis(n);
            case "s":
            case "seconds":
                return Duration.ofSeconds(n);
            case "m":
            case "min":
                return Duration.ofMinutes(n);
            default:
                return Duration.ofHours(n);
        }
    }

    /** A short human form of a duration: 500ms, 10s, 3min, 1h; ISO-8601 beyond what milliseconds can say. */
    public static String format(Duration d) {
        if (d.getSeconds() > 1_000_000_000L || d.isNegative()) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0 && d.isZero()) {
            return "0";
        }
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

    /** The words of a list, comma separated. */
    public static String joined(List<String> words) {
        return String.join(", ", new ArrayList<>(words));
    }
}
