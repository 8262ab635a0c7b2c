/**
 * Internal: value types, defaults, URL parsing, masking and limits that every module's property table is built on; not API.
 */
package dev.connector.internal.config;
