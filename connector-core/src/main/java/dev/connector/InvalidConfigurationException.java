package dev.connector;

import dev.connector.internal.config.Redaction;

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
        return new InvalidConfigurationException(property.key(),
                property.key() + ": got " + shown(property, value) + from(source)
                        + (reason == null ? "" : ": " + reason) + "; allowed: " + property.allowedValues());
    }

    static InvalidConfigurationException missing(ConnectorProperty property, String source) {
        return new InvalidConfigurationException(property.key(), property.key() + ": got null" + from(source)
                + " (an environment variable that is not set?); allowed: " + property.allowedValues()
                + ", or do not call the setter to leave it " + property.defaultValue().orElse("unset"));
    }

    /** A value as a message may show it: a secret masked, anything else masked where it looks like one, bounded. */
    static String shown(ConnectorProperty property, String value) {
        if (property.isSecret()) {
            return "'" + Redaction.MASK + "'";
        }
        return "'" + Redaction.shown(value) + "'";
    }

    static String from(String source) {
        return source == null ? "" : " from " + source;
    }
}
