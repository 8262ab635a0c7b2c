package dev.connector.internal.guard;

import dev.connector.SchemaChangeRefusedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A property of refusals: whatever a refused statement carries in a literal, in whatever quoting form, the
 * refusal (message and statement) never shows it, nor any six characters of it.
 */
class SecretMaskingPropertyTest {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'\\$\"; -_#@!";

    /** Each quoting form, as a function of the secret it must hide. */
    private static final List<Function<String, String>> QUOTINGS = List.of(
            s -> "'" + s.replace("'", "''") + "'",
            s -> "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'",
            s -> "e'" + s.replace("\\", "\\\\").replace("'", "''") + "'",
            s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'", // as written for standard_conforming_strings=off
            s -> "U&'" + s.replace("\\", "\\\\").replace("'", "''") + "'",
            s -> "N'" + s.replace("'", "''") + "'",
            s -> "$$" + s.replace("$", "") + "$$",
            s -> "$k$" + s.replace("$", "") + "$k$",
            s -> "$Secret_1$" + s + "$Secret_1$",
            s -> "'" + s.substring(0, s.length() / 2).replace("'", "''") + "'\n'" + s.substring(s.length() / 2).replace("'", "''") + "'",
            s -> "E'" + s.substring(0, s.length() / 2).replace("\\", "\\\\").replace("'", "\\'") + "' -- part\n'"
                    + s.substring(s.length() / 2).replace("\\", "\\\\").replace("'", "\\'") + "'");

    private static final List<String> STATEMENTS = List.of(
            "ALTER ROLE app PASSWORD %s",
            "ALTER ROLE app WITH LOGIN PASSWORD %s VALID UNTIL 'infinity'",
            "CREATE ROLE r LOGIN PASSWORD %s",
            "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'app', password %s)",
            "CREATE SUBSCRIPTION sub CONNECTION %s PUBLICATION p",
            "CREATE TABLE keys AS SELECT %s AS k",
            "SELECT 1; /* set it */ ALTER SYSTEM SET ssl_passphrase_command = %s",
            "COMMENT ON TABLE t IS %s",
            "DO %s",
            "SELECT %s AS k INTO t");

    @Test
    void refusalsNeverShowASecretWhateverItsQuoting() {
        SchemaGuard guard = new SchemaGuard("AWS Lambda", true);
        Random random = new Random(20261123L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder secret = new StringBuilder();
            int length = 12 + random.nextInt(40);
            for (int j = 0; j < length; j++) {
                secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String literal = QUOTINGS.get(random.nextInt(QUOTINGS.size())).apply(secret.toString());
            String sql = String.format(STATEMENTS.get(random.nextInt(STATEMENTS.size())), literal);
            String hidden = secret.toString().replace("$", literal.startsWith("$$") || literal.startsWith("$k$") ? "" : "$");
            assertThatThrownBy(() -> guard.check(sql))
                    .as(sql)
                    .isInstanceOf(SchemaChangeRefusedException.class)
                    .satisfies(e -> {
                        assertNothingOf(hidden, e.getMessage(), sql);
                        assertNothingOf(hidden, ((SchemaChangeRefusedException) e).statement(), sql);
                    });
        }
    }

    private static void assertNothingOf(String secret, String shown, String sql) {
        for (int k = 0; k + 6 <= secret.length(); k++) {
            assertThat(shown).as("%s shows part of the secret in: %s", sql, shown).doesNotContain(secret.substring(k, k + 6));
        }
    }
}
