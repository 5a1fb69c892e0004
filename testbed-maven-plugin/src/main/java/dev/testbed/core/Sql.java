package dev.testbed.core;

/** Quoting for the few values the engine splices into SQL text (paths, messages, names). */
public final class Sql {

    private Sql() {
    }

    /** A single-quoted SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A double-quoted SQL identifier. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
