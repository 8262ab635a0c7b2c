/**
 * PostgreSQL's lexical rules in Java: {@link dev.connector.internal.sql.SqlLexer} reads tokens as the server
 * does, {@link dev.connector.internal.sql.SqlScanner} walks statements and their significant tokens. The schema
 * guard classifies statements with them; a linter can too. Internal: no compatibility promise outside this project.
 */
package dev.connector.internal.sql;
