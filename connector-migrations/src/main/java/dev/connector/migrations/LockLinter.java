package dev.connector.migrations;

import dev.connector.migrations.internal.lint.Rules;
import dev.connector.migrations.internal.lint.Statements;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the statements of a migration that take a lock blocking reads or writes for longer than an instant, or
 * that break the version still running, with the lock PostgreSQL takes, why it is dangerous and the safe form.
 * It reads SQL with the schema guard's lexer (strings, comments, dollar quotes as the server reads them) and
 * never connects to a database.
 *
 * <pre>{@code
 * List<LockFinding> findings = LockLinter.create().lint(Path.of("src/main/resources/db/migration"));
 * }</pre>
 */
public final class LockLinter {

    private static final Pattern FLYWAY_VERSIONED = Pattern.compile("^V([0-9._]+)__.*\\.sql$", Pattern.CASE_INSENSITIVE);

    private boolean lockTimeoutFromSession;

    private LockLinter() {
    }

    public static LockLinter create() {
        return new LockLinter();
    }

    /**
     * The migrations run through a {@link MigrationSession}, which sets lock_timeout on every session: a file
     * need not set it itself, so {@code no-lock-timeout} is not reported.
     */
    public LockLinter lockTimeoutFromSession(boolean fromSession) {
        this.lockTimeoutFromSession = fromSession;
        return this;
    }

    /** The findings of one SQL text; {@code source} names it in the findings. */
    public List<LockFinding> lint(String source, String sql) {
        return Rules.check(source, Statements.of(sql), lockTimeoutFromSession);
    }

    /**
     * The findings of a {@code .sql} file, or of every {@code .sql} file under a folder (a Flyway
     * {@code db/migration} folder: versioned migrations in version order, then the rest by name).
     */
    public List<LockFinding> lint(Path fileOrFolder) throws IOException {
        List<LockFinding> out = new ArrayList<>();
        for (Path file : files(fileOrFolder)) {
            out.addAll(lint(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        return out;
    }

    static List<Path> files(Path fileOrFolder) throws IOException {
        if (!Files.isDirectory(fileOrFolder)) {
            if (!Files.isRegularFile(fileOrFolder)) {
                throw new java.nio.file.NoSuchFileException(fileOrFolder.toString(), null, "no such file or folder");
            }
            return List.of(fileOrFolder);
        }
        try (Stream<Path> walk = Files.walk(fileOrFolder)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase().endsWith(".sql"))
                    .sorted(Comparator.comparing((Path p) -> version(p) == null ? 1 : 0)
                            .thenComparing(LockLinter::version, Comparator.nullsLast(LockLinter::compareVersions))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static String version(Path p) {
        Matcher m = FLYWAY_VERSIONED.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1) : null;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long u = i < x.length && !x[i].isEmpty() ? Long.parseLong(x[i]) : 0;
            long v = i < y.length && !y[i].isEmpty() ? Long.parseLong(y[i]) : 0;
            if (u != v) {
                return Long.compare(u, v);
            }
        }
        return 0;
    }
}
