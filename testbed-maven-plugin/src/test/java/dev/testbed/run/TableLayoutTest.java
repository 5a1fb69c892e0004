package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt-duckdb's {@code partitioned_by} / {@code sorted_by} on a real DuckLake: the table's partitioning and sort order are
 * the catalog's, its files are written per partition, a date-bounded query reads only its partition's files (EXPLAIN
 * ANALYZE), and the layout survives increments, a full refresh and a schema change.
 */
class TableLayoutTest {

    /** One row per hour over January to March 2024: 2,184 rows, far above DuckLake's inlining limit, so they go to files. */
    private static final String EVENTS = "CREATE TABLE lake.raw.events AS SELECT range AS event_id, TIMESTAMP '2024-01-01' + range * INTERVAL 1 HOUR AS event_at, "
            + "range % 7 AS store_id FROM range(0, 2184)";
    private static final String PARTITIONS = "SELECT pc.partition_key_index, c.column_name, pc.transform FROM __ducklake_metadata_lake.ducklake_partition_column pc "
            + "JOIN __ducklake_metadata_lake.ducklake_column c ON c.column_id = pc.column_id AND c.table_id = pc.table_id AND c.end_snapshot IS NULL "
            + "JOIN __ducklake_metadata_lake.ducklake_partition_info pi ON pi.partition_id = pc.partition_id AND pi.table_id = pc.table_id "
            + "JOIN __ducklake_metadata_lake.ducklake_table t ON t.table_id = pi.table_id "
            + "WHERE t.table_name = 'events_by_month' AND t.end_snapshot IS NULL AND pi.end_snapshot IS NULL ORDER BY 1";

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLake() throws Exception {
        lake = new SalesLake(work, "");
        TestData.sql(lake.location, EVENTS);
        TestData.write(lake.project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: sales\n      - name: events\n");
    }

    @Test
    void aPartitionedIncrementalTableReadsOnlyTheFilesOfTheMonthsAQueryBounds() throws Exception {
        model("partitioned_by=['year(event_at)', 'month(event_at)'], sorted_by=['store_id']", "event_id, event_at, store_id");

        RunResult first = lake.run(events::add);

        assertFalse(first.failed(), first.failureSummary());
        assertEquals(List.of(List.of("0", "event_at", "year"), List.of("1", "event_at", "month")), lake.rows(PARTITIONS));
        assertEquals(3, dataFiles(), "one file per month");
        assertEquals(List.of(List.of("true")), lake.rows("SELECT count(*) = 1 FROM __ducklake_metadata_lake.ducklake_sort_info si "
                + "JOIN __ducklake_metadata_lake.ducklake_table t USING (table_id) WHERE t.table_name = 'events_by_month' AND t.end_snapshot IS NULL "
                + "AND si.end_snapshot IS NULL"), "a sort order is set");
        // the next increment's window: the rows of March only
        assertEquals(1, filesRead("SELECT sum(store_id) FROM lake.main.events_by_month WHERE event_at >= TIMESTAMP '2024-03-01'"));
        assertEquals(3, filesRead("SELECT sum(store_id) FROM lake.main.events_by_month"));
    }

    @Test
    void theLayoutSurvivesAnIncrementAFullRefreshAndASchemaChange() throws Exception {
        model("partitioned_by='month(event_at)'", "event_id, event_at, store_id");
        assertFalse(lake.run(events::add).failed());
        TestData.sql(lake.location, "INSERT INTO lake.raw.events SELECT range, TIMESTAMP '2024-04-01' + range * INTERVAL 1 HOUR, 1 FROM range(2184, 2500)");

        assertFalse(lake.run(events::add).failed(), "an increment adds April");
        assertEquals(List.of(List.of("0", "event_at", "month")), lake.rows(PARTITIONS));
        assertEquals(1, filesRead("SELECT sum(store_id) FROM lake.main.events_by_month WHERE event_at >= TIMESTAMP '2024-04-01'"));

        model("partitioned_by='month(event_at)'", "event_id, event_at, store_id, store_id * 2 AS doubled");
        RunResult changed = lake.run(events::add);
        assertFalse(changed.failed(), changed.failureSummary());
        assertEquals(List.of(List.of("0", "event_at", "month")), lake.rows(PARTITIONS), "kept after append_new_columns");

        RunResult refreshed = new RunModelsTask(DuckDbSettings.defaults(), events::add).run(new RunRequest(lake.project, lake.location,
                new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, true, work.resolve("out")));
        assertFalse(refreshed.failed(), refreshed.failureSummary());
        assertEquals(List.of(List.of("0", "event_at", "month")), lake.rows(PARTITIONS), "set again on the rebuilt table");
        assertEquals(List.of(List.of("2500")), lake.rows("SELECT count(*) FROM lake.main.events_by_month"));
    }

    @Test
    void aTableWithoutLayoutHasNoPartitioning() throws Exception {
        model("", "event_id, event_at, store_id");
        assertFalse(lake.run(events::add).failed());
        assertEquals(List.of(), lake.rows(PARTITIONS));
        assertTrue(filesRead("SELECT sum(store_id) FROM lake.main.events_by_month WHERE event_at >= TIMESTAMP '2024-03-01'") >= 1);
    }

    @Test
    void aWrongValueFailsTheModelAsDbtDuckdbDoes() throws Exception {
        model("partitioned_by={'a': 1}", "event_id, event_at, store_id");
        RunResult result = lake.run(events::add);
        assertTrue(result.failureSummary().contains("partitioned_by/partition_by must be a list of strings or a string"), result.failureSummary());
    }

    private void model(String layout, String columns) throws Exception {
        TestData.write(lake.project, "models/events_by_month.sql", "{{ config(materialized='incremental', unique_key='event_id', "
                + "incremental_strategy='delete+insert', on_schema_change='append_new_columns'" + (layout.isEmpty() ? "" : ", " + layout) + ") }}\n"
                + "select " + columns + " from {{ source('raw', 'events') }}\n"
                + "{% if is_incremental() %}where event_at > (select max(event_at) from {{ this }}){% endif %}\n");
    }

    private int dataFiles() throws Exception {
        return Integer.parseInt(lake.rows("SELECT count(*) FROM ducklake_list_files('lake', 'events_by_month')").get(0).get(0));
    }

    /** DuckDB's EXPLAIN ANALYZE of the query: the files its DuckLake scan read. */
    private int filesRead(String query) throws Exception {
        String plan = String.join("\n", lake.rows("EXPLAIN ANALYZE " + query).stream().map(row -> row.get(row.size() - 1)).toList());
        Matcher read = Pattern.compile("Total Files Read: (\\d+)").matcher(plan);
        assertTrue(read.find(), plan);
        return Integer.parseInt(read.group(1));
    }
}
