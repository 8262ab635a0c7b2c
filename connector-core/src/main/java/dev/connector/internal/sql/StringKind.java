package dev.connector.internal.sql;

/** The form of a string constant, which decides how its content is read. */
public enum StringKind {
    /** {@code '...'} (or {@code N'...'}): backslash escapes only when standard_conforming_strings is off. */
    STANDARD,
    /** {@code E'...'}: backslash escapes always. */
    ESCAPE,
    /** {@code U&'...'}: no backslash escapes in the lexer. */
    UNICODE,
    /** {@code B'...'} and {@code X'...'}: end at the first quote. */
    BIT,
    /** {@code $tag$...$tag$}: no escapes at all. */
    DOLLAR
}
