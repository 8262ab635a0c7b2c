/**
 * Internal: classifying failures and writing their explanation; not API.
 */
package dev.connector.internal.diagnose;
