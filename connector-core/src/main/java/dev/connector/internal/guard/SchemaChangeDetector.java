package dev.connector.internal.guard;

import dev.connector.internal.sql.SqlScanner;

/**
 * Finds the first statement in a SQL text that changes the schema or locks a whole table, reading the text as
 * the server will: {@link SqlScanner} for PostgreSQL's lexical rules, {@link StatementClassifier} for what each
 * statement really does.
 *
 * <p>How the text is read depends on {@code standard_conforming_strings}, which a session can change at any
 * moment (a {@code SET}, {@code set_config(...)} in a query, a rollback that undoes either). Only a backslash
 * inside a {@code '...'} string makes the two readings differ, so when the text has one, every reading the
 * server could make is checked: the whole text with the setting on and off, and each statement of either split
 * read alone with the other value (pgjdbc splits statements itself and the server parses each one with the
 * value current when it arrives). A statement is allowed only if every reading allows it.
 *
 * <p>It never throws and never backtracks: linear time and constant memory in the length of the text.
 */
public final class SchemaChangeDetector {

    /** A statement the guard refuses: its text (at most 80 characters, every literal masked) and why. */
    public record Finding(String statement, String what) {
    }

    private SchemaChangeDetector() {
    }

    /** The first refused statement in {@code sql}, or null when every statement is allowed. */
    public static Finding find(String sql) {
        if (sql == null) {
            return null;
        }
        SqlScanner on = new SqlScanner(sql, true);
        Finding finding = read(on);
        if (finding != null || !on.sawBackslashInStandardString()) {
            return finding;
        }
        finding = read(new SqlScanner(sql, false));
        if (finding == null) {
            finding = readEachStatementTheOtherWay(sql, true);
        }
        if (finding == null) {
            finding = readEachStatementTheOtherWay(sql, false);
        }
        return finding;
    }

    private static Finding read(SqlScanner s) {
        while (s.nextStatement()) {
            String what = StatementClassifier.classify(s);
            if (what != null) {
                s.skipStatement();
                return new Finding(Snippet.of(s.sql(), s.statementStart(), s.statementEnd()), what);
            }
        }
        return null;
    }

    /** Splits with one value of standard_conforming_strings and reads each statement alone with the other. */
    private static Finding readEachStatementTheOtherWay(String sql, boolean splitWith) {
        SqlScanner split = new SqlScanner(sql, splitWith);
        while (split.nextStatement()) {
            split.skipStatement();
            Finding finding = read(new SqlScanner(sql, split.statementStart(), split.statementEnd(), !splitWith));
            if (finding != null) {
                return finding;
            }
        }
        return null;
    }
}
