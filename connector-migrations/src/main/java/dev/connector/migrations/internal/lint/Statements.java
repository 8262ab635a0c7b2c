package dev.connector.migrations.internal.lint;

import dev.connector.internal.sql.SqlScanner;
import dev.connector.internal.sql.TokenKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place the linter meets the guard's lexer ({@code dev.connector.internal.sql}): a SQL text as
 * statements, each a list of its significant tokens with their parenthesis depth, and the line it starts on.
 * Strings, comments, quoted identifiers and dollar-quoted bodies are read exactly as the server reads them.
 */
public final class Statements {

    /** A significant token: {@code word} is upper-cased for keywords and unquoted names, null for anything else. */
    public record Tok(String word, String text, TokenKind kind, int depth) {
        public boolean is(String keyword) {
            return keyword.equals(word);
        }
    }

    /** A statement: its text, the line (1-based) it starts on, and its tokens. */
    public record Stmt(String text, int line, List<Tok> tokens) {
        public String at(int i) {
            return i >= 0 && i < tokens.size() && tokens.get(i).word() != null ? tokens.get(i).word() : "";
        }

        public int indexOf(String keyword, int from) {
            for (int i = Math.max(from, 0); i < tokens.size(); i++) {
                if (tokens.get(i).is(keyword) && tokens.get(i).depth() == 0) {
                    return i;
                }
            }
            return -1;
        }

        public boolean has(String keyword) {
            return indexOf(keyword, 0) >= 0;
        }
    }

    private static final int MAX_TOKENS = 20_000;

    private Statements() {
    }

    public static List<Stmt> of(String sql) {
        List<Stmt> out = new ArrayList<>();
        SqlScanner s = new SqlScanner(sql, true);
        int line = 1;
        int lineCountedTo = 0;
        while (s.nextStatement()) {
            int start = s.statementStart();
            for (int i = lineCountedTo; i < start; i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                }
            }
            lineCountedTo = start;
            List<Tok> tokens = new ArrayList<>();
            int depth = 0;
            do {
                if (s.isChar('(')) {
                    depth++;
                } else if (s.isChar(')')) {
                    depth = Math.max(0, depth - 1);
                }
                if (tokens.size() < MAX_TOKENS) {
                    String text = s.text();
                    String word = s.kind() == TokenKind.WORD ? text.toUpperCase(Locale.ROOT) : null;
                    tokens.add(new Tok(word, text, s.kind(), s.isChar('(') ? depth - 1 : depth));
                }
            } while (s.advance());
            out.add(new Stmt(sql.substring(start, s.statementEnd()), line, tokens));
        }
        return out;
    }
}
