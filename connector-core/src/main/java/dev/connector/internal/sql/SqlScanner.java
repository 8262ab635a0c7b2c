package dev.connector.internal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a SQL text one statement at a time, and within a statement one significant token (no whitespace,
 * no comments) at a time:
 * <pre>
 * SqlScanner s = new SqlScanner(sql, true);
 * while (s.nextStatement()) {          // now on the statement's first token
 *     do {
 *         if (s.is("CREATE")) ...
 *     } while (s.advance());          // false at the statement's ';' or the end of the text
 * }
 * </pre>
 * Statements end at {@code ;} outside strings, comments and the {@code BEGIN ATOMIC ... END} body of a
 * {@code CREATE FUNCTION} or {@code CREATE PROCEDURE} (the same rule as psql's). Empty statements are skipped.
 * Like {@link SqlLexer}, it reads each character a bounded number of times and keeps no list of tokens.
 */
public final class SqlScanner {

    private final SqlLexer lexer;
    private boolean inStatement;
    private boolean pending; // the lexer stands on a significant token not yet handed out
    private boolean atEnd;
    private int statementStart;
    private int statementEnd;

    // psql's heuristic for BEGIN ATOMIC bodies, whose ';' do not end the statement
    private int wordCount;
    private char word0;
    private char word1;
    private char word2;
    private char word3;
    private int parenDepth;
    private int beginDepth;

    public SqlScanner(String sql, boolean standardConformingStrings) {
        this.lexer = new SqlLexer(sql, standardConformingStrings);
    }

    public SqlScanner(String sql, int from, int to, boolean standardConformingStrings) {
        this.lexer = new SqlLexer(sql, from, to, standardConformingStrings);
    }

    /** The statements of {@code sql}, with standard_conforming_strings on. */
    public static List<SqlStatement> split(String sql) {
        return split(sql, true);
    }

    public static List<SqlStatement> split(String sql, boolean standardConformingStrings) {
        SqlScanner scanner = new SqlScanner(sql, standardConformingStrings);
        List<SqlStatement> statements = new ArrayList<>();
        while (scanner.nextStatement()) {
            scanner.skipStatement();
            statements.add(new SqlStatement(sql, scanner.statementStart(), scanner.statementEnd()));
        }
        return statements;
    }

    /**
     * Moves past the rest of the current statement to the first token of the next one that has any;
     * returns false when there is none.
     */
    public boolean nextStatement() {
        if (inStatement) {
            skipStatement();
        }
        wordCount = 0;
        word0 = word1 = word2 = word3 = 0;
        parenDepth = 0;
        beginDepth = 0;
        while (true) {
            TokenKind kind = lexer.nextSignificant();
            if (kind == null) {
                inStatement = false;
                return false;
            }
            if (!lexer.isChar(';')) {
                inStatement = true;
                atEnd = false;
                statementStart = lexer.start();
                statementEnd = lexer.end();
                track();
                return true;
            }
        }
    }

    /** Moves to the statement's next significant token; false at its end (a {@code ;} or the end of the text). */
    public boolean advance() {
        if (!inStatement || atEnd) {
            return false;
        }
        TokenKind kind = lexer.nextSignificant();
        if (kind == null || (lexer.isChar(';') && beginDepth == 0)) {
            atEnd = true;
            return false;
        }
        statementEnd = lexer.end();
        track();
        return true;
    }

    /** Moves to the end of the current statement. */
    public void skipStatement() {
        while (advance()) {
            // read on
        }
        inStatement = false;
    }

    /** True once {@link #advance()} has returned false for the current statement. */
    public boolean atEnd() {
        return atEnd;
    }

    /** Where the current statement's first token starts. */
    public int statementStart() {
        return statementStart;
    }

    /** Where the last token of the current statement read so far ends (its end once {@link #atEnd()}). */
    public int statementEnd() {
        return statementEnd;
    }

    public TokenKind kind() {
        return atEnd ? null : lexer.kind();
    }

    public int start() {
        return lexer.start();
    }

    public int end() {
        return lexer.end();
    }

    public String text() {
        return lexer.text();
    }

    /** The current token is this keyword (ASCII, case-insensitive); never true at the statement's end. */
    public boolean is(String upperCaseKeyword) {
        return !atEnd && lexer.is(upperCaseKeyword);
    }

    /** The current token is this one character; never true at the statement's end. */
    public boolean isChar(char c) {
        return !atEnd && lexer.isChar(c);
    }

    public StringKind stringKind() {
        return lexer.stringKind();
    }

    public boolean unterminated() {
        return lexer.unterminated();
    }

    /** See {@link SqlLexer#sawBackslashInStandardString()}: for the whole text read so far. */
    public boolean sawBackslashInStandardString() {
        return lexer.sawBackslashInStandardString();
    }

    public String sql() {
        return lexer.sql();
    }

    private void track() {
        if (lexer.isChar('(')) {
            parenDepth++;
        } else if (lexer.isChar(')')) {
            parenDepth = Math.max(0, parenDepth - 1);
        } else if (lexer.kind() == TokenKind.WORD) {
            char first = lexer.is("CREATE") ? 'c' : lexer.is("FUNCTION") ? 'f' : lexer.is("PROCEDURE") ? 'p'
                    : lexer.is("OR") ? 'o' : lexer.is("REPLACE") ? 'r' : 0;
            switch (wordCount) {
                case 0: word0 = first; break;
                case 1: word1 = first; break;
                case 2: word2 = first; break;
                case 3: word3 = first; break;
                default: break;
            }
            if (wordCount < 4) {
                wordCount++;
            }
            boolean routine = word0 == 'c' && (word1 == 'f' || word1 == 'p'
                    || (word1 == 'o' && word2 == 'r' && (word3 == 'f' || word3 == 'p')));
            if (routine && parenDepth == 0) {
                if (lexer.is("BEGIN")) {
                    beginDepth++;
                } else if (lexer.is("CASE")) {
                    if (beginDepth > 0) {
                        beginDepth++;
                    }
                } else if (lexer.is("END")) {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
            }
        }
    }
}
