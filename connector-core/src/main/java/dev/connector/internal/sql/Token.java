package dev.connector.internal.sql;

/**
 * One token of a SQL text, as {@link SqlLexer#tokens(String)} lists them: its kind, where it is
 * ({@code start} inclusive, {@code end} exclusive) and its text.
 */
public record Token(TokenKind kind, int start, int end, String text, StringKind stringKind, boolean unterminated) {

    /** Whether this is the keyword {@code upperCaseKeyword}, compared ASCII case-insensitively. */
    public boolean is(String upperCaseKeyword) {
        return kind == TokenKind.WORD && SqlLexer.asciiEqualsIgnoreCase(text, 0, text.length(), upperCaseKeyword);
    }
}
