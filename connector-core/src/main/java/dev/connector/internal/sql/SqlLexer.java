package dev.connector.internal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads SQL text into tokens exactly as PostgreSQL's own lexer does (src/backend/parser/scan.l, PostgreSQL
 * 16 and later), so that what a reader of these tokens sees is what the server will run:
 * <ul>
 *   <li>whitespace is {@code ' ' \t \n \r \f \v} and nothing else: other Unicode spaces are identifier
 *       characters to the server, like every character from U+0080 up;</li>
 *   <li>a {@code --} comment ends at {@code \n} or {@code \r}; block comments nest;</li>
 *   <li>{@code '...'} strings take backslash escapes only when {@code standard_conforming_strings} is off
 *       (a constructor argument); {@code E'...'} always; {@code U&'...'}, {@code B'...'}, {@code X'...'} never;
 *       a string followed by whitespace that holds a newline and another quote continues in the same form;</li>
 *   <li>{@code $tag$...$tag$} dollar quotes (a {@code $} inside an identifier is part of the identifier),
 *       {@code $n} parameters, {@code "..."} and {@code U&"..."} quoted identifiers;</li>
 *   <li>keywords are ASCII: {@link #is(String)} never folds {@code ı} to {@code I} or {@code ſ} to {@code S}.</li>
 * </ul>
 * It is a cursor: {@link #next()} moves to the next token and the accessors describe it, with no allocation
 * per token. It never throws on any input, and reads each character a bounded number of times: linear time,
 * constant memory. Malformed input (an unterminated string or comment) ends in a token marked
 * {@link #unterminated()}, which the server would refuse with a syntax error.
 */
public final class SqlLexer {

    private final String sql;
    private final int limit;
    private final boolean standardConformingStrings;
    private int pos;

    private TokenKind kind;
    private StringKind stringKind;
    private int start;
    private int end;
    private boolean unterminated;
    private boolean backslashInStandardString;

    /** A lexer for {@code sql} with {@code standard_conforming_strings} on (the server's default). */
    public SqlLexer(String sql) {
        this(sql, 0, sql.length(), true);
    }

    public SqlLexer(String sql, boolean standardConformingStrings) {
        this(sql, 0, sql.length(), standardConformingStrings);
    }

    /** A lexer for the part of {@code sql} from {@code from} (inclusive) to {@code to} (exclusive). */
    public SqlLexer(String sql, int from, int to, boolean standardConformingStrings) {
        if (from < 0 || to > sql.length() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of a text of " + sql.length());
        }
        this.sql = sql;
        this.pos = from;
        this.start = from;
        this.end = from;
        this.limit = to;
        this.standardConformingStrings = standardConformingStrings;
    }

    /** Every token of {@code sql}, whitespace and comments included, with standard_conforming_strings on. */
    public static List<Token> tokens(String sql) {
        return tokens(sql, true);
    }

    public static List<Token> tokens(String sql, boolean standardConformingStrings) {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        List<Token> tokens = new ArrayList<>();
        while (lexer.next() != null) {
            tokens.add(new Token(lexer.kind, lexer.start, lexer.end, lexer.text(), lexer.stringKind, lexer.unterminated));
        }
        return tokens;
    }

    /** Moves to the next token, whitespace and comments included; returns its kind, or null at the end. */
    public TokenKind next() {
        start = pos;
        stringKind = null;
        unterminated = false;
        if (pos >= limit) {
            end = limit;
            kind = null;
            return null;
        }
        char c = sql.charAt(pos);
        if (isSpace(c)) {
            pos++;
            while (pos < limit && isSpace(sql.charAt(pos))) {
                pos++;
            }
            kind = TokenKind.WHITESPACE;
        } else if (c == '-' && at(pos + 1) == '-') {
            pos = endOfLine(pos + 2);
            kind = TokenKind.LINE_COMMENT;
        } else if (c == '/' && at(pos + 1) == '*') {
            blockComment();
        } else if (c == '\'') {
            string(standardConformingStrings ? StringKind.STANDARD : StringKind.ESCAPE, pos + 1, StringKind.STANDARD);
        } else if (c == '"') {
            quotedIdentifier(pos + 1);
        } else if (c == '$') {
            dollar();
        } else if (isIdentStart(c)) {
            prefixedOrWord(c);
        } else if (isDigit(c) || (c == '.' && isDigit(at(pos + 1)))) {
            number();
        } else if (isOperatorChar(c)) {
            operator();
        } else if ((c == '.' && at(pos + 1) == '.') || (c == ':' && (at(pos + 1) == ':' || at(pos + 1) == '='))) {
            pos += 2; // dot_dot, typecast, colon_equals
            kind = TokenKind.PUNCTUATION;
        } else {
            pos++;
            kind = c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == ';' || c == ':' || c == '.'
                    ? TokenKind.PUNCTUATION : TokenKind.OTHER;
        }
        end = pos;
        return kind;
    }

    /** Moves to the next token that is not whitespace or a comment; returns its kind, or null at the end. */
    public TokenKind nextSignificant() {
        TokenKind k;
        do {
            k = next();
        } while (k != null && k.isTrivia());
        return k;
    }

    public TokenKind kind() {
        return kind;
    }

    /** For a {@link TokenKind#STRING}, its form; otherwise null. */
    public StringKind stringKind() {
        return stringKind;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String text() {
        return sql.substring(start, end);
    }

    public String sql() {
        return sql;
    }

    /** The token is a string, quoted identifier or comment whose end is missing: the server refuses it. */
    public boolean unterminated() {
        return unterminated;
    }

    /**
     * Whether a {@code '...'} string read so far held a backslash: the one place where the value of
     * {@code standard_conforming_strings} changes how the rest of the text is read.
     */
    public boolean sawBackslashInStandardString() {
        return backslashInStandardString;
    }

    public boolean standardConformingStrings() {
        return standardConformingStrings;
    }

    /** Whether the token is the keyword {@code upperCaseKeyword}: a WORD equal to it in ASCII, ignoring case. */
    public boolean is(String upperCaseKeyword) {
        return kind == TokenKind.WORD && asciiEqualsIgnoreCase(sql, start, end, upperCaseKeyword);
    }

    /** Whether the token is the single character {@code c} (punctuation, a one-character operator, or other). */
    public boolean isChar(char c) {
        return end - start == 1 && sql.charAt(start) == c
                && (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR || kind == TokenKind.OTHER);
    }

    /**
     * Compares {@code text[from, to)} with an upper-case ASCII word, folding only ASCII letters: PostgreSQL's
     * keywords are ASCII, and {@code downcase_identifier} folds nothing else the same way Java's
     * {@code equalsIgnoreCase} does ({@code ı}, {@code ſ}, {@code K} would match {@code I}, {@code S}, {@code K}).
     */
    public static boolean asciiEqualsIgnoreCase(String text, int from, int to, String upperCaseKeyword) {
        int n = upperCaseKeyword.length();
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(from + i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (c != upperCaseKeyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the rules of scan.l

    private char at(int i) {
        return i < limit ? sql.charAt(i) : '\0';
    }

    /** {@code space [ \t\n\r\f\v]}. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    /** {@code ident_start [A-Za-z\200-\377_]}: every non-ASCII character is a letter to the server. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** {@code ident_cont [A-Za-z\200-\377_0-9\$]}. */
    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code op_chars [\~\!\@\#\^\&\|\`\?\+\-\*\/\%\<\>\=]}. */
    private static boolean isOperatorChar(char c) {
        switch (c) {
            case '~': case '!': case '@': case '#': case '^': case '&': case '|': case '`': case '?':
            case '+': case '-': case '*': case '/': case '%': case '<': case '>': case '=':
                return true;
            default:
                return false;
        }
    }

    private int endOfLine(int from) {
        int i = from;
        while (i < limit && !isNewline(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private void blockComment() {
        kind = TokenKind.BLOCK_COMMENT;
        int depth = 1;
        pos += 2;
        while (pos < limit) {
            char c = sql.charAt(pos);
            if (c == '/' && at(pos + 1) == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && at(pos + 1) == '/') {
                pos += 2;
                if (--depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        unterminated = true;
    }

    /** At a letter: E'', U&'', U&"", B'', X'', N'' (a word then a string, as the server reads it), or a word. */
    private void prefixedOrWord(char c) {
        char next = at(pos + 1);
        if (next == '\'') {
            switch (c) {
                case 'e': case 'E':
                    string(StringKind.ESCAPE, pos + 2, StringKind.ESCAPE);
                    return;
                case 'b': case 'B': case 'x': case 'X':
                    string(StringKind.BIT, pos + 2, StringKind.BIT);
                    return;
                case 'n': case 'N':
                    // xnstart: the server returns the keyword NCHAR and reads the quote as an ordinary string.
                    string(standardConformingStrings ? StringKind.STANDARD : StringKind.ESCAPE, pos + 2, StringKind.STANDARD);
                    return;
                default:
                    break;
            }
        } else if ((c == 'u' || c == 'U') && next == '&') {
            char quote = at(pos + 2);
            if (quote == '\'') {
                string(StringKind.UNICODE, pos + 3, StringKind.UNICODE);
                return;
            }
            if (quote == '"') {
                quotedIdentifier(pos + 3);
                return;
            }
        }
        pos++;
        while (pos < limit && isIdentCont(sql.charAt(pos))) {
            pos++;
        }
        kind = TokenKind.WORD;
    }

    /**
     * A quoted string whose content starts at {@code from}. {@code mode} decides the escapes: ESCAPE reads a
     * backslash as escaping the next character; STANDARD and UNICODE read {@code ''} as a quote; BIT ends at
     * the first quote. After the closing quote, whitespace holding a newline followed by a quote continues the
     * string in the same mode ({@code quotecontinue}).
     */
    private void string(StringKind mode, int from, StringKind reported) {
        kind = TokenKind.STRING;
        stringKind = reported;
        int i = from;
        while (true) {
            if (i >= limit) {
                pos = limit;
                unterminated = true;
                return;
            }
            char c = sql.charAt(i);
            if (c == '\\') {
                if (reported == StringKind.STANDARD) {
                    backslashInStandardString = true;
                }
                if (mode == StringKind.ESCAPE) {
                    i += 2;
                    continue;
                }
                i++;
            } else if (c != '\'') {
                i++;
            } else if (mode != StringKind.BIT && at(i + 1) == '\'') {
                i += 2;
            } else {
                i++;
                int continued = quoteContinue(i);
                if (continued < 0) {
                    pos = i;
                    return;
                }
                i = continued;
            }
        }
    }

    /**
     * {@code quotecontinue {whitespace_with_newline}{quote}}: horizontal space or {@code --} comments, a newline,
     * then any space or comments each ended by a newline, then a quote. Returns the index after that quote, or -1.
     */
    private int quoteContinue(int from) {
        int i = from;
        boolean newline = false;
        while (i < limit) {
            char c = sql.charAt(i);
            if (isNewline(c)) {
                newline = true;
                i++;
            } else if (isSpace(c)) {
                i++;
            } else if (c == '-' && at(i + 1) == '-') {
                i = endOfLine(i + 2);
                if (newline && i >= limit) {
                    return -1; // after the newline, a comment must itself end with one
                }
            } else {
                break;
            }
        }
        return newline && i < limit && sql.charAt(i) == '\'' ? i + 1 : -1;
    }

    private void quotedIdentifier(int from) {
        kind = TokenKind.QUOTED_IDENTIFIER;
        int i = from;
        while (i < limit) {
            if (sql.charAt(i) == '"') {
                if (at(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return;
            }
            i++;
        }
        pos = limit;
        unterminated = true;
    }

    /** At {@code $}: a parameter {@code $1}, a dollar-quoted string {@code $tag$...$tag$}, or a lone {@code $}. */
    private void dollar() {
        int i = pos + 1;
        if (isDigit(at(i))) {
            while (i < limit && isDigit(sql.charAt(i))) {
                i++;
            }
            pos = i;
            kind = TokenKind.PARAMETER;
            return;
        }
        // dolqdelim \$({dolq_start}{dolq_cont}*)?\$ ; dolq_cont has no '$'
        if (i < limit && sql.charAt(i) != '$') {
            if (!isIdentStart(sql.charAt(i))) {
                pos++;
                kind = TokenKind.OTHER;
                return;
            }
            while (i < limit && isIdentCont(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        if (i >= limit || sql.charAt(i) != '$') {
            pos++; // dolqfailed: the '$' alone
            kind = TokenKind.OTHER;
            return;
        }
        int tagStart = pos;
        int tagLength = i + 1 - pos;
        kind = TokenKind.STRING;
        stringKind = StringKind.DOLLAR;
        // Every '$' of the body is where the server tries the closing delimiter; a try stops at the next '$',
        // so the whole search reads each character at most twice.
        int j = i + 1;
        while (j < limit) {
            if (sql.charAt(j) == '$' && j + tagLength <= limit && sql.regionMatches(j, sql, tagStart, tagLength)) {
                pos = j + tagLength;
                return;
            }
            j++;
        }
        pos = limit;
        unterminated = true;
    }

    private void number() {
        int i = pos;
        if (sql.charAt(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X' || at(i + 1) == 'o' || at(i + 1) == 'O'
                || at(i + 1) == 'b' || at(i + 1) == 'B')) {
            i += 2;
            while (i < limit && (isIdentCont(sql.charAt(i)) && sql.charAt(i) != '$')) {
                i++;
            }
            pos = i;
            kind = TokenKind.NUMBER;
            return;
        }
        while (i < limit && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (at(i) == '.' && at(i + 1) != '.') {
            i++;
            while (i < limit && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                i++;
            }
        }
        if ((at(i) == 'e' || at(i) == 'E')
                && (isDigit(at(i + 1)) || ((at(i + 1) == '+' || at(i + 1) == '-') && isDigit(at(i + 2))))) {
            i += 2;
            while (i < limit && isDigit(sql.charAt(i))) {
                i++;
            }
        }
        // {decinteger}{identifier} and the like: junk the server refuses; it belongs to the number.
        if (i < limit && isIdentStart(sql.charAt(i))) {
            while (i < limit && isIdentCont(sql.charAt(i))) {
                i++;
            }
        }
        pos = i;
        kind = TokenKind.NUMBER;
    }

    /** A run of operator characters, cut where a comment starts inside it (as the server does). */
    private void operator() {
        int i = pos + 1;
        while (i < limit && isOperatorChar(sql.charAt(i))) {
            char c = sql.charAt(i);
            if ((c == '-' && at(i + 1) == '-') || (c == '/' && at(i + 1) == '*')) {
                break;
            }
            i++;
        }
        pos = i;
        kind = TokenKind.OPERATOR;
    }
}
