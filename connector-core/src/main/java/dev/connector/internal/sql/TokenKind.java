package dev.connector.internal.sql;

/** What a token of PostgreSQL SQL is, as the server's lexer (src/backend/parser/scan.l) reads it. */
public enum TokenKind {
    /** Spaces, tabs, newlines ({@code \n}, {@code \r}), form feeds and vertical tabs. */
    WHITESPACE,
    /** {@code -- ...} up to (not including) the next {@code \n} or {@code \r}. */
    LINE_COMMENT,
    /** {@code /* ... *}{@code /}, nested. */
    BLOCK_COMMENT,
    /** A keyword or an unquoted identifier: compare it with {@link SqlLexer#is(String)}, never by case folding. */
    WORD,
    /** {@code "..."} or {@code U&"..."}. */
    QUOTED_IDENTIFIER,
    /** A string constant of any form: see {@link StringKind}. */
    STRING,
    /** A numeric constant (with any junk the server would reject glued to it). */
    NUMBER,
    /** {@code $1}, {@code $2}, ... */
    PARAMETER,
    /** A run of operator characters ({@code + - * / < > = ~ ! @ # % ^ & | ` ?}), cut before a comment. */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; : .}, or {@code ..}, {@code ::}, {@code :=}. */
    PUNCTUATION,
    /** Any other single character (such as {@code {}, {@code }}, {@code \}, {@code $} alone). */
    OTHER;

    /** Whitespace and comments: what separates tokens and never means anything. */
    public boolean isTrivia() {
        return this == WHITESPACE || this == LINE_COMMENT || this == BLOCK_COMMENT;
    }
}
