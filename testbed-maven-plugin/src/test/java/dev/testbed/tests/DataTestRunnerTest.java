package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.SlowWork;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.results.Severity;
import dev.testbed.results.TestName;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Generic data tests over a tiny project in a real DuckLake: each type passes on clean data and fails on broken data. */
class DataTestRunnerTest {

    private static final String SCHEMA = """
            version: 2
            models:
              - name: customers
                columns:
                  - name: id
                    data_tests:
                      - not_null
                      - unique:
                          where: "is_current"
                  - name: tier
                    tests:
                      - accepted_values:
                          values: ['gold', 'silver', 'bronze']
              - name: orders
                columns:
                  - name: id
                    tests: [unique, not_null]
                  - name: customer_id
                    tests:
                      - relationships:
                          to: ref('customers')
                          field: id
            """;

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    final List<String> lines = new ArrayList<>();
    final List<Reporter.Event> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void createLakeAndModels() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        sql("CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.customers AS SELECT * FROM (VALUES (1, 'gold', true), (2, 'silver', true), (3, 'bronze', true), "
                        + "(3, 'silver', false)) t(id, tier, is_current)",
                "CREATE TABLE lake.raw.orders AS SELECT * FROM (VALUES (10, 1), (11, 2), (12, 3), (13, NULL)) t(id, customer_id)");
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: customers
                        columns:
                          - name: tier
                            tests: [not_null]
                      - name: orders
                """);
        write("models/customers.sql", "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'customers') }}\n");
        write("models/orders.sql", "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'orders') }}\n");
        write("models/schema.yml", SCHEMA);
        RunRequest build = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out"));
        assertFalse(new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(build).failed());
    }

    @Test
    void everyTestTypePassesOnCleanDataWithDbtNames() throws Exception {
        TestRunResult result = run(null);

        assertFalse(result.failed(), lines.toString());
        assertEquals(List.of("accepted_values_customers_tier__gold__silver__bronze", "not_null_customers_id", "not_null_orders_id",
                "relationships_orders_customer_id__id__ref_customers_", "source_not_null_raw_customers_tier", "unique_customers_id",
                "unique_orders_id"), names(result));
        assertEquals(7, result.count(TestStatus.PASS));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s*\\d of 7 PASS unique_orders_id \\[PASS in \\d+\\.\\d\\ds]( \\(.+\\))?")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("PASS=7 WARN=0 FAIL=0 ERROR=0 TOTAL=7"), lines.toString());
        Element suite = junit("dbt.orders");
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertTrue(Files.isRegularFile(work.resolve("out/junit/TEST-dbt.source.raw.customers.xml")));
    }

    @Test
    void aTestRunningLongerThanTheFirstBeatGetsAStartLineAndHeartbeatsWhileFastOnesStayQuiet() throws Exception {
        write("tests/slow_check.sql", SlowWork.QUERY + "\n");
        Reporter reporter = events::add;
        TestRequest request = new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, work.resolve("out"));

        TestRunResult result = new VerifyMetricsTask(DuckDbSettings.defaults(), reporter, SlowWork.BEATS).run(request);

        assertFalse(result.failed());
        SlowWork.assertBeats(events, "test slow_check", "PASS slow_check", result(result, "slow_check").elapsed());
        for (TestResult fast : result.results()) {
            // quiet means: no line for a test that ended before the first beat; a loaded machine may slow even a tiny test that far
            if (fast.elapsed().compareTo(SlowWork.BEATS.firstAfter()) < 0) {
                SlowWork.assertQuiet(events, "test " + fast.test().name());
            }
        }
    }

    @Test
    void eachTestTypeFailsOnBrokenDataWithItsFailingRows() throws Exception {
        sql("INSERT INTO lake.raw.customers VALUES (2, 'platinum', true), (NULL, 'gold', true)",
                "INSERT INTO lake.raw.orders VALUES (11, 99), (NULL, 98)");

        TestRunResult result = run(null);

        assertTrue(result.failed());
        assertEquals(Map.of("accepted_values_customers_tier__gold__silver__bronze", 1L, "not_null_customers_id", 1L, "not_null_orders_id", 1L,
                "relationships_orders_customer_id__id__ref_customers_", 2L, "unique_customers_id", 1L, "unique_orders_id", 1L), failures(result));
        TestResult unique = result(result, "unique_orders_id");
        assertEquals(List.of("unique_field", "n_records"), unique.columns());
        assertEquals(List.of(List.of("11", "2")), unique.sampleRows());
        String log = String.join("\n", lines);
        assertTrue(log.contains("FAIL 1 unique_orders_id"), log);
        assertTrue(log.contains("Failure in test relationships_orders_customer_id__id__ref_customers_ (orders, column customer_id): got 2 results"), log);
        assertTrue(log.contains("PASS=1 WARN=0 FAIL=6 ERROR=0 TOTAL=7"), log);
        assertTrue(Files.readString(unique.compiledSql()).contains("having count(*) > 1"));
        Element suite = junit("dbt.orders");
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("failing row"), failure.getAttribute("message"));
    }

    @Test
    void combinationsExpressionsRangesAndRowCountsPassAndFail() throws Exception {
        write("models/more.yml", """
                version: 2
                models:
                  - name: customers
                    data_tests:
                      - dbt_utils.unique_combination_of_columns:
                          combination_of_columns: [id, tier]
                      - unique_combination_of_columns:
                          combination_of_columns: [id]
                          config: {where: "tier <> 'silver'"}
                  - name: orders
                    data_tests:
                      - expression_is_true:
                          expression: "id >= 10"
                      - row_count:
                          min_value: 4
                          max_value: 4
                      - dbt_expectations.expect_table_row_count_to_be_between:
                          min_value: 5
                    columns:
                      - name: id
                        data_tests:
                          - expression_is_true:
                              expression: "> 10"
                          - accepted_range:
                              min_value: 10
                              max_value: 13
                          - accepted_range:
                              min_value: 10
                              max_value: 13
                              inclusive: false
                """);
        write("models/schema.yml", "version: 2\n");

        TestRunResult result = run(null);

        assertEquals(Map.of("expression_is_true_orders_id___10", 1L, "accepted_range_orders_id__False__13__10", 2L,
                "dbt_expectations_expect_table_row_count_to_be_between_orders_5", 1L), failures(result), lines.toString());
        assertEquals(List.of(List.of("4")), result(result, "dbt_expectations_expect_table_row_count_to_be_between_orders_5").sampleRows());
        assertEquals(List.of("accepted_range_orders_id__13__10", "accepted_range_orders_id__False__13__10",
                "dbt_expectations_expect_table_row_count_to_be_between_orders_5", "dbt_utils_unique_combination_of_columns_customers_id__tier",
                "expression_is_true_orders_id_10", "expression_is_true_orders_id___10", "row_count_orders_4__4", "source_not_null_raw_customers_tier",
                "unique_combination_of_columns_customers_id"), names(result));

        sql("INSERT INTO lake.raw.customers VALUES (1, 'gold', false)");
        TestRunResult broken = run(null);
        assertEquals(TestStatus.FAIL, result(broken, "dbt_utils_unique_combination_of_columns_customers_id__tier").status());
        assertEquals(List.of(List.of("1", "gold", "2")), result(broken, "dbt_utils_unique_combination_of_columns_customers_id__tier").sampleRows());
        assertEquals(TestStatus.FAIL, result(broken, "unique_combination_of_columns_customers_id").status());
    }

    @Test
    void scd2HistoryFindsGapsOverlapsAndWrongCurrentFlags() throws Exception {
        sql("CREATE TABLE lake.raw.history AS SELECT id, CAST(f AS DATE) AS valid_from, CAST(t AS DATE) AS valid_to, cur AS is_current FROM (VALUES "
                + "(1, '2024-01-01', '2024-02-01', false), (1, '2024-02-01', NULL, true), "
                + "(2, '2024-01-01', '2024-02-01', false), (2, '2024-03-01', NULL, true), "
                + "(3, '2024-01-01', '2024-03-01', false), (3, '2024-02-01', NULL, true), "
                + "(4, '2024-01-01', NULL, true), (4, '2024-02-01', NULL, true), "
                + "(5, '2024-01-01', NULL, false)) v(id, f, t, cur)");
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: customers
                      - name: orders
                      - name: history
                        data_tests:
                          - scd2_history:
                              key: id
                              config: {where: "id = 1"}
                        columns:
                          - name: id
                            data_tests: [scd2_history]
                """);
        write("models/schema.yml", "version: 2\n");

        TestRunResult result = run(null);

        assertEquals(TestStatus.PASS, result(result, "source_scd2_history_raw_history_id").status(), lines.toString());
        // the same dbt name twice: the second gets a number
        TestResult broken = result(result, "source_scd2_history_raw_history_id_2");
        assertEquals(TestStatus.FAIL, broken.status());
        assertEquals(5, broken.failures());
        int problem = broken.columns().indexOf("problem");
        assertEquals(java.util.Set.of("gap before the next version", "overlaps the next version", "key has 2 current versions",
                "key has 0 current versions"), broken.sampleRows().stream().map(row -> row.get(problem)).collect(Collectors.toSet()));
    }

    @Test
    void reconciliationComparesAggregatesWithinATolerance() throws Exception {
        write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - reconciliation:
                          expression: count(distinct customer_id)
                          compare_model: ref('customers')
                          compare_expression: count(distinct id)
                      - reconciliation:
                          expression: count(*) + 1
                          compare_model: source('raw', 'customers')
                          tolerance: 1
                      - reconciliation:
                          expression: sum(id)
                          compare_model: ref('customers')
                          compare_expression: sum(id) * 5
                          tolerance: 0.5
                """);

        TestRunResult result = run(null);

        assertEquals(4, result.results().size(), lines.toString());
        TestResult broken = result(result, "reconciliation_orders_sum_id_5__ref_customers___sum_id___0_5");
        assertEquals(TestStatus.FAIL, broken.status());
        assertEquals(List.of("actual", "expected", "difference"), broken.columns());
        assertEquals(List.of(List.of("46", "45", "1")), broken.sampleRows(), "46 = 10+11+12+13, 45 = (1+2+3+3) * 5, beyond the 0.5 tolerance");
        assertEquals(3, result.count(TestStatus.PASS), lines.toString());
    }

    @Test
    void whereFiltersTheTestedRows() throws Exception {
        write("models/schema.yml", SCHEMA.replace("""
                          - unique:
                              where: "is_current"
                """, "          - unique\n"));

        assertEquals(TestStatus.FAIL, result(run(null), "unique_customers_id").status(), "id 3 has two SCD2 versions");
    }

    @Test
    void warnSeverityReportsButDoesNotFail() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (10, 1)");
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [{unique: {config: {severity: warn}}}, not_null]"));

        TestRunResult result = run(null);

        assertFalse(result.failed(), lines.toString());
        assertEquals(TestStatus.WARN, result(result, "unique_orders_id").status());
        assertEquals(1, result(result, "unique_orders_id").failures());
        assertTrue(lines.stream().anyMatch(l -> l.contains("WARN 1 unique_orders_id")), lines.toString());
        Element suite = junit("dbt.orders");
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals(1, suite.getElementsByTagName("system-out").getLength());
    }

    @Test
    void warnIfAndErrorIfThresholdsDecideTheStatus() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (10, 1), (11, 2), (12, 3)");
        write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: id
                        data_tests:
                          - unique:
                              config: {error_if: ">3", warn_if: ">2", tags: [keys]}
                          - unique:
                              config: {error_if: ">=3"}
                          - unique:
                              config: {error_if: ">5", warn_if: ">5"}
                          - unique:
                              config: {severity: warn, error_if: "!=0", warn_if: "<>3"}
                          - unique:
                              config: {warn_if: "lots"}
                """);

        TestRunResult result = run(null);

        assertEquals(List.of(TestStatus.WARN, TestStatus.FAIL, TestStatus.PASS, TestStatus.PASS, TestStatus.ERROR),
                List.of("unique_orders_id", "unique_orders_id_2", "unique_orders_id_3", "unique_orders_id_4", "unique_orders_id_5").stream()
                        .map(name -> result(result, name).status()).toList(), lines.toString());
        assertEquals(3, result(result, "unique_orders_id_3").failures());
        assertTrue(result(result, "unique_orders_id_5").message().contains("\"lots\""));
        String log = String.join("\n", lines);
        assertTrue(log.contains("Warning in test unique_orders_id (orders, column id): got 3 results, configured to warn if > 2"), log);
        assertTrue(log.contains("Failure in test unique_orders_id_2 (orders, column id): got 3 results, configured to error if >= 3"), log);
        assertTrue(log.contains("PASS 3 unique_orders_id_3"), log);
    }

    @Test
    void aProjectReplacesTheSqlOfDbtsBuiltInTestsThroughDispatchAndCallsTheirDefaults() throws Exception {
        // a tier in capitals, an empty tier, and customer 3 current twice
        sql("INSERT INTO lake.raw.customers VALUES (4, 'GOLD', true), (5, '', true), (3, 'gold', true)");
        write("macros/test_overrides.sql", """
                {#- tiers compare without case -#}
                {% macro default__test_accepted_values(model, column_name, values, quote=true) %}
                  select {{ column_name }} as value_field, count(*) as n_records
                  from {{ model }}
                  where upper({{ column_name }}) not in ({% for v in values %}upper('{{ v }}'){% if not loop.last %}, {% endif %}{% endfor %})
                  group by {{ column_name }}
                {% endmacro %}
                {#- an empty text counts as missing -#}
                {% macro duckdb__test_not_null(model, column_name) %}
                  select * from {{ model }} where {{ column_name }} is null or cast({{ column_name }} as varchar) = ''
                {% endmacro %}
                {% test unique_when_current(model, column_name) %}
                  {{ dbt.default__test_unique('(select * from ' ~ model ~ ' where is_current) current_rows', column_name) }}
                {% endtest %}
                """);
        write("models/schema.yml", """
                version: 2
                models:
                  - name: customers
                    columns:
                      - name: id
                        data_tests: [unique_when_current]
                      - name: tier
                        data_tests:
                          - accepted_values:
                              values: ['gold', 'silver', 'bronze']
                """);

        TestRunResult result = run(null);

        // case-insensitively only '' is outside the list (dbt's own SQL would find 'GOLD' too); only the empty tier is
        // missing (dbt's would find none); id 3 is current twice (three times in all)
        assertEquals(Map.of("accepted_values_customers_tier__gold__silver__bronze", 1L, "source_not_null_raw_customers_tier", 1L,
                "unique_when_current_customers_id", 1L), failures(result));
        assertEquals(List.of(List.of("", "1")), result(result, "accepted_values_customers_tier__gold__silver__bronze").sampleRows());
        assertEquals(List.of(List.of("3", "2")), result(result, "unique_when_current_customers_id").sampleRows());
        assertEquals("macros/test_overrides.sql", result(result, "source_not_null_raw_customers_tier").test().file());
        assertTrue(Files.readString(result(result, "accepted_values_customers_tier__gold__silver__bronze").compiledSql()).contains("upper(tier)"));
    }

    @Test
    void singularTestsAreQueriesReturningTheFailingRows() throws Exception {
        write("models/schema.yml", "version: 2\n");
        write("tests/no_customer_without_id.sql", "select * from {{ ref('customers') }} where id is null\n");
        write("tests/orders_of_the_first_two_customers.sql", "-- orders must belong to customers 1 and 2\n"
                + "select id, customer_id from {{ ref('orders') }} where customer_id > 2;\n");
        write("tests/audit/warn_on_nulls.sql", "{{ config(severity='warn') }}\nselect * from {{ source('raw', 'orders') }} where customer_id is null\n");
        write("tests/broken.sql", "select * from {{ ref('no_such_model') }}\n");
        write("tests/generic/not_a_singular_test.sql", "select 1\n");

        TestRunResult result = run(null);

        assertEquals(List.of("broken", "no_customer_without_id", "orders_of_the_first_two_customers", "source_not_null_raw_customers_tier",
                "warn_on_nulls"), names(result));
        assertEquals(TestStatus.PASS, result(result, "no_customer_without_id").status());
        TestResult failed = result(result, "orders_of_the_first_two_customers");
        assertEquals(TestStatus.FAIL, failed.status());
        assertEquals(List.of(List.of("12", "3")), failed.sampleRows());
        assertEquals("orders", failed.test().suite());
        assertEquals(TestStatus.WARN, result(result, "warn_on_nulls").status());
        assertEquals(TestStatus.ERROR, result(result, "broken").status());
        assertTrue(result(result, "broken").message().contains("tests/broken.sql"), result(result, "broken").message());
        assertEquals(List.of("no_customer_without_id"), names(run("customers")),
                "a singular test goes with the models it refs; one that refs none runs only when everything runs");
        write("tests/orders.sql", "select * from {{ ref('orders') }} where id < 0\n");
        assertTrue(names(run("orders")).containsAll(List.of("orders", "orders_of_the_first_two_customers")),
                "a name that is a test's and a model's selects both, as dbt's name method does: " + names(run("orders")));
    }

    @Test
    void aPackagesSingularTestsRunInItsNamespaceWithItsConfigAndTheRootsConfigForIt() throws Exception {
        write("models/schema.yml", "version: 2\n");
        write("dbt_project.yml", "name: project\ndata_tests:\n  util:\n    +tags: [from_root]\n");
        write("packages.yml", "packages:\n  - local: util\n");
        write("util/dbt_project.yml", "name: util\nvars:\n  max_customer: 2\ndata_tests:\n  util:\n    +severity: warn\n");
        write("util/macros/above.sql", "{% macro above(column) %}{{ column }} > {{ var('max_customer') }}{% endmacro %}");
        // the bare above() is the package's own macro: the root project has none of that name
        write("util/tests/orders_of_known_customers.sql", "select id, customer_id from {{ ref('orders') }} where {{ above('customer_id') }}\n");
        write("util/tests/strict.sql", "{{ config(severity='error') }}\nselect * from {{ ref('customers') }} where id is null\n");
        write("util/tests/generic/positive.sql", "{% test positive(model, column_name) %}select 1{% endtest %}");

        TestRunResult result = run(null);

        TestResult warned = result(result, "orders_of_known_customers");
        assertEquals("test.util.orders_of_known_customers", warned.test().id().uniqueId());
        assertEquals(TestStatus.WARN, warned.status(), "the package's data_tests: +severity: warn; " + warned.message());
        assertEquals(List.of(List.of("12", "3")), warned.sampleRows());
        assertEquals(java.util.Set.of("from_root"), warned.test().config().tags());
        assertEquals("orders", warned.test().suite());
        TestResult strict = result(result, "strict");
        assertEquals("test.util.strict", strict.test().id().uniqueId());
        assertEquals(Severity.ERROR, strict.test().config().severity(), "the test's own config wins over the package's");
        assertEquals(TestStatus.PASS, strict.status());
        assertFalse(names(result).contains("positive"), "tests/generic/ of a package holds macros, not singular tests");
    }

    @Test
    void testConfigsTheEngineCannotHonourAreErrorsOfTheTestAndStoreFailuresAsTableStoresAsInDbt() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (11, 1)");
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]",
                "tests: [{unique: {config: {store_failures_as: table}}}, {not_null: {config: {fail_calc: 'sum(n)'}}}]"));

        TestRunResult result = run(null);

        assertEquals(TestStatus.FAIL, result(result, "unique_orders_id").status());
        assertEquals(List.of(List.of("11", "2")), TestData.rows(location, "SELECT * FROM lake.main_dbt_test__audit.unique_orders_id"),
                "store_failures_as: table stores the failing rows without store_failures, as dbt's config does");
        assertEquals(TestStatus.ERROR, result(result, "not_null_orders_id").status());
        assertTrue(result(result, "not_null_orders_id").message().contains("fail_calc 'sum(n)' is not supported"),
                result(result, "not_null_orders_id").message());

        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]",
                "tests: [{unique: {config: {store_failures: true, schema: audit}}}, {not_null: {config: {store_failures_as: view}}}]"));
        TestRunResult refused = run(null);
        assertTrue(result(refused, "unique_orders_id").message().contains("the schema config of a test that stores its failures is not supported"),
                result(refused, "unique_orders_id").message());
        assertTrue(result(refused, "not_null_orders_id").message().contains("store_failures_as 'view' is not supported"),
                result(refused, "not_null_orders_id").message());
    }

    @Test
    void limitCapsTheFailingRows() throws Exception {
        sql("INSERT INTO lake.raw.orders SELECT NULL, 1 FROM range(10)");
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [unique, {not_null: {limit: 3}}]"));

        assertEquals(3, result(run(null), "not_null_orders_id").failures());
    }

    @Test
    void aMissingColumnIsAnErrorWithItsSql() throws Exception {
        write("models/schema.yml", SCHEMA.replace("- name: tier", "- name: no_such_column"));

        TestRunResult result = run(null);

        TestResult error = result(result, "accepted_values_customers_no_such_column__gold__silver__bronze");
        assertEquals(TestStatus.ERROR, error.status());
        assertTrue(error.message().contains("no_such_column"), error.message());
        assertTrue(result.failed());
        String log = String.join("\n", lines);
        assertTrue(log.contains("ERROR accepted_values_customers_no_such_column"), log);
        assertTrue(log.contains("SQL:"), log);
        assertEquals("1", junit("dbt.customers").getAttribute("errors"));
    }

    @Test
    void anUnknownTestOrTargetIsAnErrorNotACrash() throws Exception {
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [unique, not_empty]").replace("ref('customers')", "ref('nobody')"));

        TestRunResult result = run(null);

        assertTrue(result(result, "not_empty_orders_id").message().contains("unknown generic test"));
        assertTrue(result(result, "relationships_orders_customer_id__id__ref_nobody_").message().contains("names no enabled model"));
        assertNull(result(result, "not_empty_orders_id").test().sql());
        assertEquals(2, result.count(TestStatus.ERROR));
    }

    @Test
    void selectionRunsTheTestsOfTheSelectedModelsOnly() throws Exception {
        TestRunResult result = run("orders");

        assertEquals(List.of("not_null_orders_id", "relationships_orders_customer_id__id__ref_customers_", "unique_orders_id"), names(result));
    }

    @Test
    void customGenericTestsFromTestsGenericAndMacrosRunWithTheirArguments() throws Exception {
        write("tests/generic/is_positive.sql", """
                {% test is_positive(model, column_name) %}
                select * from {{ model }} where {{ column_name }} <= 0
                {% endtest %}
                """);
        write("macros/tests.sql", """
                {% test at_most_rows_per_key(model, column_name, max_rows, compare_to) %}
                -- {{ compare_to }} must be a relation here, not the ref() text
                select {{ column_name }}, count(*) as n from {{ model }}
                where {{ column_name }} in (select id from {{ compare_to }})
                group by {{ column_name }} having count(*) > {{ max_rows }}
                {% endtest %}
                """);
        write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: id
                        tests: [is_positive]
                      - name: customer_id
                        tests:
                          - at_most_rows_per_key:
                              max_rows: 1
                              compare_to: ref('customers')
                """);

        TestRunResult clean = run(null);
        assertEquals(TestStatus.PASS, result(clean, "is_positive_orders_id").status(), lines.toString());
        assertEquals(TestStatus.PASS, result(clean, "at_most_rows_per_key_orders_customer_id__ref_customers___1").status(), lines.toString());
        assertTrue(result(clean, "at_most_rows_per_key_orders_customer_id__ref_customers___1").test().sql().contains("lake.main.customers"));
        assertEquals(java.util.Set.of("orders", "customers"), result(clean, "at_most_rows_per_key_orders_customer_id__ref_customers___1").test().models());

        sql("INSERT INTO lake.raw.orders VALUES (-5, 2), (14, 2)");
        TestRunResult broken = run(null);
        assertEquals(1, result(broken, "is_positive_orders_id").failures());
        TestResult perKey = result(broken, "at_most_rows_per_key_orders_customer_id__ref_customers___1");
        assertEquals(TestStatus.FAIL, perKey.status());
        assertEquals(List.of(List.of("2", "3")), perKey.sampleRows());
    }

    @Test
    void aCustomGenericTestWithATemplateErrorIsAnErrorNamingItsFile() throws Exception {
        write("tests/generic/broken.sql", "{% test broken(model) %}\nselect * from {{ model }} where {{ no_such_thing() }}\n{% endtest %}\n");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    tests: [broken]\n");

        TestResult broken = result(run(null), "broken_orders_");

        assertEquals(TestStatus.ERROR, broken.status());
        assertTrue(broken.message().contains("tests/generic/broken.sql"), broken.message());
        assertTrue(broken.message().contains("no_such_thing"), broken.message());
    }

    @Test
    void storeFailuresKeepsTheFailingRowsInTheAuditSchema() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (11, 1), (12, 2)");
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [{unique: {store_failures: true}}, not_null]"));

        TestRunResult failing = run(null);

        assertEquals(TestStatus.FAIL, result(failing, "unique_orders_id").status());
        assertEquals(List.of(List.of("11", "2"), List.of("12", "2")),
                TestData.rows(location, "SELECT * FROM lake.main_dbt_test__audit.unique_orders_id ORDER BY unique_field"));
        assertTrue(String.join("\n", lines).contains("failing rows stored in lake.main_dbt_test__audit.unique_orders_id"), lines.toString());
        assertFalse(TestData.tableExists(location, "main_dbt_test__audit", "not_null_orders_id"), "only tests that ask store their failures");

        sql("DELETE FROM lake.raw.orders WHERE (id = 11 AND customer_id = 1) OR (id = 12 AND customer_id = 2)");
        assertEquals(TestStatus.PASS, result(run(null), "unique_orders_id").status());
        assertEquals(List.of(List.of("0")), TestData.rows(location, "SELECT count(*) FROM lake.main_dbt_test__audit.unique_orders_id"),
                "a passing run empties the audit table");
    }

    @Test
    void tagsSelectTestsOfTheirOwn() throws Exception {
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [{unique: {tags: [nightly]}}, {not_null: {config: {tags: nightly}}}]")
                .replace("- not_null\n", "- not_null:\n                          tags: [hourly]\n"));

        assertEquals(List.of("not_null_orders_id", "unique_orders_id"), names(run("tag:nightly")));
        assertEquals(List.of("not_null_customers_id"), names(run("tag:hourly")));
        assertTrue(names(runExcluding("tag:nightly")).containsAll(List.of("unique_customers_id", "not_null_customers_id")));
        assertFalse(names(runExcluding("tag:nightly")).contains("unique_orders_id"));
    }

    @Test
    void builtInTestsArgumentsAndWhereAreRenderedAsJinjaAsDbtRendersThem() throws Exception {
        write("dbt_project.yml", """
                name: project
                vars:
                  tiers: ['gold', 'silver']
                  current_only: is_current
                """);
        write("models/schema.yml", SCHEMA.replace("values: ['gold', 'silver', 'bronze']", "values: \"{{ var('tiers') }}\"")
                .replace("where: \"is_current\"", "where: \"{{ var('current_only') }}\""));

        TestRunResult result = run(null);

        TestResult tiers = result(result, "accepted_values_customers_tier___var_tiers_");
        assertEquals(TestStatus.FAIL, tiers.status(), "the var's list is the accepted values: bronze is not among them");
        assertEquals(List.of(List.of("bronze", "1")), tiers.sampleRows());
        assertEquals(TestStatus.PASS, result(result, "unique_customers_id").status(), "where renders to is_current: one current row per id");
    }

    @Test
    void dbtProjectDataTestsConfigIsEveryTestsDefault() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (11, 1)");
        write("dbt_project.yml", """
                name: project
                data_tests:
                  +severity: warn
                  project:
                    +tags: [all_tests]
                """);
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [unique, {not_null: {tags: [keys], severity: error}}]"));

        TestRunResult result = run(null);

        assertEquals(TestStatus.WARN, result(result, "unique_orders_id").status(), "the project's severity applies");
        assertFalse(result.failed());
        assertEquals(java.util.Set.of("all_tests", "keys"), result(result, "not_null_orders_id").test().config().tags(), "tags accumulate");
        assertEquals(Severity.ERROR, result(result, "not_null_orders_id").test().severity(), "a test's own config wins");
        assertEquals(names(result), names(run("tag:all_tests")));
    }

    @Test
    void longNamesStayWholeAndOnlyTheirShortFormForFilesIsAnMd5OfTheFullNameAsInDbt() throws Exception {
        Map<String, Object> args = Map.of("column_name", "tier", "values", List.of("gold", "silver"));
        String full = "accepted_values_customer_lifetime_metrics_tier__gold__silver";
        assertTrue(full.length() < 64);
        TestNames.Metadata shortOne = TestNames.Metadata.of("accepted_values", null, args, "ref('customer_lifetime_metrics')");
        assertEquals(full, TestNames.synthesized("p", shortOne, "customer_lifetime_metrics", false).shortName(), "names under 64 characters stay whole");

        Map<String, Object> longer = Map.of("column_name", "tier", "values", List.of("gold", "silver", "bronze"));
        TestName name = TestNames.synthesized("p", TestNames.Metadata.of("accepted_values", null, longer, "ref('customer_lifetime_metrics')"),
                "customer_lifetime_metrics", false);

        assertEquals(full + "__bronze", name.name(), "the name is the full name");
        assertEquals(63, name.shortName().length(), name.shortName());
        assertEquals("accepted_values_customer_lifet_" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest((full + "__bronze").getBytes(java.nio.charset.StandardCharsets.UTF_8))), name.shortName());
    }

    @Test
    void runResultsAndManifestGetTheTests() throws Exception {
        sql("INSERT INTO lake.raw.orders VALUES (11, 1)");

        run(null);

        com.fasterxml.jackson.databind.JsonNode runResults = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(work.resolve("out/run_results.json").toFile());
        Map<String, String> statuses = new java.util.TreeMap<>();
        // a generic test's id ends in dbt's hash of its metadata, checked against dbt itself in DbtTestNamesTest
        runResults.get("results").forEach(r -> statuses.put(r.get("unique_id").asText().replaceFirst("\\.[0-9a-f]{10}$", ""), r.get("status").asText()));
        assertEquals("success", statuses.get("model.project.orders"), "run-models' results stay");
        assertEquals("fail", statuses.get("test.project.unique_orders_id"));
        assertEquals("pass", statuses.get("test.project.not_null_orders_id"));
        runResults.get("results").forEach(r -> {
            if (r.get("unique_id").asText().startsWith("test.project.unique_orders_id.")) {
                assertEquals(1, r.get("failures").asInt());
                assertEquals("Got 1 result, configured to fail if != 0", r.get("message").asText());
            }
        });
        String uniqueOrdersId = result(run(null), "unique_orders_id").test().id().uniqueId();
        com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        assertEquals("test", manifest.get("nodes").get(uniqueOrdersId).get("resource_type").asText());
        assertEquals("model.project.orders", manifest.get("nodes").get(uniqueOrdersId).get("attached_node").asText());
        assertTrue(manifest.at("/child_map/model.project.customers").toString().contains("test.project.relationships_orders_customer_id__id__ref_customers_"));

        run(null);
        com.fasterxml.jackson.databind.JsonNode again = new com.fasterxml.jackson.databind.ObjectMapper().readTree(work.resolve("out/run_results.json").toFile());
        assertEquals(runResults.get("results").size(), again.get("results").size(), "a second test run replaces the tests' entries");
    }

    @Test
    void failuresAndErrorsAreReportedAtErrorLevelWithTheirRowsAndSqlAndWarningsAtWarnLevel() throws Exception {
        write("models/schema.yml", SCHEMA.replace("tests: [unique, not_null]", "tests: [unique, {not_null: {config: {severity: warn}}}]"));
        write("tests/no_such_table.sql", "select * from lake.main.no_such_table\n");
        sql("INSERT INTO lake.raw.orders VALUES (11, 2), (NULL, 1)");
        List<String> duplicate = TestData.rows(location, "SELECT id, count(*) FROM lake.raw.orders WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1")
                .get(0);
        long nulls = Long.parseLong(TestData.rows(location, "SELECT count(*) FROM lake.raw.orders WHERE id IS NULL").get(0).get(0));

        TestRunResult result = run(null);

        // mvn -q shows ERROR lines only: a failure's line, its failing rows and its SQL must all be at that level
        Reporter.Event fail = event(" FAIL 1 unique_orders_id ");
        assertEquals(Reporter.Level.ERROR, fail.level(), fail.message());
        assertTrue(fail.message().contains("Failure in test unique_orders_id (orders, column id): got 1 result"), fail.message());
        assertTrue(fail.message().matches("(?s).*\\R +unique_field +\\| n_records\\R.*"), fail.message());
        assertTrue(fail.message().matches("(?s).*\\R +" + duplicate.get(0) + " +\\| " + duplicate.get(1) + "\\R.*"), fail.message());
        assertTrue(fail.message().contains("compiled SQL: " + work.resolve("out/compiled/project/data_tests/unique_orders_id.sql")), fail.message());
        Reporter.Event error = event(" ERROR no_such_table ");
        assertEquals(Reporter.Level.ERROR, error.level(), error.message());
        assertTrue(error.message().contains("Error in test no_such_table") && error.message().contains("no_such_table does not exist"),
                error.message());
        Reporter.Event warning = event(" WARN " + nulls + " not_null_orders_id ");
        assertEquals(Reporter.Level.WARN, warning.level(), warning.message());
        assertEquals(Reporter.Level.INFO, event(" PASS not_null_customers_id ").level());

        String errorLine = result(result, "no_such_table").message().lines().findFirst().orElseThrow();
        assertEquals("no_such_table (singular): could not run: " + errorLine + "; unique_orders_id (orders.id): 1 failing row",
                result.failureSummary(false));
        assertEquals("no_such_table (singular): could not run: " + errorLine + "; not_null_orders_id (orders.id): " + nulls
                + " failing row, a warning; unique_orders_id (orders.id): 1 failing row", result.failureSummary(true));
    }

    @Test
    void theFailureSummaryNamesTheFirstThreeFailingTestsByNameAndCountsTheRest() throws Exception {
        sql("INSERT INTO lake.raw.customers VALUES (2, 'platinum', true), (NULL, 'gold', true)",
                "INSERT INTO lake.raw.orders VALUES (11, 99), (NULL, 98)");

        TestRunResult result = run(null);

        List<String> failing = result.results().stream().filter(r -> r.status() == TestStatus.FAIL).map(r -> r.test().name()).sorted().toList();
        assertTrue(failing.size() > 3, failing.toString());
        List<String> named = java.util.Arrays.stream(result.failureSummary(false).split("; ")).toList();
        assertEquals(4, named.size(), named.toString());
        for (int i = 0; i < 3; i++) {
            TestResult failed = result(result, failing.get(i));
            assertEquals(failed.test().name() + " (" + failed.test().suite() + "." + failed.test().column() + "): " + failed.failures()
                    + (failed.failures() == 1 ? " failing row" : " failing rows"), named.get(i));
        }
        assertEquals("and " + (failing.size() - 3) + " more", named.get(3));
    }

    private Reporter.Event event(String part) {
        synchronized (lines) {
            return events.stream().filter(e -> e.message().contains(part)).findFirst()
                    .orElseThrow(() -> new AssertionError("no event with '" + part + "' in " + lines));
        }
    }

    private TestRunResult runExcluding(String exclude) {
        TestRequest request = new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, exclude, work.resolve("out"));
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request);
    }

    private TestRunResult run(String select) {
        Reporter reporter = event -> {
            synchronized (lines) {
                events.add(event);
                lines.add(event.message());
            }
        };
        TestRequest request = new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, work.resolve("out"));
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter).run(request);
    }

    private static List<String> names(TestRunResult result) {
        return result.results().stream().map(r -> r.test().name()).sorted().toList();
    }

    private static Map<String, Long> failures(TestRunResult result) {
        return result.results().stream().filter(r -> r.status() != TestStatus.PASS)
                .collect(Collectors.toMap(r -> r.test().name(), TestResult::failures));
    }

    private static TestResult result(TestRunResult result, String name) {
        return result.results().stream().filter(r -> r.test().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + names(result)));
    }

    private Element junit(String suite) throws Exception {
        Path file = work.resolve("out/junit/TEST-" + suite + ".xml");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = document.getDocumentElement();
        assertEquals("testsuite", root.getTagName());
        assertEquals(suite, root.getAttribute("name"));
        return root;
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(project, relative, text);
    }

    private void sql(String... statements) throws SQLException {
        TestData.sql(location, statements);
    }
}
