package dev.connector.internal.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the first statement in a SQL string that changes the schema or locks a whole table, without
 * parsing SQL fully: a single linear pass that knows PostgreSQL's lexical rules (nested block comments,
 * {@code ''} and {@code E''} strings, quoted identifiers, dollar quotes, {@code $n} parameters), splits
 * on semicolons, and looks at the leading keywords of each statement at its outermost parenthesis
 * depth. It never throws and never backtracks, so it cannot hang on any input.
 */
public final class SchemaChangeDetector {

    /** A statement the guard refuses: its text (at most 80 characters, secrets masked) and why. */
    public record Finding(String statement, String what) {
    }

    private static final int MAX_WORDS = 4096;
    private static final Set<String> MAIN_VERBS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE");
    private static final Set<String> TEMPORARY = Set.of("TEMP", "TEMPORARY");
    private static final Set<String> EXCLUSIVE_LOCKS = Set.of("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE");
    private static final Set<String> OBJECT_KEYWORDS = Set.of("TABLE", "INDEX", "UNIQUE", "VIEW", "MATERIALIZED",
            "SEQUENCE", "SCHEMA", "TYPE", "DOMAIN", "FUNCTION", "PROCEDURE", "TRIGGER", "EXTENSION", "OR", "REPLACE",
            "UNLOGGED", "ROLE", "USER", "DATABASE", "POLICY", "RULE", "AGGREGATE", "OPERATOR", "CONCURRENTLY",
            "FOREIGN", "SERVER", "EVENT", "PUBLICATION", "SUBSCRIPTION", "COLLATION", "CAST", "LANGUAGE", "STATISTICS",
            "LABEL", "OWNED", "SYSTEM", "DEFAULT", "PRIVILEGES", "TABLESPACE", "CONSTRAINT", "ON");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'?");

    private SchemaChangeDetector() {
    }

    /** The first refused statement in {@code sql}, or null when every statement is allowed. */
    public static Finding find(String sql) {
        if (sql == null) {
            return null;
        }
        Scanner scanner = new Scanner(sql);
        while (scanner.nextStatement()) {
            String what = classify(scanner.words);
            if (what != null) {
                return new Finding(snippet(sql.substring(scanner.start, scanner.end)), what);
            }
        }
        return null;
    }

    /** A word of a statement: upper-cased if it can be a keyword, null for quoted or qualified names. */
    private record Word(String keyword, int depth) {
    }

    private static String classify(List<Word> all) {
        if (all.isEmpty()) {
            return null;
        }
        int base = all.get(0).depth();
        List<String> k = new ArrayList<>();
        for (Word w : all) {
            if (w.depth() == base) {
                k.add(w.keyword() == null ? "" : w.keyword());
            }
        }
        int i = 0;
        if (at(k, 0).equals("EXPLAIN")) {
            i = 1;
            while (Set.of("ANALYZE", "ANALYSE", "VERBOSE").contains(at(k, i))) {
                i++;
            }
        }
        String verb = at(k, i);
        switch (verb) {
            case "CREATE": {
                int j = i + 1;
                if (at(k, j).equals("OR") && at(k, j + 1).equals("REPLACE")) {
                    j += 2;
                }
                if (at(k, j).equals("GLOBAL") || at(k, j).equals("LOCAL")) {
                    j++;
                }
                if (TEMPORARY.contains(at(k, j))) {
                    return null; // temporary objects live and die with the session
                }
                return "creates a schema object (" + phrase(k, i, 4) + ")";
            }
            case "ALTER":
                return "alters a schema object (" + phrase(k, i, 3) + ")";
            case "DROP":
                return "drops a schema object (" + phrase(k, i, 3) + ")";
            case "TRUNCATE":
                return "empties tables under an ACCESS EXCLUSIVE lock (TRUNCATE)";
            case "GRANT":
            case "REVOKE":
                return "changes privileges (" + verb + ")";
            case "COMMENT":
                return "changes a schema object's comment (COMMENT ON)";
            case "SECURITY":
            case "IMPORT":
            case "REASSIGN":
                return "changes schema objects (" + phrase(k, i, 2) + ")";
            case "REINDEX":
            case "CLUSTER":
            case "REFRESH":
                return "rebuilds a table or index under an exclusive lock (" + phrase(k, i, 2) + ")";
            case "VACUUM":
                for (Word w : all) {
                    if ("FULL".equals(w.keyword())) {
                        return "rewrites a table under an ACCESS EXCLUSIVE lock (VACUUM FULL)";
                    }
                }
                return null;
            case "LOCK":
                String mode = lockMode(k, i);
                return EXCLUSIVE_LOCKS.contains(mode) ? "takes a table-wide " + mode + " lock (LOCK)" : null;
            case "DO":
                return "runs an anonymous code block (DO) whose effect cannot be known before it runs";
            case "WITH":
            case "SELECT":
                if (!mainVerb(k, i).equals("SELECT")) {
                    return null;
                }
                int into = k.indexOf("INTO");
                if (into >= 0) {
                    int j = into + 1;
                    if (at(k, j).equals("GLOBAL") || at(k, j).equals("LOCAL")) {
                        j++;
                    }
                    return TEMPORARY.contains(at(k, j)) ? null : "creates a table (SELECT ... INTO)";
                }
                return null;
            default:
                return null;
        }
    }

    private static String mainVerb(List<String> k, int from) {
        for (int j = from; j < k.size(); j++) {
            if (MAIN_VERBS.contains(k.get(j))) {
                return k.get(j);
            }
        }
        return "";
    }

    private static String lockMode(List<String> k, int from) {
        int in = k.subList(from, k.size()).indexOf("IN");
        if (in < 0) {
            return "ACCESS EXCLUSIVE"; // LOCK without a mode takes the strongest one
        }
        StringBuilder mode = new StringBuilder();
        for (int j = from + in + 1; j < k.size() && !k.get(j).equals("MODE"); j++) {
            if (mode.length() > 0) {
                mode.append(' ');
            }
            mode.append(k.get(j));
        }
        return mode.toString();
    }

    private static String phrase(List<String> k, int from, int max) {
        StringBuilder out = new StringBuilder();
        for (int j = from; j < Math.min(k.size(), from + max); j++) {
            if (j > from && !OBJECT_KEYWORDS.contains(k.get(j))) {
                break; // a name, not part of the statement's kind
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(k.get(j));
        }
        return out.toString();
    }

    private static String at(List<String> k, int i) {
        return i < k.size() ? k.get(i) : "";
    }

    private static String snippet(String statement) {
        String s = statement.strip().replaceAll("\\s+", " ");
        if (s.toUpperCase(Locale.ROOT).contains("PASSWORD")) {
            s = STRING_LITERAL.matcher(s).replaceAll("'***'");
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Walks the SQL one statement at a time, collecting the words of each. */
    private static final class Scanner {
        private final String sql;
        private final int n;
        private int pos;
        final List<Word> words = new ArrayList<>();
        int start;
        int end;

        Scanner(String sql) {
            this.sql = sql;
            this.n = sql.length();
        }

        boolean nextStatement() {
            words.clear();
            if (pos >= n) {
                return false;
            }
            start = pos;
            int depth = 0;
            boolean afterDot = false;
            boolean afterAs = false;
            while (pos < n) {
                char c = sql.charAt(pos);
                if (c == ';') {
                    end = pos;
                    pos++;
                    return true;
                }
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && peek(1) == '-') {
                    int nl = sql.indexOf('\n', pos);
                    pos = nl < 0 ? n : nl + 1;
                } else if (c == '/' && peek(1) == '*') {
                    skipBlockComment();
                } else if (c == '\'') {
                    skipQuoted('\'', false);
                    afterDot = afterAs = false;
                } else if (c == '"') {
                    skipQuoted('"', false);
                    add(null, depth);
                    afterDot = afterAs = false;
                } else if (c == '$') {
                    skipDollar();
                } else if (isIdentifierStart(c)) {
                    int from = pos;
                    while (pos < n && isIdentifierPart(sql.charAt(pos))) {
                        pos++;
                    }
                    String word = sql.substring(from, pos);
                    if (pos < n && sql.charAt(pos) == '\'' && (word.equals("E") || word.equals("e"))) {
                        skipQuoted('\'', true);
                    } else {
                        String upper = word.toUpperCase(Locale.ROOT);
                        add(afterDot || afterAs ? null : upper, depth);
                        afterAs = upper.equals("AS");
                    }
                    afterDot = false;
                } else if (c >= '0' && c <= '9') {
                    while (pos < n && (isIdentifierPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                        pos++;
                    }
                    afterDot = afterAs = false;
                } else {
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth = Math.max(0, depth - 1);
                    }
                    afterDot = c == '.';
                    afterAs = false;
                    pos++;
                }
            }
            end = n;
            return true;
        }

        private void add(String keyword, int depth) {
            if (words.size() < MAX_WORDS) {
                words.add(new Word(keyword, depth));
            }
        }

        private char peek(int ahead) {
            int i = pos + ahead;
            return i < n ? sql.charAt(i) : '\0';
        }

        private void skipBlockComment() {
            int nesting = 0;
            while (pos < n) {
                if (sql.startsWith("/*", pos)) {
                    nesting++;
                    pos += 2;
                } else if (sql.startsWith("*/", pos)) {
                    nesting--;
                    pos += 2;
                    if (nesting == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
        }

        /**
         * At an opening quote: skips to after the closing one. A doubled quote stands for itself; in E''
         * strings a backslash escapes the next character. Unterminated: skips to the end.
         */
        private void skipQuoted(char quote, boolean backslashEscapes) {
            pos++;
            while (pos < n) {
                char c = sql.charAt(pos);
                if (backslashEscapes && c == '\\') {
                    pos += 2;
                } else if (c != quote) {
                    pos++;
                } else if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            }
            pos = Math.min(pos, n);
        }

        /** At a dollar sign: a parameter ($1), a dollar-quoted string ($tag$...$tag$), or an operator. */
        private void skipDollar() {
            int i = pos + 1;
            if (i < n && Character.isDigit(sql.charAt(i))) {
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                pos = i;
                return;
            }
            if (i < n && sql.charAt(i) != '$' && !isIdentifierStart(sql.charAt(i))) {
                pos = i;
                return;
            }
            while (i < n && sql.charAt(i) != '$' && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
            if (i >= n || sql.charAt(i) != '$') {
                pos = pos + 1; // not a dollar quote after all
                return;
            }
            String tag = sql.substring(pos, i + 1);
            int close = sql.indexOf(tag, i + 1);
            pos = close < 0 ? n : close + tag.length();
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_' || c >= 0x80;
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
        }
    }
}
