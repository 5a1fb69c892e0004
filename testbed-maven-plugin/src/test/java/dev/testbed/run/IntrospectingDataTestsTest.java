package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data tests that query the lake while compiling, as dbt renders a test when it runs (execute true): a generic test over
 * {@code adapter.get_columns_in_relation(model)}, a singular test reading a threshold with {@code run_query}. They are
 * compiled on the connection that runs them, so in an atomic build they see the models built in the same, unpublished
 * transaction; while the project is parsed they query nothing.
 */
class IntrospectingDataTestsTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);

    @TempDir
    Path work;
    SalesLake lake;

    @BeforeEach
    void project() throws Exception {
        lake = new SalesLake(work, "");
        TestData.sql(lake.location, "CREATE TABLE lake.raw.thresholds AS SELECT 12 AS max_sales",
                "CREATE TABLE lake.raw.parses (n INTEGER)");
        TestData.write(lake.project, "dbt_project.yml", "name: shop\n");
        // one row has a negative quantity; amount (DECIMAL) and the label are no numbers to dbt-duckdb's Column
        TestData.write(lake.project, "models/signed.sql", """
                {{ config(materialized='table') }}
                select sale_id, cast(case when sale_id = 7 then -2 else 1 end as integer) as qty, amount, 'x' as label
                from {{ source('raw', 'sales') }}
                """);
        TestData.write(lake.project, "models/daily.sql", """
                {{ config(materialized='table') }}
                select sale_date, count(*) as sales from {{ source('raw', 'sales') }} group by 1
                """);
        TestData.write(lake.project, "tests/generic/numbers_non_negative.sql", """
                {% test numbers_non_negative(model) %}
                {%- set columns = adapter.get_columns_in_relation(model) -%}
                {%- do run_query("insert into lake.raw.parses values (1)") -%}
                select * from {{ model }} where false
                {%- for column in columns %}{% if column.is_number() %} or {{ column.name }} < 0{% endif %}{% endfor %}
                {% endtest %}
                """);
        TestData.write(lake.project, "models/properties.yml", """
                version: 2
                models:
                  - name: signed
                    data_tests:
                      - numbers_non_negative:
                          config:
                            severity: warn
                  - name: daily
                    data_tests:
                      - numbers_non_negative
                """);
        TestData.write(lake.project, "tests/busy_days.sql", """
                {% set limit = run_query("select max_sales from lake.raw.thresholds") %}
                select * from {{ ref('daily') }}
                where sales > {{ limit.columns[0].values()[0] if execute else 0 }}
                """);
    }

    private TestRunResult buildAtomically() {
        RunRequest run = new RunRequest(lake.project, lake.location, TARGET, Map.of(), null, null, false, work.resolve("out"));
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "atomic")
                .run(run, BuildOptions.ATOMIC.withTestsFollowing(true));
        assertFalse(outcome.result().failed(), outcome.result()::failureSummary);
        assertNotNull(outcome.pending());
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(new TestRequest(lake.project, lake.location, TARGET, Map.of(),
                null, null, work.resolve("out")), "atomic", BuildOptions.ATOMIC.withTestsFollowing(true), outcome.pending());
    }

    private static TestResult result(TestRunResult run, String name) {
        return run.results().stream().filter(r -> r.test().name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                name + " not among " + run.results().stream().map(r -> r.test().name()).toList()));
    }

    @Test
    void aGenericTestOverTheColumnsOfAModelBuiltInTheSameAtomicBuildFindsTheNegativeRow() throws Exception {
        TestRunResult tests = buildAtomically();

        TestResult signed = result(tests, "numbers_non_negative_signed_");
        assertEquals(TestStatus.WARN, signed.status(), signed.message());
        assertEquals(1, signed.failures(), "only qty of sale 7 is negative");
        assertEquals(List.of("7", "-2"), signed.sampleRows().get(0).subList(0, 2));
        assertTrue(signed.test().sql().contains("or sale_id < 0 or qty < 0") && !signed.test().sql().contains("amount <"),
                "the columns came from the table this build made: " + signed.test().sql());
        assertEquals(TestStatus.PASS, result(tests, "numbers_non_negative_daily_").status());
        assertEquals(List.of(List.of("2")), lake.rows("SELECT count(*) FROM lake.raw.parses"),
                "each test's macro ran its query once, when the test ran, and the build (a warning fails nothing) published it; "
                        + "collecting and parsing the tests ran nothing");
        assertTrue(Files.readString(signed.compiledSql()).contains("qty < 0"), "the compiled SQL written is the one that ran");
    }

    @Test
    void aSingularTestReadsItsThresholdWithRunQuery() throws Exception {
        TestData.sql(lake.location, "UPDATE lake.raw.thresholds SET max_sales = 9");

        TestResult busy = result(buildAtomically(), "busy_days");

        assertEquals(TestStatus.FAIL, busy.status(), busy.message());
        assertEquals(3, busy.failures(), "each day has 10 sales, over the threshold of 9 that run_query read");
        assertTrue(busy.test().sql().contains("sales > 9"), busy.test().sql());
    }

    @Test
    void aFailingQueryMakesTheTestAnErrorNamingItsFileAndLineWhileTheOthersRun() throws Exception {
        TestData.write(lake.project, "tests/broken.sql", """
                select 1 as id
                {% set n = run_query("select nosuch from " ~ ref('daily')) %}
                """);
        RunRequest run = new RunRequest(lake.project, lake.location, TARGET, Map.of(), null, null, false, work.resolve("out"));
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "each")
                .run(run, BuildOptions.EACH.withTestsFollowing(true));
        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(new TestRequest(lake.project, lake.location,
                TARGET, Map.of(), null, null, work.resolve("out")), "each", BuildOptions.EACH.withTestsFollowing(true), outcome.pending());

        TestResult broken = result(tests, "broken");
        assertEquals(TestStatus.ERROR, broken.status());
        assertTrue(broken.message().contains("tests/broken.sql, line 2") && broken.message().contains("nosuch"), broken.message());
        assertEquals(TestStatus.PASS, result(tests, "busy_days").status());
    }

    @Test
    void aSingularTestUnderItsThresholdPasses() {
        assertEquals(TestStatus.PASS, result(buildAtomically(), "busy_days").status(), "10 sales a day, threshold 12");
    }
}
