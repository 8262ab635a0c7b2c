package dev.connector.internal.guard;

import dev.connector.internal.sql.SqlLexer;
import dev.connector.internal.sql.TokenKind;

/**
 * The text of a refused statement as a message shows it: at most 80 characters, whitespace and comments
 * collapsed to one space, and every string literal of every form ({@code '...'}, {@code E'...'},
 * {@code U&'...'}, {@code $tag$...$tag$}, bit strings) replaced by {@code '***'}, whatever the statement says:
 * passwords, keys and connection strings hide in literals. A character counts as inside a literal if either
 * value of standard_conforming_strings reads it so. Only the statement's first {@value #WINDOW} characters are
 * read, with no regular expression: bounded time and memory, no recursion.
 */
final class Snippet {

    static final int MAX = 80;
    private static final int WINDOW = 4096;
    private static final byte VISIBLE = 0;
    private static final byte SPACE = 1;
    private static final byte LITERAL = 2;

    private Snippet() {
    }

    static String of(String sql, int start, int end) {
        int to = Math.min(end, start + WINDOW);
        byte[] marks = new byte[to - start];
        mark(sql, start, to, true, marks);
        mark(sql, start, to, false, marks);
        StringBuilder out = new StringBuilder(MAX + 8);
        int i = 0;
        while (i < marks.length && out.length() <= MAX) {
            byte mark = marks[i];
            int j = i + 1;
            while (j < marks.length && marks[j] == mark) {
                j++;
            }
            if (mark == LITERAL) {
                out.append("'***'");
            } else if (mark == SPACE) {
                out.append(' ');
            } else {
                out.append(sql, start + i, start + Math.min(j, i + MAX + 1));
            }
            i = j;
        }
        String text = out.toString().strip();
        boolean more = i < marks.length || to < end;
        if (text.length() > MAX || (more && text.length() > MAX - 3)) {
            return text.substring(0, MAX - 3) + "...";
        }
        return more ? text + "..." : text;
    }

    private static void mark(String sql, int start, int to, boolean standardConformingStrings, byte[] marks) {
        SqlLexer lexer = new SqlLexer(sql, start, to, standardConformingStrings);
        TokenKind kind;
        while ((kind = lexer.next()) != null) {
            byte mark = kind == TokenKind.STRING ? LITERAL : kind.isTrivia() ? SPACE : VISIBLE;
            for (int k = lexer.start() - start; k < lexer.end() - start; k++) {
                if (mark > marks[k]) {
                    marks[k] = mark;
                }
            }
        }
    }
}
