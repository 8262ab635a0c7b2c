/**
 * Internal: recognising the runtime (Lambda, Cloud Run, ...) from the environment; not API.
 */
package dev.connector.internal.runtime;
