/**
 * Internal: the phases of a DataSource (start-up, running, checkpoint hold-back, closed) and the registry of physical connections; not API.
 */
package dev.connector.internal.lifecycle;
