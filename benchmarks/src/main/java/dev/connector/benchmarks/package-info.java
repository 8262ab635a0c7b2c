/**
 * JMH benchmarks and the pool-sizing suite: read the pairs (connector against its raw twin), not absolute numbers.
 */
package dev.connector.benchmarks;
