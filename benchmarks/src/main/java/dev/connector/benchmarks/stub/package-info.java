/**
 * An in-process stub driver, to measure the connector's own overhead without a network.
 */
package dev.connector.benchmarks.stub;
