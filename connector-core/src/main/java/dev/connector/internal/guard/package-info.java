/**
 * Internal: refusing schema changes during start-up; not API.
 */
package dev.connector.internal.guard;
