/**
 * The pool-sizing suite.
 */
package dev.connector.benchmarks.sizing;
