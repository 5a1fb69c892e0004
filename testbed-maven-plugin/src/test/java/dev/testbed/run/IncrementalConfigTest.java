package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.results.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dbt's finer incremental configs on a real DuckLake, applied as dbt-duckdb applies them: {@code merge_update_columns} /
 * {@code merge_exclude_columns} limit what a merge updates, {@code incremental_predicates} limit which existing rows a
 * merge or delete+insert touches, with the aliases dbt-duckdb gives the table (issue 13).
 */
class IncrementalConfigTest {

    private static final String TABLE = "lake.main.daily_sales";

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLakeWithSales() throws Exception {
        lake = new SalesLake(work, ", 'note ' || range AS note");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "config(...)     | merge_update_columns=['amount', 'sale_date'] |",
            "properties file |                                              | merge_exclude_columns: [note]"})
    void aMergeUpdatesOnlyTheColumnsItIsToldTo(String where, String inConfig, String inProperties) throws Exception {
        TestData.write(lake.project, "models/daily_sales.sql", "{{ config(materialized='incremental', unique_key='sale_id', incremental_strategy='merge'"
                + (inConfig == null ? "" : ", " + inConfig) + ") }}\n"
                + "select sale_id, sale_date, amount, note from {{ source('raw', 'sales') }}\n");
        if (inProperties != null) {
            TestData.write(lake.project, "models/daily_sales.yml", "version: 2\nmodels:\n  - name: daily_sales\n    config:\n      " + inProperties + "\n");
        }
        assertBuilt(run());
        TestData.sql(lake.location, "UPDATE lake.raw.sales SET amount = amount + 100, note = 'changed' WHERE sale_id <= 3",
                "INSERT INTO lake.raw.sales VALUES (99, DATE '2024-01-04', 9.99, 'new')");
        assertBuilt(run());

        assertEquals(List.of(List.of("0")), rows("SELECT count(*) FROM " + TABLE + " t FULL JOIN lake.raw.sales r USING (sale_id) "
                + "WHERE t.amount IS DISTINCT FROM r.amount OR t.sale_date IS DISTINCT FROM r.sale_date"), where + ": updated columns follow raw");
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")), rows("SELECT sale_id FROM " + TABLE + " WHERE note = 'note ' || sale_id AND sale_id <= 3 ORDER BY 1"),
                where + ": the matched rows keep their old note");
        assertEquals(List.of(List.of("new")), rows("SELECT note FROM " + TABLE + " WHERE sale_id = 99"), where + ": a new row is inserted whole");
    }

    @Test
    void mergeUpdateAndExcludeColumnsTogetherAreRefusedNamingWhereEachWasSet() throws Exception {
        TestData.write(lake.project, "models/daily_sales.sql", "{{ config(materialized='incremental', unique_key='sale_id', merge_update_columns=['amount']) }}\n"
                + "select sale_id, sale_date, amount, note from {{ source('raw', 'sales') }}\n");
        TestData.write(lake.project, "models/daily_sales.yml", "version: 2\nmodels:\n  - name: daily_sales\n    config:\n      merge_exclude_columns: [note]\n");

        TestbedException e = assertThrows(TestbedException.class, this::run);

        assertTrue(e.getMessage().contains("merge_update_columns (set in models/daily_sales.sql, line 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("merge_exclude_columns (set in models/daily_sales.yml)"), e.getMessage());
        assertFalse(TestData.tableExists(lake.location, "main", "daily_sales"), "nothing was built");
    }

    /**
     * The source reuses key 3 (a sale of 2024-01-01) for a sale on a new day. The predicate keeps the increment away from rows older than the
     * table's last day, so the old sale 3 is neither deleted nor updated and both sales stay, as in raw.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "merge         | 'sale_id'   | DBT_INTERNAL_DEST.sale_date >= date '2024-01-03'",
            "delete+insert | ['sale_id'] | DBT_INCREMENTAL_TARGET.sale_date >= date '2024-01-03'",
            "delete+insert | 'sale_id'   | sale_date >= date '2024-01-03'"})
    void incrementalPredicatesLimitWhichExistingRowsTheIncrementTouches(String strategy, String uniqueKey, String predicate) throws Exception {
        TestData.write(lake.project, "models/daily_sales.sql", "{{ config(materialized='incremental', unique_key=" + uniqueKey
                + ", incremental_strategy='" + strategy + "', incremental_predicates=[\"" + predicate + "\"]) }}\n"
                + "select sale_id, sale_date, amount, note from {{ source('raw', 'sales') }}\n"
                + "{% if is_incremental() %} where sale_date >= (select max(sale_date) from {{ this }}) {% endif %}\n");
        assertBuilt(run());
        assertEquals(List.of(List.of("2024-01-03")), rows("SELECT max(sale_date) FROM " + TABLE));
        TestData.sql(lake.location, "INSERT INTO lake.raw.sales VALUES (3, DATE '2024-01-04', 5.55, 'reused key')");
        assertBuilt(run());

        assertEquals(List.of(List.of("0", "0")), lake.differencesFromRaw(TABLE), strategy + " " + uniqueKey + ": the table and the raw rows differ");
    }

    /** dbt logs an unknown value and falls back to ignore; here it fails, so that a typo cannot leave the table's columns stale. */
    @Test
    void anUnknownOnSchemaChangeFailsNamingTheFileAndTheValuesAllowed() throws Exception {
        TestData.write(lake.project, "models/daily_sales.sql", "{{ config(materialized='incremental', on_schema_change='append_new_column') }}\n"
                + "select sale_id from {{ source('raw', 'sales') }}\n");

        TestbedException e = assertThrows(TestbedException.class, this::run);

        assertTrue(e.getMessage().contains("models/daily_sales.sql, line 1") && e.getMessage().contains("unknown on_schema_change 'append_new_column'"), e.getMessage());
        assertTrue(e.suggestion().contains("Did you mean 'append_new_columns'?")
                && e.suggestion().contains("ignore, fail, append_new_columns, sync_all_columns"), e.suggestion());
        assertFalse(TestData.tableExists(lake.location, "main", "daily_sales"), "nothing was built");
    }

    private RunResult run() {
        return lake.run(events::add);
    }

    private static void assertBuilt(RunResult result) {
        assertFalse(result.failed(), result.toString());
    }

    private List<List<String>> rows(String query) throws Exception {
        return lake.rows(query);
    }
}
