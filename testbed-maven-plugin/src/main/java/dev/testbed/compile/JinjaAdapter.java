package dev.testbed.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * dbt's {@code adapter} object as templates see it. The introspection part: {@code get_relation},
 * {@code get_columns_in_relation}, {@code quote} and {@code type()}; the database behind them is the render's
 * {@link CompileDatabase}. While parsing ({@code execute} false) nothing reaches the database: {@code get_relation}
 * returns none and {@code get_columns_in_relation} an empty list.
 */
public final class JinjaAdapter {

    static final JinjaAdapter INSTANCE = new JinjaAdapter();

    private JinjaAdapter() {
    }

    /** {@code adapter.get_relation(database, schema, identifier)}: the relation with its type, or none. */
    @SuppressWarnings("checkstyle:MethodName")
    public Relation get_relation(Object... args) {
        Render render = Render.current();
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("database", "schema", "identifier"));
        if (!render.executes()) {
            return null;
        }
        return AdapterIntrospection.relation(render, text(named.get("database")), text(named.get("schema")), text(named.get("identifier")));
    }

    /** {@code adapter.get_columns_in_relation(relation)}: its columns in order, as dbt-duckdb's columns. */
    @SuppressWarnings("checkstyle:MethodName")
    public List<AdapterColumn> get_columns_in_relation(Object relation) {
        Render render = Render.current();
        if (!render.executes()) {
            return new ArrayList<>();
        }
        Relation given = relation instanceof Relation r ? r : Relation.parse(String.valueOf(relation));
        return AdapterIntrospection.columns(render, given);
    }

    /** {@code adapter.quote(identifier)}: in double quotes, as dbt-duckdb quotes. */
    public String quote(Object identifier) {
        return "\"" + identifier + "\"";
    }

    /** {@code adapter.type()}. */
    public String type() {
        return "duckdb";
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
