/**
 * What users plug in: listeners of connection attempts.
 */
package dev.connector.spi;
