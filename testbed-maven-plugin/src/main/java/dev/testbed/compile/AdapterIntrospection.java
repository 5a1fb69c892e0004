package dev.testbed.compile;

import java.util.List;

/**
 * What {@code adapter.get_relation} and {@code adapter.get_columns_in_relation} ask the render's database, kept apart from
 * {@link JinjaAdapter} so that the adapter object stays a thin face over the functions behind it.
 */
final class AdapterIntrospection {

    private AdapterIntrospection() {
    }

    /** The relation of that name with its type, or null; the target's database when none is given, as dbt's adapter does. */
    static Relation relation(Render render, String database, String schema, String identifier) {
        if (schema == null || identifier == null) {
            throw render.fail("adapter.get_relation() needs a schema and an identifier", "Call adapter.get_relation(database=..., schema=..., identifier=...).");
        }
        String catalog = database == null ? render.env.target().catalog() : database;
        String type = render.ask("adapter.get_relation", db -> db.relationType(catalog, schema, identifier));
        return type == null ? null : Relation.of(catalog, schema, identifier).withType(type);
    }

    static List<AdapterColumn> columns(Render render, Relation relation) {
        String catalog = relation.getDatabase() == null ? render.env.target().catalog() : relation.getDatabase();
        String schema = relation.getSchema() == null ? render.env.target().schema() : relation.getSchema();
        String what = "adapter.get_columns_in_relation";
        if (render.ask(what, database -> database.relationType(catalog, schema, relation.getIdentifier())) == null) {
            // dbt-duckdb DESCRIBEs the relation, which fails the same way
            throw render.fail("adapter.get_columns_in_relation(): relation " + relation + " does not exist",
                    "Check it first with adapter.get_relation(...), which returns none for a missing relation.");
        }
        return render.ask(what, database -> database.columns(catalog, schema, relation.getIdentifier())).stream()
                .map(column -> new AdapterColumn(column.name(), column.dataType())).toList();
    }
}
