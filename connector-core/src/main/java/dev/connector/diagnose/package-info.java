/**
 * The doctor command: the connection runbook, run against the configuration this process really uses.
 */
package dev.connector.diagnose;
