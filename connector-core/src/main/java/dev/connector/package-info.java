/**
 * The connector's API: {@link dev.connector.ConnectorDataSource}, its immutable {@link dev.connector.ConnectorConfig} and {@link dev.connector.ConnectorProperty} table, and the exceptions a user handles.
 */
package dev.connector;
