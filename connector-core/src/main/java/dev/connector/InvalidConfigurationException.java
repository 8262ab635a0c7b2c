package dev.connector;

import dev.connector.internal.config.Redaction;
import dev.connector.internal.config.Refusals;

/**
 * A configuration value was refused when the DataSource was built. The message names the key, the value
 * it got (passwords masked, also inside URLs), where the value came from, and what is allowed.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key the problem is about, for example {@code connector.port}. */
    public String key() {
        return key;
    }

    static InvalidConfigurationException badValue(ConnectorProperty property, String value, String source,
                                                  String reason) {
        return Refusals.badValue(property.key(), value, property.isSecret(), source, reason, property.allowedValues());
    }

    /** A value as a message may show it: a secret masked, anything else masked where it looks like one, bounded. */
    static String shown(ConnectorProperty property, String value) {
        return "'" + (property.isSecret() ? Redaction.MASK : Redaction.shown(value)) + "'";
    }

    static String from(String source) {
        return Refusals.from(source);
    }
}
