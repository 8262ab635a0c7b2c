/**
 * Internal: per-statement deadlines; not API.
 */
package dev.connector.internal.deadline;
