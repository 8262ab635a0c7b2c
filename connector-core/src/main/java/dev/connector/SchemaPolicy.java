package dev.connector;

import java.util.Locale;

/** What the connector does with statements that change the schema (DDL) or lock whole tables. */
public enum SchemaPolicy {
    /** Refused until {@link ConnectorDataSource#markReady()}; the default in a serverless runtime. */
    REFUSE_AT_STARTUP,
    /** Always refused: the application never changes its schema; migrations run elsewhere. */
    REFUSE,
    /** Allowed; the default on a long-running server. */
    ALLOW;

    /** The configuration word: {@code refuse-at-startup}, {@code refuse}, {@code allow}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static SchemaPolicy fromConfigValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
