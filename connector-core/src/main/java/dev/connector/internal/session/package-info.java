/**
 * Internal: how session settings reach the server for each pooler; not API.
 */
package dev.connector.internal.session;
