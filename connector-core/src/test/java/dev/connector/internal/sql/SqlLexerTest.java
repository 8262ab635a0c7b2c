package dev.connector.internal.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The lexer against PostgreSQL's rules (scan.l), one rule per test. */
class SqlLexerTest {

    /** The significant tokens, as kind:text. */
    private static List<String> significant(String sql, boolean standardConformingStrings) {
        return SqlLexer.tokens(sql, standardConformingStrings).stream()
                .filter(t -> !t.kind().isTrivia())
                .map(t -> t.kind() + ":" + t.text())
                .collect(Collectors.toList());
    }

    private static List<String> significant(String sql) {
        return significant(sql, true);
    }

    @Test
    void endsALineCommentAtCarriageReturnAsWellAsNewline() {
        assertThat(significant("-- migrate\rCREATE TABLE t")).containsExactly("WORD:CREATE", "WORD:TABLE", "WORD:t");
        assertThat(significant("-- migrate\nCREATE")).containsExactly("WORD:CREATE");
        assertThat(significant("SELECT 1 -- CREATE TABLE t")).containsExactly("WORD:SELECT", "NUMBER:1");
    }

    @Test
    void nestsBlockComments() {
        assertThat(significant("/* a /* b */ still */ DROP /*/ x */ t")).containsExactly("WORD:DROP", "WORD:t");
        assertThat(significant("/* a /* b */ DROP TABLE t")).isEmpty(); // unterminated: the rest is comment
    }

    @Test
    void readsOnlyPostgresWhitespaceAsWhitespace() {
        assertThat(significant("CREATE\fTABLE\u000Bt\r\n\tx")).containsExactly("WORD:CREATE", "WORD:TABLE", "WORD:t", "WORD:x");
        // a no-break space or an em space is a letter to the server: one identifier
        assertThat(significant("CREATE\u00A0TABLE\u2003t")).containsExactly("WORD:CREATE\u00A0TABLE\u2003t");
    }

    @Test
    void readsBackslashesInPlainStringsByStandardConformingStrings() {
        String sql = "SELECT 'a\\'' ; CREATE TABLE t(a int); -- '";
        assertThat(significant(sql, true)).containsExactly("WORD:SELECT", "STRING:'a\\'' ; CREATE TABLE t(a int); -- '");
        assertThat(significant(sql, false)).startsWith("WORD:SELECT", "STRING:'a\\''", "PUNCTUATION:;", "WORD:CREATE");
        SqlLexer lexer = new SqlLexer(sql);
        while (lexer.next() != null) {
            // read all
        }
        assertThat(lexer.sawBackslashInStandardString()).isTrue();
        assertThat(new SqlLexer("SELECT E'\\'' ").sawBackslashInStandardString()).isFalse();
    }

    @Test
    void readsEscapeStringsWithBackslashesAlways() {
        assertThat(significant("SELECT E'it\\'s; DROP' x")).containsExactly("WORD:SELECT", "STRING:E'it\\'s; DROP'", "WORD:x");
        assertThat(significant("SELECT e'\\\\' DROP")).containsExactly("WORD:SELECT", "STRING:e'\\\\'", "WORD:DROP");
        assertThat(significant("SELECT 'a''b' c")).containsExactly("WORD:SELECT", "STRING:'a''b'", "WORD:c");
    }

    @Test
    void readsUnicodeBitAndNationalStringsAndUnicodeIdentifiers() {
        assertThat(significant("SELECT U&'d\\0061t' UESCAPE '!'"))
                .containsExactly("WORD:SELECT", "STRING:U&'d\\0061t'", "WORD:UESCAPE", "STRING:'!'");
        assertThat(significant("SELECT U&\"d\\0061\"\"t\" x")).containsExactly("WORD:SELECT", "QUOTED_IDENTIFIER:U&\"d\\0061\"\"t\"", "WORD:x");
        // a bit string ends at the first quote, even with standard_conforming_strings off
        assertThat(significant("SELECT B'01\\' x", false)).containsExactly("WORD:SELECT", "STRING:B'01\\'", "WORD:x");
        assertThat(significant("SELECT N'a\\'b' x", false)).containsExactly("WORD:SELECT", "STRING:N'a\\'b'", "WORD:x");
        assertThat(significant("SELECT U&x")).containsExactly("WORD:SELECT", "WORD:U", "OPERATOR:&", "WORD:x");
    }

    @Test
    void continuesAStringAcrossANewlineInItsOwnForm() {
        // E'x' followed by a newline and a quote continues as an E string: \' does not end it
        String sql = "SELECT E'x'\n'\\'; CREATE TABLE t(a int); --' y";
        assertThat(significant(sql)).containsExactly("WORD:SELECT", "STRING:" + sql.substring(7, sql.length() - 2), "WORD:y");
        // without a newline there is no continuation
        assertThat(significant("SELECT B'1' '\\' x", false)).hasSize(3);
        // a bit string continued is still a bit string: the backslash escapes nothing
        assertThat(significant("SELECT B'0'\n'\\'; CREATE TABLE t(a int)", false))
                .contains("PUNCTUATION:;", "WORD:CREATE");
        // comments may sit on the lines between
        assertThat(significant("SELECT 'a' -- c\n-- d\n'b' x")).containsExactly("WORD:SELECT", "STRING:'a' -- c\n-- d\n'b'", "WORD:x");
    }

    @Test
    void readsDollarQuotesParametersAndDollarsInIdentifiers() {
        assertThat(significant("SELECT $$ ; DROP $$, $tag$ $$ ; $tag$ x"))
                .containsExactly("WORD:SELECT", "STRING:$$ ; DROP $$", "PUNCTUATION:,", "STRING:$tag$ $$ ; $tag$", "WORD:x");
        assertThat(significant("SELECT $1, $a $b")).containsExactly("WORD:SELECT", "PARAMETER:$1", "PUNCTUATION:,", "OTHER:$",
                "WORD:a", "OTHER:$", "WORD:b");
        // a $ inside an identifier belongs to it: no dollar quote starts there
        assertThat(significant("SELECT a$$ ; DROP TABLE t; $$")).startsWith("WORD:SELECT", "WORD:a$$", "PUNCTUATION:;", "WORD:DROP");
        assertThat(significant("SELECT $a$ $b$a$ x")).containsExactly("WORD:SELECT", "STRING:$a$ $b$a$", "WORD:x");
        assertThat(significant("SELECT $ab$ $a$b$ x")).containsExactly("WORD:SELECT", "STRING:$ab$ $a$b$ x");
    }

    @Test
    void readsQuotedIdentifiersNumbersAndOperators() {
        assertThat(significant("SELECT \"a\"\"b;\" , 1.5e-3, .5, 0x1F, 1..2"))
                .containsExactly("WORD:SELECT", "QUOTED_IDENTIFIER:\"a\"\"b;\"", "PUNCTUATION:,", "NUMBER:1.5e-3",
                        "PUNCTUATION:,", "NUMBER:.5", "PUNCTUATION:,", "NUMBER:0x1F", "PUNCTUATION:,", "NUMBER:1",
                        "PUNCTUATION:..", "NUMBER:2");
        assertThat(significant("a+/*c*/b <>--x\nc")).containsExactly("WORD:a", "OPERATOR:+", "WORD:b", "OPERATOR:<>", "WORD:c");
    }

    @Test
    void comparesKeywordsInAsciiOnly() {
        SqlLexer lexer = new SqlLexer("\u0131nto \u017Felect INTO into \u212Aey");
        lexer.nextSignificant();
        assertThat(lexer.is("INTO")).as("dotless i").isFalse();
        lexer.nextSignificant();
        assertThat(lexer.is("SELECT")).as("long s").isFalse();
        lexer.nextSignificant();
        assertThat(lexer.is("INTO")).isTrue();
        lexer.nextSignificant();
        assertThat(lexer.is("INTO")).isTrue();
        lexer.nextSignificant();
        assertThat(lexer.is("KEY")).as("Kelvin sign").isFalse();
    }

    @Test
    void marksUnterminatedTokens() {
        for (String sql : List.of("'abc", "E'abc\\'", "\"abc", "$x$ abc", "/* abc", "U&'abc")) {
            SqlLexer lexer = new SqlLexer(sql);
            lexer.next();
            assertThat(lexer.unterminated()).as(sql).isTrue();
            assertThat(lexer.end()).as(sql).isEqualTo(sql.length());
        }
    }

    @Test
    void lexesARangeOfATextOnly() {
        String sql = "SELECT 1; DROP TABLE t";
        SqlLexer lexer = new SqlLexer(sql, 10, 14, true);
        assertThat(lexer.nextSignificant()).isEqualTo(TokenKind.WORD);
        assertThat(lexer.text()).isEqualTo("DROP");
        assertThat(lexer.nextSignificant()).isNull();
    }

    @Test
    void readsHugeAndPathologicalInputInLinearTime() {
        List<String> inputs = List.of(
                "SELECT '" + "x".repeat(4_000_000),
                "/*".repeat(1_000_000),
                "$" + "a".repeat(200_000) + "$ " + ("$" + "a".repeat(199_999) + "b").repeat(20) + " x",
                "$a$" + "$".repeat(2_000_000),
                "E'" + "\\'".repeat(1_000_000),
                "'a'\n".repeat(500_000),
                "-".repeat(2_000_001),
                "a".repeat(3_000_000));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String sql : inputs) {
                SqlLexer lexer = new SqlLexer(sql);
                int tokens = 0;
                while (lexer.next() != null) {
                    tokens++;
                }
                assertThat(tokens).isPositive();
            }
        });
    }
}
