package dev.connector.migrations;

import javax.sql.DataSource;

/**
 * One run of a migration tool, given the migration session's DataSource: {@code ds ->
 * Flyway.configure().dataSource(ds).load().migrate()}, a Liquibase update, or plain SQL. It is run whole
 * again when it failed on a lock timeout, so it must be safe to repeat: Flyway and Liquibase are (they
 * skip what was applied), and so is plain SQL written with {@code IF NOT EXISTS}.
 *
 * @param <T> what the run returns, for example Flyway's {@code MigrateResult}
 */
@FunctionalInterface
public interface Migration<T> {

    T run(DataSource dataSource) throws Exception;
}
