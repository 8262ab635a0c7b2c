/**
 * Hot-path pairs: each measured path beside its raw twin in the same run.
 */
package dev.connector.benchmarks.pairs;
