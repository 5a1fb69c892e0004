package dev.testbed.compile;

import dev.testbed.core.TestbedException;

/**
 * Where models are built: dbt's {@code target}.
 *
 * @param name    the target's name, e.g. {@code dev}; templates see it as {@code target.name}
 * @param schema  the target schema, e.g. {@code main}; models without a custom schema are built here
 * @param catalog the alias under which the DuckLake warehouse is attached, e.g. {@code lake}; templates see it as
 *                {@code target.database}
 */
public record Target(String name, String schema, String catalog) {

    /** {@code target.type}: the adapter dbt would use for this warehouse. */
    public static final String TYPE = "duckdb";

    public Target {
        requireName("name", name);
        requireName("schema", schema);
        requireName("catalog", catalog);
    }

    public String type() {
        return TYPE;
    }

    /** SQL text naming a relation in this target's catalog: {@code catalog.schema.identifier}, quoted only where needed. */
    public String relation(String schema, String identifier) {
        return Relation.of(catalog, schema, identifier).render();
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new TestbedException("The target " + what + " is empty.", "Set the target's " + what + " (for example in the plugin configuration).");
        }
    }
}
