package dev.connector.internal.config;

import java.time.Duration;

/** What the driver and the server accept, in one place: the ranges the property tables check at build time. */
public final class DriverLimits {

    /** pgjdbc's own connect timeout, used when none is configured or 0 is: the one place it is written. */
    public static final Duration PGJDBC_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** pgjdbc keeps connect, socket and login timeouts as whole seconds and multiplies them into int milliseconds. */
    public static final Duration PGJDBC_MAX_SECONDS = Duration.ofSeconds(Integer.MAX_VALUE / 1000);

    /** The server keeps statement_timeout, lock_timeout, ... as int milliseconds (INT_MAX). */
    public static final Duration SERVER_MAX_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

    /** The server's NAMEDATALEN - 1: the longest name (user, database, application_name) in bytes. */
    public static final int NAME_BYTES = 63;

    private DriverLimits() {
    }

    /** pgjdbc's meaning of a configured connect timeout: 0 is its own default. */
    public static Duration effectiveConnectTimeout(Duration configured) {
        return configured == null || configured.isZero() ? PGJDBC_CONNECT_TIMEOUT : configured;
    }
}
