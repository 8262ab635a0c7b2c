/**
 * Internal: JDBC building blocks (the one DataSource base class, forwarding decorators); not API.
 */
package dev.connector.internal.jdbc;
