package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.testbed.TestData;
import dev.testbed.core.LakeLocation;
import dev.testbed.results.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incremental model whose filter reads {@code {{ this }}}, the way dbt documents it, run three times with new
 * raw rows in between: the model's query must be evaluated once per run, or its second evaluation (after the
 * delete) sees a smaller {@code this} and inserts rows that were never deleted (issue 13).
 */
class IncrementalRerunTest {

    @TempDir
    Path work;
    SalesLake lake;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createLakeWithSales() throws Exception {
        lake = new SalesLake(work, "");
        project = lake.project;
        location = lake.location;
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete+insert", "merge"})
    void aThisRelativeModelRunThreeTimesHoldsEachRawRowOnce(String strategy) throws Exception {
        TestData.write(project, "models/daily_sales.sql", "{{ config(materialized='incremental', unique_key='sale_id', incremental_strategy='"
                + strategy + "') }}\n"
                + "select sale_id, sale_date, amount from {{ source('raw', 'sales') }}\n"
                + "{% if is_incremental() %} where sale_date >= (select max(sale_date) from {{ this }}) {% endif %}\n");
        assertBuilt(run());

        for (int round = 1; round <= 2; round++) {
            int first = 100 * round;
            // late rows on the current last day (the day the filter re-reads), a changed amount there, and a new day
            TestData.sql(location,
                    "INSERT INTO lake.raw.sales SELECT range, (SELECT max(sale_date) FROM lake.raw.sales), CAST(range AS DECIMAL(12, 2)) "
                            + "FROM range(" + first + ", " + (first + 5) + ")",
                    "UPDATE lake.raw.sales SET amount = amount + 1 WHERE sale_id = (SELECT max(sale_id) FROM lake.raw.sales "
                            + "WHERE sale_date = (SELECT max(sale_date) FROM lake.raw.sales) AND sale_id < " + first + ")",
                    "INSERT INTO lake.raw.sales SELECT range, (SELECT max(sale_date) FROM lake.raw.sales) + 1, CAST(range AS DECIMAL(12, 2)) "
                            + "FROM range(" + (first + 50) + ", " + (first + 54) + ")");
            assertBuilt(run());

            String table = "lake.main.daily_sales";
            assertEquals(List.of(List.of("0")), rows("SELECT count(*) - count(DISTINCT sale_id) FROM " + table),
                    "run " + (round + 1) + " left duplicate keys");
            assertEquals(rows("SELECT sum(amount) FROM lake.raw.sales"), rows("SELECT sum(amount) FROM " + table), "run " + (round + 1));
            assertEquals(List.of(List.of("0", "0")), lake.differencesFromRaw(table), "run " + (round + 1) + ": the table and the raw rows differ");
        }
        assertEquals(List.of(List.of("0")), rows("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%dbt_tmp%'"),
                "the staging relation never reaches the lake");
        assertEquals(List.of(List.of("0")), rows("SELECT count(*) FROM ducklake_snapshots('lake') WHERE CAST(changes AS VARCHAR) LIKE '%dbt_tmp%'"),
                "no snapshot ever created or wrote the staging relation");
    }

    private RunResult run() {
        return lake.run(TestData.QUIET);
    }

    private static void assertBuilt(RunResult result) {
        assertFalse(result.failed(), result.toString());
    }

    private List<List<String>> rows(String query) throws Exception {
        return lake.rows(query);
    }
}
