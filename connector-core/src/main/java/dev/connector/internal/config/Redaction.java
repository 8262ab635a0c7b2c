package dev.connector.internal.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that may contain a URL or a libpq-style key=value string, and bounds what a message
 * repeats of a value. Every refused value passes through {@link #shown(String)} before it reaches a message.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** How many characters of a refused value a message repeats. */
    public static final int SHOWN_LIMIT = 120;

    /** Schemes kept readable in front of a masked user:password@. */
    private static final String[] SCHEMES = {"jdbc:postgresql://", "postgresql://", "postgres://"};

    // a parameter: start, or one of ? & ; or whitespace, then name=value up to the next & (a raw space does not end it)
    private static final Pattern PARAMETER = Pattern.compile("(^|[?&;\\s])([^=&?;\\s]+)(\\s*=\\s*)('[^']*'|[^&]*)");

    private Redaction() {
    }

    /**
     * The text with every password it can recognise replaced by {@value #MASK}: anything between a ':' and the
     * last '@' (the user-info of a URL, however mistyped the scheme), and the value of any parameter whose name,
     * %-decoded, mentions a password or secret.
     */
    public static String url(String text) {
        if (text == null) {
            return null;
        }
        return maskParameters(maskUserInfo(text));
    }

    private static String maskUserInfo(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int from = 0;
        for (String scheme : SCHEMES) {
            if (text.regionMatches(true, 0, scheme, 0, scheme.length())) {
                from = scheme.length();
                break;
            }
        }
        int colon = text.indexOf(':', from);
        if (colon < 0 || colon > at) {
            return text;
        }
        return text.substring(0, colon + 1) + MASK + text.substring(at);
    }

    private static String maskParameters(String text) {
        Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretName(m.group(2))
                    ? m.group(1) + m.group(2) + m.group(3) + MASK
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether a parameter or property name, %-decoded, names a secret. */
    public static boolean isSecretName(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = name;
        }
        String n = decoded.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("passwd");
    }

    /**
     * A refused value as a message may show it: secrets masked, control characters written as {@code \u0000},
     * and no longer than {@value #SHOWN_LIMIT} characters (with the full length said).
     */
    public static String shown(String value) {
        String masked = url(value);
        StringBuilder out = new StringBuilder();
        int limit = Math.min(masked.length(), SHOWN_LIMIT);
        for (int i = 0; i < limit; i++) {
            char c = masked.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (masked.length() > SHOWN_LIMIT) {
            out.append("... (").append(value.length()).append(" characters in all)");
        }
        return out.toString();
    }

    /** The index of the first control character (NUL, newline, ...), or -1: no value may carry one. */
    public static int controlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
