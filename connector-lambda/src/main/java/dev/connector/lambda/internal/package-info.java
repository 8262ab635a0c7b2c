/**
 * Internals of connector-lambda (its option table, the shutdown extension, checkpoint hooks, priming); not API, may change in any release.
 */
package dev.connector.lambda.internal;
