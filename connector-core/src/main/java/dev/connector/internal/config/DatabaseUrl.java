package dev.connector.internal.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a PostgreSQL URL: {@code postgres://user:password@host:port/database?k=v} (libpq,
 * Heroku and most platforms) or {@code jdbc:postgresql://host:port/database?k=v} (pgjdbc).
 * Problems are reported as {@link IllegalArgumentException} whose message never repeats the URL.
 */
public final class DatabaseUrl {

    public final String host;
    public final String port;
    public final String database;
    public final String user;
    public final String password;
    /** Query parameters, decoded, in order. */
    public final Map<String, String> parameters;

    private DatabaseUrl(String host, String port, String database, String user, String password,
                        Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = parameters;
    }

    public static DatabaseUrl parse(String url) {
        String rest;
        if (url.startsWith("jdbc:postgresql:")) {
            rest = url.substring("jdbc:postgresql:".length());
            if (!rest.startsWith("//")) {
                // jdbc:postgresql:database[?params]
                return withQuery(null, null, rest, null, null, "");
            }
            rest = rest.substring(2);
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else {
            throw new IllegalArgumentException("it must start with jdbc:postgresql:, postgres:// or postgresql://");
        }
        int slash = indexOfAny(rest, "/?");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("it has a '#': a URL fragment means nothing here; if the password "
                    + "holds '#', percent-encode it as %23");
        }
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "the user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "the password");
            if (user.isEmpty()) {
                user = null;
            }
        }
        if (authority.indexOf(',') >= 0) {
            throw new IllegalArgumentException("it names several hosts; give one host (multi-host failover is not supported)");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("its IPv6 address has no closing ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("unexpected text after the IPv6 address");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("its host and port part has more than one ':'; an IPv6 address "
                        + "must be in brackets, for example postgres://[::1]:5432/db");
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        boolean atLater = tail.indexOf('@') >= 0;
        if (port != null && !port.matches("[0-9]{1,5}")) {
            // the text after ':' may be the start of a password with an unencoded '/' or '?': never repeat it then
            throw new IllegalArgumentException(atLater
                    ? "its port is not a number from 1 to 65535; if the password holds '/', '?', '#' or '@', "
                            + "percent-encode them (%2F, %3F, %23, %40)"
                    : "its port '" + port + "' is not a number from 1 to 65535");
        }
        if (atLater && at < 0) {
            throw new IllegalArgumentException("an '@' follows the host: if the password holds '/', '?', '#' or '@', "
                    + "percent-encode them (%2F, %3F, %23, %40)");
        }
        String database = null;
        String query = "";
        if (tail.startsWith("/")) {
            int q = tail.indexOf('?');
            database = q < 0 ? tail.substring(1) : tail.substring(1, q);
            query = q < 0 ? "" : tail.substring(q + 1);
        } else if (tail.startsWith("?")) {
            query = tail.substring(1);
        }
        return withQuery(host.isEmpty() ? null : host, port, database, user, password, query);
    }

    private static DatabaseUrl withQuery(String host, String port, String databaseAndQuery, String user,
                                         String password, String query) {
        String database = databaseAndQuery;
        if (database != null && database.indexOf('?') >= 0) {
            query = database.substring(database.indexOf('?') + 1);
            database = database.substring(0, database.indexOf('?'));
        }
        if (database != null) {
            database = decode(database, "the database name");
            if (database.isEmpty()) {
                database = null;
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "the value of parameter " + key);
            parameters.put(key, value);
        }
        return new DatabaseUrl(host, port, database, user, password, parameters);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " has a malformed %-escape");
        }
    }
}
