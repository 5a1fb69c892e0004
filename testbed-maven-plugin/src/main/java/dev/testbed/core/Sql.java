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

    /** The SQL text of a relation given as {@code schema.name}, in the catalog {@code alias}. */
    public static String relation(String alias, String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return alias + "." + identifier(schemaDotName.substring(0, dot)) + "." + identifier(schemaDotName.substring(dot + 1));
    }
}
