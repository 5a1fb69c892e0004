package dev.testbed.project;

import java.util.List;

/**
 * The dbt configs that shape how an incremental model's new rows are applied, beyond its strategy and unique key.
 *
 * @param uniqueKeyListed     true when {@code unique_key} was written as a list: dbt-duckdb's delete+insert then aliases
 *                            the table {@code DBT_INCREMENTAL_TARGET}, and otherwise leaves it unaliased, so users'
 *                            predicates name it differently in the two cases
 * @param updateColumns       {@code merge_update_columns}: on a match, only these are updated (empty: all)
 * @param excludeColumns      {@code merge_exclude_columns}: on a match, all but these are updated (empty: none left out)
 * @param predicates          {@code incremental_predicates}: SQL conditions that further limit which existing rows
 *                            a merge matches or a delete+insert deletes
 */
public record IncrementalOptions(boolean uniqueKeyListed, List<String> updateColumns, List<String> excludeColumns, List<String> predicates,
                                 OnSchemaChange onSchemaChange) {

    public static final IncrementalOptions NONE = new IncrementalOptions(false, List.of(), List.of(), List.of(), OnSchemaChange.IGNORE);

    public IncrementalOptions {
        updateColumns = List.copyOf(updateColumns);
        excludeColumns = List.copyOf(excludeColumns);
        predicates = List.copyOf(predicates);
    }
}
