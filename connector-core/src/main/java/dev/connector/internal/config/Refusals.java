package dev.connector.internal.config;

import dev.connector.InvalidConfigurationException;

import java.util.Collection;
import java.util.Locale;

/**
 * The one way every module turns a given text into a typed value or a configuration error that names the key,
 * a masked and bounded view of the value, where it came from, why, and what is allowed.
 */
public final class Refusals {

    private Refusals() {
    }

    /**
     * The typed value of {@code text} given for {@code key} from {@code source}; control characters are refused
     * before the type sees the text, and any failure of the type is a configuration error, never a crash.
     */
    public static <T> T parse(String key, String text, boolean secret, String source, ValueType<T> type) {
        if (text == null) {
            throw new InvalidConfigurationException(key, key + ": got null" + from(key, source)
                    + " (an environment variable that is not set?); allowed: " + type.allowed()
                    + ", or leave the setter out for the default");
        }
        int control = Redaction.controlCharacter(text);
        if (control >= 0) {
            throw badValue(key, text, secret, source, String.format(Locale.ROOT,
                    "it contains a control character (U+%04X) at position %d", (int) text.charAt(control), control + 1),
                    type.allowed());
        }
        try {
            return type.parse(text);
        } catch (ValueType.Refused e) {
            throw badValue(key, text, secret, source, e.reason(), type.allowed());
        } catch (RuntimeException e) {
            throw badValue(key, text, secret, source, null, type.allowed());
        }
    }

    public static InvalidConfigurationException badValue(String key, String value, boolean secret, String source,
                                                         String reason, String allowed) {
        return new InvalidConfigurationException(key, key + ": got '" + (secret ? Redaction.MASK : Redaction.shown(value))
                + "'" + from(key, source) + (reason == null ? "" : ": " + reason) + "; allowed: " + allowed);
    }

    public static String from(String source) {
        return source == null ? "" : " from " + source;
    }

    /** " from source", unless the source is the key itself (an environment variable read for itself). */
    private static String from(String key, String source) {
        return key.equals(source) ? "" : from(source);
    }

    /** " (did you mean X?)" when a known name is within three edits of {@code name}, ignoring case; else "". */
    public static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
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
}
