package dev.connector.internal.guard;

import dev.connector.internal.sql.SqlLexer;
import dev.connector.internal.sql.SqlScanner;
import dev.connector.internal.sql.StringKind;
import dev.connector.internal.sql.TokenKind;

import java.util.Set;

/**
 * Decides whether one statement changes the schema or locks a whole table, from its tokens, in one forward
 * pass: the real leading command (through leading parentheses, {@code EXPLAIN}, {@code PREPARE ... AS},
 * {@code DECLARE ... FOR} and the CTE list of {@code WITH}, whose names are identifiers, never commands),
 * then the few statements whose effect hides behind a harmless leading word ({@code SELECT ... INTO},
 * {@code VACUUM FULL}, {@code LOCK}). No recursion, no list of words: memory stays constant.
 */
final class StatementClassifier {

    /**
     * PostgreSQL's reserved keywords (kwlist.h, RESERVED_KEYWORD): the words that cannot be a table name,
     * so that {@code INTO temp FROM} names a table called temp, while {@code INTO temp t} makes a temporary one.
     */
    private static final Set<String> RESERVED = Set.of("ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS",
            "ASC", "ASYMMETRIC", "BOTH", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE",
            "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER",
            "DEFAULT", "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT", "FALSE", "FETCH", "FOR",
            "FOREIGN", "FROM", "GRANT", "GROUP", "HAVING", "IN", "INITIALLY", "INTERSECT", "INTO", "LATERAL",
            "LEADING", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NOT", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER",
            "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "SELECT", "SESSION_USER", "SOME", "SYMMETRIC",
            "SYSTEM_USER", "TABLE", "THEN", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VARIADIC",
            "WHEN", "WHERE", "WINDOW", "WITH");
    private static final Set<String> OBJECT_KEYWORDS = Set.of("TABLE", "INDEX", "UNIQUE", "VIEW", "MATERIALIZED",
            "SEQUENCE", "SCHEMA", "TYPE", "DOMAIN", "FUNCTION", "PROCEDURE", "TRIGGER", "EXTENSION", "OR", "REPLACE",
            "UNLOGGED", "ROLE", "USER", "DATABASE", "POLICY", "RULE", "AGGREGATE", "OPERATOR", "CONCURRENTLY",
            "FOREIGN", "SERVER", "EVENT", "PUBLICATION", "SUBSCRIPTION", "COLLATION", "CAST", "LANGUAGE", "STATISTICS",
            "LABEL", "OWNED", "SYSTEM", "DEFAULT", "PRIVILEGES", "TABLESPACE", "CONSTRAINT", "ON", "GROUP", "ACCESS",
            "METHOD", "CONVERSION", "TEXT", "SEARCH", "CONFIGURATION", "DICTIONARY", "PARSER", "TEMPLATE", "DATA",
            "WRAPPER", "MAPPING", "ROUTINE", "TRANSFORM", "LARGE", "OBJECT", "RECURSIVE", "COLUMN", "CLASS", "FAMILY");
    private static final String SELECT_INTO = "creates a table (SELECT ... INTO)";

    private StatementClassifier() {
    }

    /** With the scanner on a statement's first token: why it is refused, or null if it is allowed. */
    static String classify(SqlScanner s) {
        String prefix = "";
        while (true) {
            while (s.isChar('(') || s.isChar('{')) { // parenthesised selects; JDBC escapes, read through
                if (!s.advance()) {
                    return null;
                }
            }
            if (s.kind() != TokenKind.WORD) {
                return null; // the server accepts no statement that starts otherwise
            }
            if (s.is("EXPLAIN")) {
                if (!s.advance()) {
                    return null;
                }
                if (s.isChar('(')) {
                    if (!skipParentheses(s) || !s.advance()) {
                        return null;
                    }
                }
                while (s.is("ANALYZE") || s.is("ANALYSE") || s.is("VERBOSE")) {
                    if (!s.advance()) {
                        return null;
                    }
                }
                continue; // the explained statement runs under ANALYZE: classify it
            }
            if (s.is("PREPARE") || s.is("DECLARE")) {
                // PREPARE name [(types)] AS statement; DECLARE name ... CURSOR ... FOR query
                String word = s.is("PREPARE") ? "AS" : "FOR";
                if (!advanceToWordAtDepthZero(s, word) || !s.advance()) {
                    return null;
                }
                prefix = word.equals("AS") ? "prepares a statement that " : "declares a cursor that ";
                continue;
            }
            String why = command(s);
            return why == null ? null : prefix + why;
        }
    }

    private static String command(SqlScanner s) {
        if (s.is("SELECT") || s.is("VALUES") || s.is("TABLE")) {
            return selectInto(s);
        }
        if (s.is("WITH")) {
            return with(s);
        }
        if (s.is("CREATE")) {
            return create(s);
        }
        if (s.is("ALTER")) {
            return "alters a schema object (" + phrase(s, 3) + ")";
        }
        if (s.is("DROP")) {
            return "drops a schema object (" + phrase(s, 3) + ")";
        }
        if (s.is("TRUNCATE")) {
            return "empties tables under an ACCESS EXCLUSIVE lock (TRUNCATE)";
        }
        if (s.is("GRANT") || s.is("REVOKE")) {
            return "changes privileges (" + upper(s.text()) + ")";
        }
        if (s.is("COMMENT")) {
            return "changes a schema object's comment (COMMENT ON)";
        }
        if (s.is("SECURITY") || s.is("IMPORT") || s.is("REASSIGN")) {
            return "changes schema objects (" + phrase(s, 2) + ")";
        }
        if (s.is("REINDEX") || s.is("CLUSTER") || s.is("REFRESH")) {
            return "rebuilds a table or index under an exclusive lock (" + phrase(s, 2) + ")";
        }
        if (s.is("VACUUM")) {
            return vacuumFull(s) ? "rewrites a table under an ACCESS EXCLUSIVE lock (VACUUM FULL)" : null;
        }
        if (s.is("LOCK")) {
            return lock(s);
        }
        if (s.is("DO")) {
            return "runs an anonymous code block (DO) whose effect cannot be known before it runs";
        }
        return null;
    }

    /** CREATE: refused unless it makes a temporary table, view or sequence. */
    private static String create(SqlScanner s) {
        String what = "creates a schema object (" + phrase(s, 4) + ")";
        if (!s.advance()) {
            return what;
        }
        if (s.is("OR")) {
            if (!s.advance() || !s.is("REPLACE") || !s.advance()) {
                return what;
            }
        }
        if (s.is("GLOBAL") || s.is("LOCAL")) {
            if (!s.advance()) {
                return what;
            }
        }
        if (s.is("TEMP") || s.is("TEMPORARY")) {
            if (s.advance() && (s.is("TABLE") || s.is("VIEW") || s.is("SEQUENCE") || s.is("RECURSIVE"))) {
                return null; // temporary objects live and die with the session
            }
        }
        return what;
    }

    /**
     * A SELECT (or VALUES, TABLE, or the main statement after a CTE list): refused if it has an INTO that
     * makes a table. INTO counts at any depth, except right after INSERT or MERGE inside parentheses; never
     * after {@code AS} or {@code .}, where it is a column label.
     */
    private static String selectInto(SqlScanner s) {
        int depth = 0;
        boolean afterLabelMarker = false;
        boolean afterInsertOrMerge = false;
        while (true) {
            if (s.isChar('(')) {
                depth++;
            } else if (s.isChar(')')) {
                depth--;
            } else if (s.is("INTO") && !afterLabelMarker && !(depth > 0 && afterInsertOrMerge)) {
                if (!temporaryInto(s)) {
                    return SELECT_INTO;
                }
                if (s.atEnd()) {
                    return null;
                }
                afterLabelMarker = false;
                afterInsertOrMerge = false;
                continue; // on the table's name
            }
            afterLabelMarker = s.isChar('.') || s.is("AS");
            afterInsertOrMerge = s.is("INSERT") || s.is("MERGE");
            if (!s.advance()) {
                return null;
            }
        }
    }

    /**
     * On INTO: whether it names a temporary table: {@code [GLOBAL|LOCAL] TEMP|TEMPORARY [TABLE] name}. A
     * TEMP not followed by a name is itself the name of a permanent table ({@code INTO temp FROM t}).
     */
    private static boolean temporaryInto(SqlScanner s) {
        if (!s.advance()) {
            return false;
        }
        if (s.is("GLOBAL") || s.is("LOCAL")) {
            if (!s.advance()) {
                return false;
            }
            if (!(s.is("TEMP") || s.is("TEMPORARY"))) {
                return false;
            }
        }
        if (!(s.is("TEMP") || s.is("TEMPORARY")) || !s.advance()) {
            return false;
        }
        return s.is("TABLE") || s.kind() == TokenKind.QUOTED_IDENTIFIER
                || (s.kind() == TokenKind.WORD && !RESERVED.contains(upper(s.text())));
    }

    /**
     * WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (body) [SEARCH ...] [CYCLE ...] [, ...]
     * main-statement. The names are identifiers, whatever they spell; the bodies are data-modifying at most.
     * Anything else is read as conservatively as a SELECT.
     */
    private static String with(SqlScanner s) {
        if (!s.advance()) {
            return null;
        }
        if (s.is("RECURSIVE") && !s.advance()) {
            return null;
        }
        while (true) {
            if (s.kind() != TokenKind.WORD && s.kind() != TokenKind.QUOTED_IDENTIFIER) {
                return selectInto(s);
            }
            if (!s.advance()) {
                return null;
            }
            if (s.isChar('(') && (!skipParentheses(s) || !s.advance())) {
                return null;
            }
            if (!s.is("AS")) {
                return selectInto(s);
            }
            if (!s.advance()) {
                return null;
            }
            if (s.is("NOT") && !s.advance()) {
                return null;
            }
            if (s.is("MATERIALIZED") && !s.advance()) {
                return null;
            }
            if (!s.isChar('(')) {
                return selectInto(s);
            }
            if (!skipParentheses(s) || !s.advance()) {
                return null;
            }
            if (s.is("SEARCH")) {
                // SEARCH {BREADTH|DEPTH} FIRST BY columns SET column
                if (!advanceToWordAtDepthZero(s, "SET") || !s.advance() || !s.advance()) {
                    return null;
                }
            }
            if (s.is("CYCLE")) {
                // CYCLE columns SET column [TO value DEFAULT value] USING column
                if (!s.advance() || !s.advance() || !advanceToWordAtDepthZero(s, "USING") || !s.advance() || !s.advance()) {
                    return null;
                }
            }
            if (!s.isChar(',')) {
                break;
            }
            if (!s.advance()) {
                return null;
            }
        }
        if (s.is("INSERT") || s.is("UPDATE") || s.is("DELETE") || s.is("MERGE")) {
            return null;
        }
        return selectInto(s);
    }

    /** VACUUM FULL, or VACUUM (FULL [value]) with a value other than false, off or 0. */
    private static boolean vacuumFull(SqlScanner s) {
        if (!s.advance()) {
            return false;
        }
        if (s.is("FULL")) {
            return true;
        }
        if (!s.isChar('(')) {
            return false;
        }
        while (s.advance()) {
            if (s.isChar(')')) {
                return false;
            }
            boolean full = s.is("FULL");
            if (!s.advance()) {
                return full;
            }
            if (full) {
                if (s.isChar(',') || s.isChar(')') || !isFalse(s)) {
                    return true;
                }
                if (!s.advance()) {
                    return false;
                }
            }
            int depth = 0; // the rest of this option, up to its ',' or the list's ')'
            while (depth > 0 || !(s.isChar(',') || s.isChar(')'))) {
                if (s.isChar('(')) {
                    depth++;
                } else if (s.isChar(')')) {
                    depth--;
                }
                if (!s.advance()) {
                    return false;
                }
            }
            if (s.isChar(')')) {
                return false;
            }
        }
        return false;
    }

    /** defGetBoolean's false: the words false and off, the strings 'false' and 'off', the integer 0. */
    private static boolean isFalse(SqlScanner s) {
        if (s.is("FALSE") || s.is("OFF")) {
            return true;
        }
        String text = s.text();
        if (s.kind() == TokenKind.NUMBER) {
            return text.equals("0");
        }
        return s.kind() == TokenKind.STRING && s.stringKind() == StringKind.STANDARD
                && (SqlLexer.asciiEqualsIgnoreCase(text, 0, text.length(), "'FALSE'")
                        || SqlLexer.asciiEqualsIgnoreCase(text, 0, text.length(), "'OFF'"));
    }

    /** LOCK [TABLE] names [IN mode MODE] [NOWAIT]: refused for the modes that block readers or all writers. */
    private static String lock(SqlScanner s) {
        String mode = "ACCESS EXCLUSIVE"; // LOCK without a mode takes the strongest one
        if (advanceToWordAtDepthZero(s, "IN")) {
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < 3 && s.advance() && !s.is("MODE"); i++) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(upper(s.text()));
            }
            mode = words.toString();
        }
        return mode.equals("ACCESS EXCLUSIVE") || mode.equals("EXCLUSIVE") || mode.equals("SHARE ROW EXCLUSIVE")
                ? "takes a table-wide " + mode + " lock (LOCK)" : null;
    }

    /** On '(': moves to the matching ')'; false if the statement ends first. */
    private static boolean skipParentheses(SqlScanner s) {
        int depth = 0;
        do {
            if (s.isChar('(')) {
                depth++;
            } else if (s.isChar(')') && --depth == 0) {
                return true;
            }
        } while (s.advance());
        return false;
    }

    /** Moves forward to {@code word} outside parentheses; false if the statement ends first. */
    private static boolean advanceToWordAtDepthZero(SqlScanner s, String word) {
        int depth = 0;
        while (s.advance()) {
            if (s.isChar('(')) {
                depth++;
            } else if (s.isChar(')')) {
                depth--;
            } else if (depth <= 0 && s.is(word)) {
                return true;
            }
        }
        return false;
    }

    /** The command and the object keywords after it ("CREATE UNIQUE INDEX"), read ahead on a lexer of its own. */
    private static String phrase(SqlScanner s, int max) {
        SqlLexer lexer = new SqlLexer(s.sql(), s.start(), s.sql().length(), true);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < max && lexer.nextSignificant() == TokenKind.WORD; i++) {
            String word = upper(lexer.text());
            if (i > 0 && !OBJECT_KEYWORDS.contains(word)) {
                break; // a name, not part of the statement's kind
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** Upper case in ASCII only, for keywords (bounded: a word longer than a keyword is not one). */
    static String upper(String word) {
        if (word.length() > 64) {
            return "";
        }
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
