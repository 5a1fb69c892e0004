package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.maintain.LakeMaintenance;
import dev.testbed.maintain.MaintainRequest;
import dev.testbed.maintain.MaintenanceResult;
import dev.testbed.maintain.Retention;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift tests on a real DuckLake: an aggregate of a model now against the model's previous version, by time travel,
 * through run-models and verify-metrics as Maven runs them, in both publish modes.
 */
class DriftTestsTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    /** sum(total_revenue) within 5%, and within an absolute 150, of the previous version; the row count exactly. */
    private static final String PERCENT = "drift_revenue_sum_total_revenue___5_";
    private static final String ABSOLUTE = "drift_revenue_sum_total_revenue___150";
    private static final String ROWS = "row_count_drift_revenue_0";
    private static final String VIEW = "drift_revenue_by_store_sum_revenue___1_";
    /** The properties file up to the revenue model's tests. */
    private static final String REVENUE_TESTS = """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: sales
            models:
              - name: revenue
                data_tests:
            """;

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void project() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        // revenue 1000 in total: 10 sales of 100 over 2 stores
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.sales AS SELECT range AS id, range % 2 AS store, 100.00::DECIMAL(10, 2) AS amount FROM range(10)");
        TestData.write(project, "models/schema.yml", REVENUE_TESTS + """
                      - drift:
                          expression: sum(total_revenue)
                          max_change: 5%
                      - drift:
                          expression: sum(total_revenue)
                          max_change: 150
                      - row_count_drift:
                          max_change: 0
                  - name: revenue_by_store
                    data_tests:
                      - drift:
                          expression: sum(revenue)
                          max_change: 1%
                """);
        revenue("sum(amount)");
        TestData.write(project, "models/revenue_by_store.sql", "{{ config(materialized='view') }} select store, sum(amount) as revenue "
                + "from {{ source('raw', 'sales') }} group by store");
    }

    /** The revenue model with {@code total} as its revenue per store. */
    private void revenue(String total) throws Exception {
        TestData.write(project, "models/revenue.sql", "{{ config(materialized='table') }} select store, " + total + " as total_revenue "
                + "from {{ source('raw', 'sales') }} group by store");
    }

    @Test
    void aFirstBuildPassesSayingThereIsNothingToCompareWithAndRecordsTheValue() throws Exception {
        TestRunResult first = build("run-1", BuildOptions.ATOMIC);

        assertFalse(first.failed(), lines.toString());
        assertEquals(TestStatus.PASS, result(first, PERCENT).status());
        assertTrue(result(first, PERCENT).message().startsWith("first build of main.revenue: no previous version to compare sum(total_revenue) = 1000.00"),
                result(first, PERCENT).message());
        assertTrue(lines.stream().anyMatch(l -> l.contains("PASS " + PERCENT) && l.contains("first build of main.revenue")), lines.toString());
        assertEquals(List.of(List.of(VIEW, "1000.0"), List.of(PERCENT, "1000.0"), List.of(ROWS, "2.0")),
                TestData.rows(location, "SELECT test, metric_value FROM lake.testbed.test_runs WHERE test IN ('" + PERCENT + "', '" + ROWS + "', '"
                        + VIEW + "') ORDER BY test"), "the measured values are in the run history");
        String runResults = Files.readString(work.resolve("out/run_results.json"));
        assertTrue(runResults.contains("first build of main.revenue"), "run_results.json says so too");
    }

    @Test
    void atomicallyAModelThatInflatesRevenueByTenPercentFailsThePercentBoundNamingBothValuesAndTheChange() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        revenue("sum(amount) * 1.1");

        TestRunResult inflated = build("run-2", BuildOptions.ATOMIC);

        assertTrue(inflated.failed());
        TestResult percent = result(inflated, PERCENT);
        assertEquals(TestStatus.FAIL, percent.status());
        assertEquals(1, percent.failures());
        assertEquals(List.of("previous_value", "current_value", "change", "max_change", "previous_snapshot"), percent.columns());
        assertEquals(List.of("1000.00", "1100.000", "+100 (+10.00%)", "5%"), percent.sampleRows().get(0).subList(0, 4));
        assertTrue(percent.details().contains("sum(total_revenue) of main.revenue changed from 1000.00 (snapshot ")
                && percent.details().contains(") to 1100.000: +100 (+10.00%), beyond max_change 5%. If the change is intended, raise max_change of "
                + PERCENT + " (once a build with it passes, later builds compare with the new value)"), percent.details());
        assertTrue(lines.stream().anyMatch(l -> l.contains("FAIL 1 " + PERCENT) && l.contains("+10.00%")), lines.toString());
        assertEquals(TestStatus.PASS, result(inflated, ABSOLUTE).status(), "+100 is within an absolute 150");
        assertEquals(TestStatus.PASS, result(inflated, ROWS).status(), "as many rows as before");
        assertEquals(List.of(List.of("1000.00")), TestData.rows(location, "SELECT sum(total_revenue) FROM lake.main.revenue"),
                "the red build published nothing");

        TestRunResult again = build("run-3", BuildOptions.ATOMIC);
        assertEquals(TestStatus.FAIL, result(again, PERCENT).status(), "the previous version is still the last published one");
    }

    @Test
    void anAbsoluteBoundFailsBeyondItsAmountAndTheRowCountVariantCountsRows() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        revenue("sum(amount) * 1.2");
        TestData.sql(location, "INSERT INTO lake.raw.sales VALUES (10, 2, 0.00)");

        TestRunResult changed = build("run-2", BuildOptions.ATOMIC);

        assertEquals(TestStatus.FAIL, result(changed, ABSOLUTE).status(), "+200 is beyond an absolute 150");
        assertTrue(result(changed, ABSOLUTE).details().contains("+200 (+20.00%), beyond max_change 150"), result(changed, ABSOLUTE).details());
        assertEquals(TestStatus.FAIL, result(changed, ROWS).status());
        assertTrue(result(changed, ROWS).details().contains("count(*) of main.revenue changed from 2 (snapshot "), result(changed, ROWS).details());
    }

    @Test
    void anUnchangedRebuildPassesSayingWhatItCompared() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());

        TestRunResult rebuilt = build("run-2", BuildOptions.ATOMIC);

        assertFalse(rebuilt.failed(), lines.toString());
        assertTrue(result(rebuilt, PERCENT).message().matches("sum\\(total_revenue\\) of main.revenue: 1000.00 now, 1000.00 at snapshot \\d+, \\+0 "
                + "\\(\\+0.00%\\), within max_change 5%"), result(rebuilt, PERCENT).message());
    }

    @Test
    void withWarnSeverityADriftBeyondTheBoundWarnsAndTheBuildPasses() throws Exception {
        TestData.write(project, "models/schema.yml", Files.readString(project.resolve("models/schema.yml"))
                .replace("max_change: 5%", "max_change: 5%\n          config:\n            severity: warn"));
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        revenue("sum(amount) * 1.1");

        TestRunResult inflated = build("run-2", BuildOptions.ATOMIC);

        assertEquals(TestStatus.WARN, result(inflated, PERCENT).status());
        assertFalse(inflated.failed(), lines.toString());
        assertEquals(List.of(List.of("1100.000")), TestData.rows(location, "SELECT sum(total_revenue) FROM lake.main.revenue"),
                "a warning does not stop the build");
    }

    @Test
    void eachModelCommittingOnItsOwnComparesTheNewVersionWithTheOneBeforeIt() throws Exception {
        assertFalse(build("run-1", BuildOptions.EACH).failed());
        revenue("sum(amount) * 1.1");

        TestRunResult inflated = build("run-2", BuildOptions.EACH);

        assertEquals(TestStatus.FAIL, result(inflated, PERCENT).status(), lines.toString());
        assertTrue(result(inflated, PERCENT).details().contains("changed from 1000.00 (snapshot ")
                && result(inflated, PERCENT).details().contains("(until the model is built again, its tests compare these same two versions)"),
                result(inflated, PERCENT).details());
        assertEquals(List.of(List.of("1100.000")), TestData.rows(location, "SELECT sum(total_revenue) FROM lake.main.revenue"),
                "each mode published the model before its tests ran");

        TestRunResult rebuilt = build("run-3", BuildOptions.EACH);
        assertEquals(TestStatus.PASS, result(rebuilt, PERCENT).status(), "the same 1100 again: the previous version is now run-2's");
    }

    /**
     * Maintenance that expires the snapshot which created the model (left as it was by every later build) must not
     * turn the next build into a "first build": the model is compared with where the last kept build left it.
     */
    @Test
    void afterMaintenanceExpiredTheSnapshotThatCreatedAnUnchangedModelADriftIsStillCaught() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        // a build of the view alone: the revenue table stays as run-1 made it, and only this build is kept
        assertFalse(build("run-2", BuildOptions.ATOMIC, "revenue_by_store").failed());
        MaintenanceResult maintained = new LakeMaintenance(DuckDbSettings.defaults(), event -> { })
                .maintain(new MaintainRequest(location, Retention.of(1, "0s"), false));
        assertTrue(maintained.describe().stream().anyMatch(line -> line.startsWith("Expired ")), maintained.describe().toString());
        revenue("sum(amount) * 1.1");

        TestRunResult inflated = build("run-3", BuildOptions.ATOMIC);

        TestResult percent = result(inflated, PERCENT);
        assertEquals(TestStatus.FAIL, percent.status(), percent.message());
        assertEquals(List.of("1000.00", "1100.000", "+100 (+10.00%)", "5%"), percent.sampleRows().get(0).subList(0, 4));
    }

    @Test
    void aViewIsComparedWithItselfAtItsPreviousVersionOverTheDataOfThen() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        TestData.sql(location, "INSERT INTO lake.raw.sales VALUES (10, 0, 100.00)");

        TestRunResult grown = build("run-2", BuildOptions.ATOMIC);

        TestResult view = result(grown, VIEW);
        assertEquals(TestStatus.FAIL, view.status(), lines.toString());
        assertEquals(List.of("1000.00", "1100.00", "+100 (+10.00%)", "1%"), view.sampleRows().get(0).subList(0, 4));
    }

    @Test
    void aDriftTestWithoutABoundOrExpressionDoesNotRunAndSaysWhatToWrite() throws Exception {
        TestData.write(project, "models/schema.yml", REVENUE_TESTS + """
                      - drift:
                          max_change: 5%
                      - row_count_drift:
                          max_change: five percent
                """);

        TestRunResult result = build("run-1", BuildOptions.ATOMIC);

        List<String> messages = result.results().stream().map(TestResult::message).sorted().toList();
        assertEquals(2, result.count(TestStatus.ERROR), lines.toString());
        assertTrue(messages.get(0).startsWith("drift needs expression: (an aggregate of the model, e.g. sum(total_revenue))"), messages.toString());
        assertTrue(messages.get(1).startsWith("row_count_drift: max_change must be a percentage of the previous value (e.g. 5%) or an absolute "
                + "amount (e.g. 1000), got 'five percent'"), messages.toString());
    }

    @Test
    void otherTestsMeasureNothing() throws Exception {
        TestData.write(project, "models/schema.yml", Files.readString(project.resolve("models/schema.yml"))
                .replace("      - name: sales\n", "      - name: sales\n        columns:\n          - name: id\n            data_tests: [unique]\n"));

        build("run-1", BuildOptions.ATOMIC);

        assertEquals(List.of(List.of("source_unique_raw_sales_id", "NULL")),
                TestData.rows(location, "SELECT test, coalesce(metric_value::VARCHAR, 'NULL') FROM lake.testbed.test_runs WHERE test_type = 'unique'"));
    }

    @Test
    void aLakeWhoseHistoryPredatesDriftTestsGetsTheMetricColumnAndKeepsItsRows() throws Exception {
        // the history tables as builds created them before drift tests
        TestData.sql(location, "CREATE SCHEMA lake.testbed", "CREATE TABLE lake.testbed.model_runs (run_id VARCHAR, model VARCHAR,"
                + " materialization VARCHAR, status VARCHAR, started_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT, rows_affected BIGINT,"
                + " code_hash VARCHAR, message VARCHAR, config_hash VARCHAR, macro_hashes VARCHAR)", "CREATE TABLE lake.testbed.test_runs"
                + " (run_id VARCHAR, test VARCHAR, test_type VARCHAR, suite VARCHAR, column_name VARCHAR, status VARCHAR, failures BIGINT,"
                + " finished_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT, message VARCHAR, definition_hash VARCHAR)",
                "INSERT INTO lake.testbed.test_runs (run_id, test, status) VALUES ('run-0', 'older', 'pass')");

        assertFalse(build("run-1", BuildOptions.ATOMIC).failed(), lines.toString());

        assertEquals(List.of(List.of("older", "NULL"), List.of(PERCENT, "1000.0")), TestData.rows(location, "SELECT test,"
                + " coalesce(metric_value::VARCHAR, 'NULL') FROM lake.testbed.test_runs WHERE test IN ('older', '" + PERCENT + "') ORDER BY test DESC"));
    }

    /** run-models then verify-metrics of one build, as Maven runs them, the work handed on between them. */
    private TestRunResult build(String runId, BuildOptions options) {
        return build(runId, options, null);
    }

    /** run-models and verify-metrics of the {@code select}ed models (null: all), as one build. */
    private TestRunResult build(String runId, BuildOptions options, String select) {
        Reporter reporter = event -> lines.add(event.message());
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), reporter, runId)
                .run(new RunRequest(project, location, TARGET, Map.of(), select, null, false, work.resolve("out")), options.withTestsFollowing(true));
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter)
                .run(new TestRequest(project, location, TARGET, Map.of(), select, null, work.resolve("out")), runId, options, outcome.pending());
    }

    private static TestResult result(TestRunResult result, String test) {
        return result.results().stream().filter(r -> r.test().name().equals(test)).findFirst()
                .orElseThrow(() -> new AssertionError(test + " not in " + result.results().stream().map(r -> r.test().name()).toList()));
    }
}
