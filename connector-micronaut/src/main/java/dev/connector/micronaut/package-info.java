/**
 * Micronaut auto-configuration: every {@code datasources.<name>} becomes a {@link dev.connector.ConnectorDataSource}.
 */
package dev.connector.micronaut;
