package dev.connector;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What sits between this application and PostgreSQL, set by {@code connector.pooler}. Behind a pooler the
 * connector never puts {@code options} in the startup packet (PgBouncer and RDS Proxy refuse it) and applies
 * the session timeouts in a way that mode can honour; see the README's "Behind a pooler".
 */
public enum Pooler {
    /** PostgreSQL itself: timeouts go in the startup packet's {@code options}. */
    NONE("none"),
    /**
     * PgBouncer with {@code pool_mode = transaction}: a server connection is shared between clients
     * transaction by transaction, so no session state may be set; server-side prepared statements are off.
     */
    PGBOUNCER_TRANSACTION("pgbouncer-transaction"),
    /** PgBouncer with {@code pool_mode = session}: one server connection per client session, reset when it leaves. */
    PGBOUNCER_SESSION("pgbouncer-session"),
    /** Amazon RDS Proxy: any {@code SET} pins the client to its server connection for the session. */
    RDS_PROXY("rds-proxy");

    /** RDS Proxy endpoints: {@code name.proxy-abc123.region.rds.amazonaws.com}. */
    private static final Pattern RDS_PROXY_HOST = Pattern.compile("^[^.]+\\.proxy-[^.]+\\.[^.]+\\.rds\\.amazonaws\\.com\\.?$");

    private final String configValue;

    Pooler(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@code connector.pooler}: {@code pgbouncer-transaction}. */
    public String configValue() {
        return configValue;
    }

    /** Whether a pooler is in front: no {@code options} in the startup packet. */
    public boolean isPooler() {
        return this != NONE;
    }

    /** The pooler a host name shows: an RDS Proxy endpoint, or none. */
    static Pooler recognise(String host) {
        return host != null && RDS_PROXY_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches() ? RDS_PROXY : NONE;
    }

    static Pooler fromConfigValue(String value) {
        for (Pooler p : values()) {
            if (p.configValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
