package dev.connector.internal.config;

import java.util.Set;

/**
 * A module's table of configuration names, found with {@link java.util.ServiceLoader}: every module owns its
 * table, and core refuses a {@code CONNECTOR_*} variable that no table on the class path knows, suggesting the
 * nearest known name. Core's own table is {@code ConnectorProperty}; an adapter lists its variables in
 * {@code META-INF/services/dev.connector.internal.config.PropertyTable}.
 */
public interface PropertyTable {

    /** The module, for messages: {@code connector-lambda}. */
    String module();

    /** Every environment variable the module reads. */
    Set<String> environmentVariables();
}
