/**
 * Benchmark support: the embedded server target.
 */
package dev.connector.benchmarks.support;
