/**
 * Internal: the strategies (UNPOOLED physical connections, the BOUNDED lazy HikariCP pool), their choice, sizing and retries; not API.
 */
package dev.connector.internal.strategy;
