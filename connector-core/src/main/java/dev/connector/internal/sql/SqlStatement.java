package dev.connector.internal.sql;

/**
 * One statement of a SQL text: from its first token ({@code start}) to the end of its last ({@code end}),
 * without the {@code ;} and without the whitespace and comments around it.
 */
public record SqlStatement(String sql, int start, int end) {

    public String text() {
        return sql.substring(start, end);
    }
}
