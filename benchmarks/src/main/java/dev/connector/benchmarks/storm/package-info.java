/**
 * The connection-storm demo: naive per-instance pools against the connector.
 */
package dev.connector.benchmarks.storm;
