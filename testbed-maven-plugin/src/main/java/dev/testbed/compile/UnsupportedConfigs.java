package dev.testbed.compile;

import dev.testbed.core.TestbedException;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model configs that dbt-core 1.11 or dbt-duckdb 1.11.1 act on and this engine does not: a deliberate list, since dbt
 * accepts any other key silently into a model's config (and so does this engine). A config that would make the
 * engine build other tables than dbt fails the model; one that changes only metadata, permissions or the files'
 * layout is a warning naming where it was set.
 */
final class UnsupportedConfigs {

    /** Change which relation is built or what it holds. */
    private static final Map<String, String> FAIL = Map.of(
            "database", "dbt builds the model in this database instead of the target's",
            "sql_header", "dbt runs this SQL before the model's query, which can change its result",
            "full_refresh", "dbt then rebuilds (true) or never rebuilds (false) the incremental table whatever the command line says");

    /** dbt-duckdb's merge options (materializations/incremental_strategy/merge.sql) that change what a merge writes. */
    private static final Map<String, String> FAIL_WHEN_MERGING = Map.of(
            "merge_clauses", "dbt-duckdb then writes the MERGE's WHEN clauses from it",
            "merge_update_condition", "dbt-duckdb then updates only matched rows meeting it",
            "merge_insert_condition", "dbt-duckdb then inserts only new rows meeting it",
            "merge_update_set_expressions", "dbt-duckdb then sets these columns to these expressions on a match");

    /** Change metadata, permissions or the data files' layout, never the rows or columns. */
    private static final Map<String, String> WARN = Map.of(
            "grants", "dbt grants these privileges on the relation",
            "persist_docs", "dbt writes descriptions as comments on the relation and its columns");

    /** dbt-duckdb's DuckLake layout configs, which it (and this engine) applies to tables and incremental models only. */
    private static final Map<String, String> WARN_UNLESS_TABLE = Map.of(
            "partitioned_by", "a DuckLake table's partitioning",
            "partition_by", "a DuckLake table's partitioning",
            "sorted_by", "a DuckLake table's sort order",
            "sort_by", "a DuckLake table's sort order");

    private static final Map<String, String> WARN_WHEN_MERGING = Map.of(
            "merge_on_using_columns", "dbt-duckdb then joins with USING instead of ON (the same rows match)",
            "merge_returning_columns", "dbt-duckdb then returns these columns from the MERGE (the table is the same)");

    /** Values that leave a config unset (as dbt's Jinja truthiness sees them). */
    private static final Set<String> EMPTY_VALUES = Set.of("false", "none", "null", "");

    private UnsupportedConfigs() {
    }

    /**
     * @param origins where each key was set, e.g. {@code models/a.sql, line 1}
     * @return one warning per ignored config that changes no table
     * @throws TestbedException for the first config whose absence would build another table than dbt builds
     */
    static List<String> check(String model, Map<String, Object> raw, Map<String, String> origins, Materialization materialized,
                              IncrementalStrategy strategy) {
        boolean incremental = materialized == Materialization.INCREMENTAL;
        boolean merges = incremental && strategy == IncrementalStrategy.MERGE;
        for (Map.Entry<String, String> entry : FAIL.entrySet()) {
            String key = entry.getKey();
            if (set(raw.get(key)) && (!key.equals("full_refresh") || incremental)) {
                throw unsupported(model, key, origins.get(key), entry.getValue());
            }
        }
        if (merges) {
            for (Map.Entry<String, String> entry : FAIL_WHEN_MERGING.entrySet()) {
                if (set(raw.get(entry.getKey()))) {
                    throw unsupported(model, entry.getKey(), origins.get(entry.getKey()), entry.getValue());
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        WARN.forEach((key, effect) -> {
            if (set(raw.get(key))) {
                warnings.add(ignored(model, key, origins.get(key), effect));
            }
        });
        if (materialized != Materialization.TABLE && !incremental) {
            String kind = materialized.name().toLowerCase(java.util.Locale.ROOT);
            WARN_UNLESS_TABLE.forEach((key, effect) -> {
                if (set(raw.get(key))) {
                    warnings.add(origins.get(key) + ": model " + model + ": the config '" + key + "' is ignored: it sets " + effect + ", and a "
                            + kind + " model has no table (dbt-duckdb ignores it too)");
                }
            });
        }
        if (merges) {
            WARN_WHEN_MERGING.forEach((key, effect) -> {
                if (set(raw.get(key))) {
                    warnings.add(ignored(model, key, origins.get(key), effect));
                }
            });
        }
        warnings.sort(null);
        return warnings;
    }

    private static boolean set(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !(value instanceof Map<?, ?> map && map.isEmpty()) && !(value instanceof List<?> list && list.isEmpty())
                && !(value instanceof String text && EMPTY_VALUES.contains(text.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    private static TestbedException unsupported(String model, String key, String origin, String effect) {
        return new TestbedException("Model " + model + " (" + origin + "): the config '" + key + "' is not supported by this engine; " + effect
                + ", so building without it would not give dbt's table.", "Remove '" + key + "' from the model's config, or build this project with dbt.");
    }

    private static String ignored(String model, String key, String origin, String effect) {
        return origin + ": model " + model + ": the config '" + key + "' is ignored (" + effect + "; this engine does not)";
    }
}
