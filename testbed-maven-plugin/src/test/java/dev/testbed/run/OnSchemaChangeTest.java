package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.Reporter;
import dev.testbed.results.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dbt's {@code on_schema_change} on a real DuckLake: an incremental model is built, its query then changes its columns,
 * a new sale arrives in raw, and the model runs again, with each strategy (issue 13).
 */
class OnSchemaChangeTest {

    private static final String TABLE = "lake.main.daily_sales";
    private static final String COLUMNS = "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'lake' "
            + "AND schema_name = 'main' AND table_name = 'daily_sales' ORDER BY column_index";
    private static final List<List<String>> FIRST_COLUMNS = List.of(List.of("sale_id", "BIGINT"), List.of("sale_date", "DATE"),
            List.of("amount", "DECIMAL(12,2)"));

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLakeWithSales() throws Exception {
        lake = new SalesLake(work, ", 'note ' || range AS note");
    }

    @ParameterizedTest
    @ValueSource(strings = {"append", "delete+insert", "merge"})
    void appendNewColumnsAddsTheQuerysNewColumnAndFillsItForNewRowsOnly(String strategy) throws Exception {
        RunResult second = buildThenRerunWith(strategy, "append_new_columns", "sale_id, sale_date, amount, note");

        assertFalse(second.failed(), second.failureSummary());
        assertEquals(List.of(List.of("sale_id", "BIGINT"), List.of("sale_date", "DATE"), List.of("amount", "DECIMAL(12,2)"), List.of("note", "VARCHAR")),
                lake.rows(COLUMNS), strategy);
        assertEquals(List.of(List.of("31", "1", "note 31")), lake.rows("SELECT count(*), count(note), max(note) FROM " + TABLE), strategy);
    }

    /** dbt adds, then drops, then re-creates a retyped column last: the table ends as the query's columns in dbt's order. */
    @ParameterizedTest
    @ValueSource(strings = {"append", "delete+insert", "merge"})
    void syncAllColumnsAddsDropsAndRetypesColumns(String strategy) throws Exception {
        RunResult second = buildThenRerunWith(strategy, "sync_all_columns", "sale_id, cast(amount as double) as amount, note");

        assertFalse(second.failed(), second.failureSummary());
        assertEquals(List.of(List.of("sale_id", "BIGINT"), List.of("note", "VARCHAR"), List.of("amount", "DOUBLE")), lake.rows(COLUMNS), strategy);
        assertEquals(List.of(List.of("0", "0")), lake.rows("SELECT (SELECT count(*) FROM (SELECT sale_id, amount FROM " + TABLE
                + " EXCEPT ALL SELECT sale_id, cast(amount AS DOUBLE) FROM lake.raw.sales)), (SELECT count(*) FROM (SELECT sale_id, cast(amount AS DOUBLE) "
                + "FROM lake.raw.sales EXCEPT ALL SELECT sale_id, amount FROM " + TABLE + "))"), strategy + ": every sale once, amounts kept");
        assertEquals(List.of(List.of("1")), lake.rows("SELECT count(note) FROM " + TABLE), strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"append", "delete+insert", "merge"})
    void failRefusesAChangedQueryNamingTheColumnsAndWritesNothing(String strategy) throws Exception {
        build(strategy, "fail", "sale_id, sale_date, amount");
        String snapshots = "SELECT count(*) FROM ducklake_snapshots('lake') WHERE commit_message LIKE 'run-models%'";
        List<List<String>> before = lake.rows(snapshots);

        RunResult second = rerunWith(strategy, "fail", "sale_id, amount, note");

        assertTrue(second.failed(), strategy + ": the run fails");
        String message = second.failureSummary();
        assertTrue(message.contains("models/daily_sales.sql") && message.contains("on_schema_change is 'fail'"), message);
        assertTrue(message.contains("Query columns not in the table: [note]") && message.contains("table columns not in the query: [sale_date]"), message);
        assertEquals(FIRST_COLUMNS, lake.rows(COLUMNS), strategy + ": columns unchanged");
        assertEquals(List.of(List.of("30")), lake.rows("SELECT count(*) FROM " + TABLE), strategy + ": no row written");
        assertEquals(before, lake.rows(snapshots), strategy + ": no model snapshot committed (only the run's history row)");
    }

    /** dbt-duckdb inserts the table's columns from the staged rows, except MERGE, which inserts BY NAME and so fails on a new column. */
    @ParameterizedTest
    @ValueSource(strings = {"append", "delete+insert", "merge"})
    void ignoreLeavesTheTablesColumnsAndDropsTheQuerysNewOne(String strategy) throws Exception {
        RunResult second = buildThenRerunWith(strategy, "ignore", "sale_id, sale_date, amount, note");

        assertEquals(FIRST_COLUMNS, lake.rows(COLUMNS), strategy);
        if (strategy.equals("merge")) {
            assertTrue(second.failed(), "dbt-duckdb's merge fails too");
            assertTrue(second.failureSummary().contains("returns columns that lake.main.daily_sales lacks: [note]"), second.failureSummary());
            assertEquals(List.of(List.of("30")), lake.rows("SELECT count(*) FROM " + TABLE));
        } else {
            assertFalse(second.failed(), second.failureSummary());
            assertEquals(List.of(List.of("0", "0")), lake.rows("SELECT (SELECT count(*) FROM (FROM " + TABLE + " EXCEPT ALL SELECT sale_id, sale_date, amount "
                    + "FROM lake.raw.sales)), (SELECT count(*) FROM (SELECT sale_id, sale_date, amount FROM lake.raw.sales EXCEPT ALL FROM " + TABLE + "))"), strategy);
        }
    }

    /** The other way round: dbt-duckdb's insert selects the table's columns from the new rows and fails; its merge BY NAME leaves NULL. */
    @ParameterizedTest
    @ValueSource(strings = {"append", "delete+insert", "merge"})
    void ignoreWithAColumnTheQueryLostFailsExceptInAMerge(String strategy) throws Exception {
        RunResult second = buildThenRerunWith(strategy, "ignore", "sale_id, amount");

        assertEquals(FIRST_COLUMNS, lake.rows(COLUMNS), strategy);
        if (strategy.equals("merge")) {
            assertFalse(second.failed(), second.failureSummary());
            assertEquals(List.of(List.of("31", "30")), lake.rows("SELECT count(*), count(sale_date) FROM " + TABLE));
        } else {
            assertTrue(second.failed(), "dbt-duckdb's insert fails too");
            assertTrue(second.failureSummary().contains("no longer returns columns of lake.main.daily_sales: [sale_date]"), second.failureSummary());
            assertEquals(List.of(List.of("30")), lake.rows("SELECT count(*) FROM " + TABLE));
        }
    }

    private RunResult buildThenRerunWith(String strategy, String onSchemaChange, String newColumns) throws Exception {
        build(strategy, onSchemaChange, "sale_id, sale_date, amount");
        return rerunWith(strategy, onSchemaChange, newColumns);
    }

    private void build(String strategy, String onSchemaChange, String columns) throws Exception {
        writeModel(strategy, onSchemaChange, columns);
        RunResult first = lake.run(events::add);
        assertFalse(first.failed(), first.failureSummary());
        assertEquals(FIRST_COLUMNS, lake.rows(COLUMNS));
    }

    /** A new sale arrives and the model's query changes its columns. */
    private RunResult rerunWith(String strategy, String onSchemaChange, String columns) throws Exception {
        TestData.sql(lake.location, "INSERT INTO lake.raw.sales VALUES (31, DATE '2024-01-04', 9.99, 'note 31')");
        writeModel(strategy, onSchemaChange, columns);
        return lake.run(events::add);
    }

    private void writeModel(String strategy, String onSchemaChange, String columns) throws Exception {
        TestData.write(lake.project, "models/daily_sales.sql", "{{ config(materialized='incremental', incremental_strategy='" + strategy + "'"
                + (strategy.equals("append") ? "" : ", unique_key='sale_id'") + ", on_schema_change='" + onSchemaChange + "') }}\n"
                + "select " + columns + " from {{ source('raw', 'sales') }}\n"
                + "{% if is_incremental() %} where sale_id > (select max(sale_id) from {{ this }}) {% endif %}\n");
    }
}
