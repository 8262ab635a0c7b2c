package dev.connector.internal.config;

import java.util.regex.Pattern;

/** Masks secrets in text that may contain a URL or a libpq-style key=value string. */
public final class Redaction {

    public static final String MASK = "***";

    // user:password@ in the authority part of any scheme://
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^/@?#:]*:)[^@/?#]*@");
    // password=... as a URL parameter or a key=value pair, any case
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)(password\\s*=\\s*)('[^']*'|[^&\\s;]*)");

    private Redaction() {
    }

    /** The text with every password it can recognise replaced by {@value #MASK}. */
    public static String url(String text) {
        if (text == null) {
            return null;
        }
        String masked = USERINFO_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1" + MASK);
    }
}
