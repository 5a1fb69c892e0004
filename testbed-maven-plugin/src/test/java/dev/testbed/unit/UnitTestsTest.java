package dev.testbed.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt unit tests on a real DuckLake: fixture rows in each format cast to the inputs' column types, overrides, incremental
 * models with {@code this}, the comparison as multisets, and how a failing unit test shows its rows and stops its model.
 */
class UnitTestsTest {

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void createLakeAndProject() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.orders (order_id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), status VARCHAR, ordered_at DATE)",
                "INSERT INTO lake.raw.orders VALUES (1, 10, 3.50, 'SHIPPED', DATE '2024-01-01'), (2, 11, 12.25, 'placed', DATE '2024-01-02')");
        write("dbt_project.yml", "name: shop\nprofile: shop\nvars:\n  min_amount: 0\n");
        write("seeds/customers.csv", "customer_id,name\n10,Ada\n11,Bo\n");
        write("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n");
        write("models/stg_orders.sql", """
                select order_id, customer_id, amount, lower(status) as status, ordered_at, '{{ env_var("REGION", "eu") }}' as region
                from {{ source('raw', 'orders') }}
                """);
        write("models/totals.sql", """
                {{ config(materialized='table') }}
                select c.customer_id, c.name, count(o.order_id) as orders, sum(o.amount) as total
                from {{ ref('customers') }} c
                left join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id and o.amount > {{ var('min_amount') }}
                group by all
                """);
        write("models/report.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('totals') }}\n");
        write("models/orders_inc.sql", """
                {{ config(materialized='incremental') }}
                select order_id, amount, ordered_at from {{ ref('stg_orders') }}
                {% if is_incremental() %} where ordered_at > (select max(ordered_at) from {{ this }}) {% endif %}
                """);
        // the inputs must exist for their column types, as in dbt: build everything once, without unit tests
        write("models/unit_tests.yml", "version: 2\n");
        RunRequest build = request(null);
        assertFalse(new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(build).failed());
    }

    @Test
    void dictRowsFromASourceAreCastToItsColumnTypesAndMissingColumnsAreNull() throws Exception {
        unitTests("""
                  - name: lowercases_status
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows:
                          - {order_id: 1, status: SHIPPED}
                          - {order_id: 2, status: Placed, amount: '4.5'}
                    expect:
                      rows:
                        - {order_id: 1, status: shipped, amount: null}
                        - {order_id: 2, status: placed, amount: 4.50}
                """);

        TestResult result = single(verify(null));

        assertEquals(TestStatus.PASS, result.status(), result.details());
        assertEquals("unit_test.shop.stg_orders.lowercases_status", result.test().id().uniqueId());
        String sql = Files.readString(result.compiledSql());
        assertTrue(sql.contains("cast(null as DECIMAL(10,2)) as \"amount\""), sql);
        assertTrue(sql.contains("cast('4.5' as DECIMAL(10,2))"), sql);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s*1 of 1 PASS stg_orders::lowercases_status .*")), lines.toString());
    }

    @Test
    void aPackagesUnitTestRunsOnItsModelWithThePackagesMacrosAndItsId() throws Exception {
        write("packages.yml", "packages:\n  - local: util\n");
        write("util/dbt_project.yml", "name: util\n");
        write("util/macros/cents.sql", "{% macro cents(x) %}({{ x }} * 100){% endmacro %}");
        write("util/models/util_cents.sql", "select order_id, {{ cents('amount') }} as cents from {{ ref('stg_orders') }}");
        write("util/models/unit.yml", """
                version: 2
                unit_tests:
                  - name: counts_cents
                    model: util_cents
                    given:
                      - input: ref('stg_orders')
                        rows:
                          - {order_id: 1, amount: 2.5}
                    expect:
                      rows:
                        - {order_id: 1, cents: 250}
                """);

        TestResult result = single(verify("test_type:unit"));

        assertEquals(TestStatus.PASS, result.status(), result.details());
        assertEquals("unit_test.util.util_cents.counts_cents", result.test().id().uniqueId());
    }

    @Test
    void aFailingUnitTestShowsTheDifferingRowsInTheLogJunitAndRunResults() throws Exception {
        unitTests("""
                  - name: wrong_status
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows:
                          - {order_id: 1, status: SHIPPED}
                          - {order_id: 2, status: placed}
                    expect:
                      rows:
                        - {order_id: 1, status: shipped}
                        - {order_id: 2, status: returned}
                """);

        TestRunResult run = verify(null);
        TestResult result = single(run);

        assertTrue(run.failed());
        assertEquals(TestStatus.FAIL, result.status());
        assertEquals(1, result.failures());
        assertEquals(List.of(List.of("+", "2", "placed"), List.of("-", "2", "returned")), result.sampleRows());
        String log = String.join("\n", lines);
        assertTrue(log.contains("FAIL 1 stg_orders::wrong_status"), log);
        assertTrue(log.contains("+   | 2        | placed") && log.contains("-   | 2        | returned"), log);
        JsonNode entry = runResult("unit_test.shop.stg_orders.wrong_status");
        assertEquals("fail", entry.path("status").asText());
        assertEquals(1, entry.path("failures").asInt());
        assertTrue(entry.path("message").asText().contains("returned"), entry.toString());
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        assertEquals("stg_orders", manifest.path("unit_tests").path("unit_test.shop.stg_orders.wrong_status").path("model").asText());
        String junit = Files.readString(work.resolve("out/junit/TEST-dbt.stg_orders.xml"));
        assertTrue(junit.contains("<failure") && junit.contains("returned"), junit);
    }

    @Test
    void comparisonIsAMultisetOverTheExpectedColumns() throws Exception {
        unitTests("""
                  - name: duplicate_rows_count
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows:
                          - {order_id: 1, status: a}
                          - {order_id: 1, status: b}
                    expect:
                      rows:
                        - {order_id: 1}
                """);

        TestResult result = single(verify(null));

        // the model returns order_id 1 twice; once is not enough, whatever the other columns hold
        assertEquals(TestStatus.FAIL, result.status(), result.details());
        assertEquals(List.of(List.of("+", "1")), result.sampleRows());
    }

    @Test
    void csvInlineAndFixtureFileSqlRowsRenderedAsJinjaAndASeedInputWithoutRows() throws Exception {
        write("tests/fixtures/totals_expected.csv", "customer_id,name,orders,total\n10,Ada,1,3.50\n11,Bo,0,\n");
        unitTests("""
                  - name: totals_from_csv_and_sql
                    model: totals
                    given:
                      - input: ref('customers')
                        format: sql
                        rows: |
                          select {{ 5 * 2 }} as customer_id, 'Ada' as name union all select 11, 'Bo'
                      - input: ref('stg_orders')
                        format: csv
                        rows: |
                          order_id,customer_id,amount
                          1,10,3.5
                          2,,9
                    expect:
                      format: csv
                      fixture: totals_expected
                  - name: totals_reads_the_seed_file
                    model: totals
                    given:
                      - input: ref('customers')
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows:
                        - {customer_id: 10, name: Ada, orders: 0}
                        - {customer_id: 11, name: Bo, orders: 0}
                """);

        TestRunResult run = verify(null);

        assertEquals(Map.of("totals_from_csv_and_sql", TestStatus.PASS, "totals_reads_the_seed_file", TestStatus.PASS), statuses(run),
                run.results().stream().map(TestResult::details).toList().toString());
    }

    @Test
    void varsAndEnvVarsOverridesApplyToTheModelOnlyNotToSqlRowsNorOtherTests() throws Exception {
        // the expected sql renders the project's min_amount (0), as dbt renders it, while the model sees the override (5)
        unitTests("""
                  - name: only_large_orders
                    model: totals
                    overrides:
                      vars: {min_amount: 5}
                    given:
                      - input: ref('customers')
                        rows: [{customer_id: 10}]
                      - input: ref('stg_orders')
                        rows: [{customer_id: 10, order_id: 1, amount: 3}, {customer_id: 10, order_id: 2, amount: 7}]
                    expect:
                      format: sql
                      rows: select 10 as customer_id, null as name, 1 as orders, {{ var('min_amount') + 7 }} as total
                  - name: region_from_env
                    model: stg_orders
                    overrides:
                      env_vars: {REGION: us}
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 1, region: us}]
                """);

        TestRunResult run = verify(null);

        assertEquals(Map.of("only_large_orders", TestStatus.PASS, "region_from_env", TestStatus.PASS), statuses(run),
                run.results().stream().map(TestResult::details).toList().toString());
        assertEquals("eu", query("select distinct region from lake.main.stg_orders"), "the model itself keeps the project's env");
    }

    @Test
    void macroOverridesAnswerWithTheirValueInTheModelAndInTheMacrosItCalls() throws Exception {
        write("macros/dates.sql", """
                {% macro report_date() %}current_date{% endmacro %}
                {% macro stamped(text) %}({{ text }} || ' ' || {{ report_date() }}){% endmacro %}
                """);
        write("models/dated.sql", "select order_id, {{ report_date() }} as report_date, {{ stamped(\"'x'\") }} as stamp from {{ ref('stg_orders') }}\n");
        assertFalse(new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request("dated")).failed());
        unitTests("""
                  - name: fixed_report_date
                    model: dated
                    overrides:
                      macros: {report_date: "date '2024-01-31'"}
                    given:
                      - input: ref('stg_orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 1, report_date: '2024-01-31', stamp: 'x 2024-01-31'}]
                  - name: namespaced_override
                    model: dated
                    overrides:
                      macros: {shop.report_date: "date '2024-01-31'"}
                    given:
                      - input: ref('stg_orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 1}]
                """);

        TestRunResult run = verify(null);

        Map<String, TestStatus> statuses = statuses(run);
        assertEquals(TestStatus.PASS, statuses.get("fixed_report_date"), run.results().stream().map(TestResult::details).toList().toString());
        assertEquals(TestStatus.ERROR, statuses.get("namespaced_override"));
        assertTrue(run.results().stream().anyMatch(r -> r.details() != null && r.details().contains("[shop.report_date]")),
                run.results().stream().map(TestResult::details).toList().toString());
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().substring(0, 4),
                query("select strftime(max(report_date), '%Y') from lake.main.dated"), "the model itself keeps its macro");
    }

    @Test
    void incrementalModelsNeedTheIsIncrementalOverrideAndThisForItsRows() throws Exception {
        unitTests("""
                  - name: appends_only_newer
                    model: orders_inc
                    overrides:
                      macros: {is_incremental: true}
                    given:
                      - input: ref('stg_orders')
                        rows: [{order_id: 1, ordered_at: '2024-01-01'}, {order_id: 3, ordered_at: '2024-01-05'}]
                      - input: this
                        rows: [{order_id: 2, ordered_at: '2024-01-02'}]
                    expect:
                      rows: [{order_id: 3}]
                  - name: full_build
                    model: orders_inc
                    overrides:
                      macros: {is_incremental: false}
                    given:
                      - input: ref('stg_orders')
                        rows: [{order_id: 1, ordered_at: '2024-01-01'}, {order_id: 3, ordered_at: '2024-01-05'}]
                    expect:
                      rows: [{order_id: 1}, {order_id: 3}]
                """);

        TestRunResult run = verify(null);

        assertEquals(Map.of("appends_only_newer", TestStatus.PASS, "full_build", TestStatus.PASS), statuses(run),
                run.results().stream().map(TestResult::details).toList().toString());

        unitTests("""
                  - name: no_override
                    model: orders_inc
                    given:
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: []
                """);
        TestbedException refused = assertThrows(TestbedException.class, () -> verify(null));
        assertTrue(refused.getMessage().contains("Boolean override for 'is_incremental' must be provided for unit test 'no_override'"),
                refused.getMessage());
    }

    @Test
    void anInputRelationThatDoesNotExistAndAnUnknownColumnAreErrorsAsInDbt() throws Exception {
        TestData.sql(location, "DROP VIEW lake.main.stg_orders");
        unitTests("""
                  - name: input_missing
                    model: totals
                    given:
                      - input: ref('customers')
                        rows: [{customer_id: 10}]
                      - input: ref('stg_orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: []
                  - name: unknown_column
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1, colour: red}]
                    expect:
                      rows: []
                """);

        TestRunResult run = verify(null);

        assertEquals(Map.of("input_missing", TestStatus.ERROR, "unknown_column", TestStatus.ERROR), statuses(run));
        assertTrue(message(run, "input_missing").contains("Not able to get columns for unit test 'stg_orders' from relation lake.main.stg_orders "
                + "because the relation doesn't exist"), message(run, "input_missing"));
        assertTrue(message(run, "unknown_column").contains("Invalid column name: 'colour' in unit test fixture for 'orders'"), message(run, "unknown_column"));
    }

    @Test
    void aModelRefNotGivenIsAnErrorNamingIt() throws Exception {
        unitTests("""
                  - name: customers_not_given
                    model: totals
                    given:
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: []
                """);

        TestResult result = single(verify(null));

        assertEquals(TestStatus.ERROR, result.status());
        assertTrue(result.message().contains("ref('customers')"), result.message());
    }

    @Test
    void inDbtBuildAFailingUnitTestSkipsItsModelAndWhatIsBuiltOnItAndNoTableIsTouched() throws Exception {
        TestData.sql(location, "DROP TABLE lake.main.totals", "DROP TABLE lake.main.report");
        unitTests("""
                  - name: a_wrong_total
                    model: totals
                    given:
                      - input: ref('customers')
                        rows: [{customer_id: 10}]
                      - input: ref('stg_orders')
                        rows: [{customer_id: 10, order_id: 1, amount: 3}]
                    expect:
                      rows: [{customer_id: 10, total: 4}]
                  - name: b_after_the_failure
                    model: totals
                    given:
                      - input: ref('customers')
                        rows: []
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: []
                  - name: passes
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 1}]
                """);
        long ordersBefore = Long.parseLong(query("select count(*) from lake.main.customers"));

        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), reporter(), "run-1")
                .run(request(null), BuildOptions.EACH.withTestsFollowing(true));
        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), reporter()).run(testRequest(null), "run-1",
                BuildOptions.EACH.withTestsFollowing(true), outcome.pending());

        RunResult models = outcome.result();
        assertEquals(Map.of("a_wrong_total", TestStatus.FAIL, "b_after_the_failure", TestStatus.SKIPPED, "passes", TestStatus.PASS), statuses(tests));
        assertEquals(ModelStatus.SKIPPED, status(models, "totals"));
        assertEquals(ModelStatus.SKIPPED, status(models, "report"));
        assertEquals(ModelStatus.SUCCESS, status(models, "stg_orders"));
        assertTrue(tests.failed());
        assertEquals("0", query("select count(*) from information_schema.tables where table_name in ('totals', 'report')"));
        assertEquals(String.valueOf(ordersBefore), query("select count(*) from lake.main.customers"));
        String log = String.join("\n", lines);
        assertTrue(log.indexOf("PASS stg_orders::passes") < log.indexOf("OK created sql view model main.stg_orders"), log);
        assertTrue(log.contains("SKIP unit_test b_after_the_failure"), log);
    }

    @Test
    void selectionByTestTypeByNameAndByModel() throws Exception {
        unitTests("""
                  - name: one
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: []
                    expect:
                      rows: []
                  - name: two
                    model: totals
                    config:
                      tags: [money]
                    given:
                      - input: ref('customers')
                        rows: []
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: []
                """);
        write("models/schema.yml", "version: 2\nmodels:\n  - name: stg_orders\n    columns:\n      - name: order_id\n        tests: [not_null]\n");

        assertEquals(List.of("one", "two"), names(verify("test_type:unit")));
        assertEquals(List.of("not_null_stg_orders_order_id"), names(verify("test_type:data")));
        assertEquals(List.of("two"), names(verify("two")));
        assertEquals(List.of("two"), names(verify("tag:money")));
        assertEquals(List.of("not_null_stg_orders_order_id", "one"), names(verify("stg_orders")));
        assertEquals(List.of("not_null_stg_orders_order_id", "two"), names(verifyExcluding("one")));
        assertEquals(List.of("not_null_stg_orders_order_id", "one"), names(verifyExcluding("totals")), "an excluded model's unit tests are excluded");
    }

    @Test
    void resultFailSelectsTheUnitTestsThatFailedLastTime() throws Exception {
        unitTests("""
                  - name: fails
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 2}]
                  - name: passes
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1}]
                    expect:
                      rows: [{order_id: 1}]
                """);
        TestRunResult first = new VerifyMetricsTask(DuckDbSettings.defaults(), reporter()).runAndRecord(testRequest(null), "run-1");
        assertEquals(Map.of("fails", TestStatus.FAIL, "passes", TestStatus.PASS), statuses(first), "dbt test runs each unit test on its own");

        assertEquals(List.of("fails"), names(verify("result:fail")));
    }

    @Test
    void aUnitTestOfAModelThatDoesNotExistFailsTheParse() throws Exception {
        unitTests("""
                  - name: lost
                    model: no_such_model
                    given: []
                    expect:
                      rows: []
                """);

        TestbedException refused = assertThrows(TestbedException.class, () -> verify(null));

        assertTrue(refused.getMessage().startsWith("models/unit_tests.yml, line 3: unit test 'lost': Unable to find model 'shop.no_such_model'"),
                refused.getMessage());
    }

    @Test
    void aPassingUnitTestIsUpToDateUntilItsDefinitionOrItsModelsCodeChanges() throws Exception {
        String test = """
                  - name: lowercases
                    model: stg_orders
                    given:
                      - input: source('raw', 'orders')
                        rows: [{order_id: 1, status: A}]
                    expect:
                      rows: [{order_id: 1, status: %s}]
                """;
        unitTests(test.formatted("a"));

        TestResult first = single(verifyFromLakeState());
        TestResult second = single(verifyFromLakeState());
        write("models/stg_orders.sql", """
                select order_id, customer_id, amount, lower(trim(status)) as status, ordered_at, 'eu' as region
                from {{ source('raw', 'orders') }}
                """);
        TestResult afterModelChange = single(verifyFromLakeState());
        unitTests(test.formatted("b"));
        TestResult afterDefinitionChange = single(verifyFromLakeState());

        assertEquals(TestStatus.PASS, first.status());
        assertFalse(first.upToDate());
        assertTrue(second.upToDate(), second.message());
        assertEquals(TestStatus.PASS, afterModelChange.status());
        assertFalse(afterModelChange.upToDate(), "the model's code changed");
        assertEquals(TestStatus.FAIL, afterDefinitionChange.status(), "the expected rows changed");
    }

    // ---------------------------------------------------------------- helpers

    private TestRunResult verifyFromLakeState() {
        lines.clear();
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter()).run(testRequest(null), "run-" + System.nanoTime(),
                BuildOptions.EACH.withDecisions(LakeBuildDecisions::read), null);
    }

    private void unitTests(String entries) throws IOException {
        write("models/unit_tests.yml", "version: 2\nunit_tests:\n" + entries);
    }

    private RunRequest request(String select) {
        return new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, false, work.resolve("out"));
    }

    private TestRequest testRequest(String select) {
        return new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, work.resolve("out"));
    }

    private TestRunResult verify(String select) {
        lines.clear();
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter()).run(testRequest(select));
    }

    private TestRunResult verifyExcluding(String exclude) {
        TestRequest request = new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, exclude, work.resolve("out"));
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter()).run(request);
    }

    private Reporter reporter() {
        return event -> lines.add(event.message());
    }

    private static TestResult single(TestRunResult run) {
        assertEquals(1, run.results().size(), run.results().toString());
        return run.results().get(0);
    }

    private static Map<String, TestStatus> statuses(TestRunResult run) {
        Map<String, TestStatus> statuses = new TreeMap<>();
        run.results().forEach(r -> statuses.put(r.test().name(), r.status()));
        return statuses;
    }

    private static List<String> names(TestRunResult run) {
        return run.results().stream().map(r -> r.test().name()).sorted().toList();
    }

    private static String message(TestRunResult run, String name) {
        return run.results().stream().filter(r -> r.test().name().equals(name)).findFirst().orElseThrow().message();
    }

    private static ModelStatus status(RunResult run, String model) {
        return run.models().stream().filter(m -> m.model().name().equals(model)).findFirst().orElseThrow().status();
    }

    private JsonNode runResult(String id) throws IOException {
        for (JsonNode entry : new ObjectMapper().readTree(work.resolve("out/run_results.json").toFile()).path("results")) {
            if (entry.path("unique_id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError(id + " is not in run_results.json");
    }

    private String query(String sql) throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults()); Statement statement = lake.connection().createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(project, relative, text);
    }
}
