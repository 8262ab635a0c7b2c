package dev.connector.migrations;

/**
 * One statement of a migration that takes a lock blocking reads or writes for longer than an instant, or that
 * breaks the version still running.
 *
 * @param source    the file (or the name given to the text)
 * @param line      the line the statement starts on, from 1
 * @param statement the statement, at most 120 characters
 * @param rule      the rule's id, such as {@code create-index-without-concurrently}
 * @param table     the table it locks, as written, or null when none is named
 * @param lockMode  the lock PostgreSQL takes on that table ({@code ACCESS EXCLUSIVE}, {@code SHARE}, ...), or
 *                  {@code none} when the statement fails before taking one
 * @param blocks    what it blocks while held: {@code reads and writes}, {@code writes}, or {@code nothing}
 * @param why       why it is dangerous
 * @param instead   the safe form
 */
public record LockFinding(String source, int line, String statement, String rule, String table, String lockMode,
                          String blocks, String why, String instead) {

    /** {@code file:line: rule: LOCK MODE (blocks ...) statement}, then why and instead. */
    public String describe() {
        return source + ":" + line + ": " + rule + ": " + lockMode + (table == null ? "" : " on " + table)
                + " (blocks " + blocks + "): " + statement + "\n    why: " + why + "\n    instead: " + instead;
    }
}
