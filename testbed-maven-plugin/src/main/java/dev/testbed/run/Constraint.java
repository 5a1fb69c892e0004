package dev.testbed.run;

import dev.testbed.core.TestbedException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code constraints:} entry of an enforced contract, rendered into the table's definition as dbt's adapter renders
 * it (dbt-duckdb declares every type enforced, so each is sent to the database, which enforces or refuses it).
 *
 * @param on where it was declared, e.g. {@code column 'id'} or {@code the model}
 */
record Constraint(String type, String expression, String name, List<String> columns, String on, Contract contract) {

    private static final List<String> TYPES = List.of("check", "not_null", "unique", "primary_key", "foreign_key", "custom");

    /** dbt's ColumnLevelConstraint / ModelLevelConstraint from the YAML mapping; an unknown type fails as dbt's parser does. */
    static Constraint parse(Object raw, String on, Contract contract) {
        if (!(raw instanceof Map<?, ?> map) || !(map.get("type") instanceof String type) || !TYPES.contains(type.strip().toLowerCase(Locale.ROOT))) {
            throw new TestbedException("Model " + contract.model() + " (" + contract.origin() + "): could not parse the constraint " + raw + " of " + on + ".",
                    "Give each constraint a 'type': one of " + String.join(", ", TYPES) + ".");
        }
        Object columns = map.get("columns");
        return new Constraint(type.strip().toLowerCase(Locale.ROOT), text(map.get("expression")), text(map.get("name")),
                columns instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(), on, contract);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** As dbt's render_column_constraint: the text after the column's type, or null when dbt renders nothing. */
    String columnSql() {
        String suffix = expression == null ? "" : " " + expression;
        return switch (type) {
            case "check" -> expression == null ? null : "check (" + expression + ")";
            case "not_null" -> ("not null" + suffix).strip();
            case "unique" -> ("unique" + suffix).strip();
            case "primary_key" -> ("primary key" + suffix).strip();
            case "foreign_key" -> throw foreignKey();
            default -> expression;
        };
    }

    /** As dbt's render_model_constraint: a table constraint, or null when dbt renders nothing (a model-level not_null). */
    String modelSql() {
        String prefix = name == null ? "" : "constraint " + name + " ";
        String suffix = expression == null ? "" : " " + expression;
        String columnList = " (" + String.join(", ", columns) + ")";
        return switch (type) {
            case "check" -> expression == null ? null : prefix + "check (" + expression + ")";
            case "unique" -> prefix + "unique" + suffix + columnList;
            case "primary_key" -> prefix + "primary key" + suffix + columnList;
            case "foreign_key" -> throw foreignKey();
            case "custom" -> expression == null ? null : prefix + expression;
            default -> null;
        };
    }

    /** For messages: the type and where it was declared. */
    String describe() {
        return type + " on " + on;
    }

    /**
     * A foreign key cannot exist on a DuckLake table: DuckDB refuses one to a table of another catalog, and dbt-duckdb's
     * DDL, which leaves the catalog out of the referenced table, fails on DuckLake as well. Said before anything is built.
     */
    private TestbedException foreignKey() {
        return new TestbedException("Model " + contract.model() + " (" + contract.origin() + "): the foreign_key constraint on " + on
                + " cannot be created: DuckLake tables have no foreign keys (DuckDB refuses FOREIGN KEY constraints across catalogs); dbt-duckdb fails here too.",
                "Remove the foreign_key constraint and test the reference with a 'relationships' data test instead.");
    }
}
