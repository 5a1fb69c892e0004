package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data tests with shared scans and the same tests run one by one ({@code -Dtestbed.fuseTests=false}) give the same
 * result per test, on clean data and on data that breaks several tests of one relation, in a real DuckLake.
 */
class FusedSuiteTest {

    private static final String SCHEMA = """
            version: 2
            models:
              - name: sales
                data_tests:
                  - expression_is_true:
                      expression: "amount = price * qty"
                  - dbt_utils.unique_combination_of_columns:
                      combination_of_columns: [id, code]
                columns:
                  - name: id
                    data_tests:
                      - unique
                      - not_null
                      - unique:
                          name: unique_id_where_positive
                          config:
                            where: "id > 0"
                  - name: code
                    data_tests:
                      - unique
                      - has_no_space:
                          config:
                            store_failures: true
                  - name: customer_id
                    data_tests:
                      - not_null
                      - relationships:
                          to: ref('customers')
                          field: id
                  - name: store_id
                    data_tests:
                      - relationships:
                          to: source('raw', 'stores')
                          field: id
                      - not_null:
                          config:
                            severity: warn
                  - name: tier
                    data_tests:
                      - not_null
                      - accepted_values:
                          values: ['gold', 'silver']
                      - accepted_values:
                          name: tier_accepted_with_a_threshold
                          values: ['gold']
                          config:
                            warn_if: ">100"
                            error_if: ">100"
                  - name: qty
                    data_tests:
                      - accepted_range:
                          min_value: 1
                      - dbt_utils.accepted_range:
                          min_value: 0
                          max_value: 10
                          inclusive: false
              - name: customers
                data_tests:
                  - reconciliation:
                      name: customers_reconcile_with_sales
                      expression: count(*)
                      compare_model: ref('sales')
                      compare_expression: count(distinct customer_id)
                columns:
                  - name: id
                    data_tests: [unique, not_null]
            """;

    /** What the runs reported. */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createLakeAndProject() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.customers AS SELECT i AS id FROM range(1, 201) t(i)",
                "CREATE TABLE lake.raw.stores AS SELECT * FROM (VALUES (1), (2), (3), (NULL)) t(id)",
                "CREATE TABLE lake.raw.sales AS SELECT i AS id, 'c' || i AS code, 1 + i % 200 AS customer_id, 1 + i % 3 AS store_id, "
                        + "CASE WHEN i % 2 = 0 THEN 'gold' ELSE 'silver' END AS tier, 1 + i % 9 AS qty, 2.5 AS price, "
                        + "2.5 * (1 + i % 9) AS amount FROM range(1, 5001) t(i)");
        TestData.write(project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: customers
                      - name: stores
                      - name: sales
                        columns:
                          - name: id
                            data_tests: [unique, not_null]
                """);
        TestData.write(project, "models/sales.sql", "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'sales') }}\n");
        TestData.write(project, "models/customers.sql", "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'customers') }}\n");
        TestData.write(project, "models/schema.yml", SCHEMA);
        TestData.write(project, "tests/generic/has_no_space.sql", """
                {% test has_no_space(model, column_name) %}
                select {{ column_name }}
                from {{ model }}
                where {{ column_name }} like '% %'
                {% endtest %}
                """);
        RunRequest build = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out"));
        assertFalse(new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(build).failed());
    }

    @Test
    void onCleanDataEveryTestPassesFusedOrOneByOne() throws Exception {
        Map<String, String> fused = outcomes(true);
        List<String> fusedLog = List.copyOf(log);
        log.clear();

        assertEquals(outcomes(false), fused);
        assertEquals(21, fused.size());
        // all but the where, threshold and column-combination tests share scans: one each of sales, customers and raw.sales
        assertEquals(List.of("18 data tests passed by 3 shared scans of their relations (-Dtestbed.fuseTests=false runs each test's own query)"),
                fusedLog.stream().filter(line -> line.contains("shared scans")).toList());
        assertEquals(List.of(), log.stream().filter(line -> line.contains("shared scans")).toList());
        assertEquals(List.of(), fused.values().stream().filter(outcome -> !outcome.startsWith("PASS")).toList());
    }

    @Test
    void onBrokenDataTheFusedSuiteFailsTheSameTestsWithTheSameCountsAndRows() throws Exception {
        // duplicates, nulls, orphans, values outside the list and range, and a wrong amount: many failures on one relation
        TestData.sql(location, "INSERT INTO lake.raw.sales VALUES (7, 'c7', 1, 2, 'gold', 8, 2.5, 20.0), (NULL, 'c1', NULL, NULL, NULL, 0, 2.5, 0), "
                        + "(9001, 'x', 999, 4, 'bronze', 10, 2.5, 25.0), (9002, 'y z', 998, 5, 'bronze', 3, 2.5, 1.0)",
                "INSERT INTO lake.raw.customers VALUES (5)");

        Map<String, String> fused = outcomes(true);

        assertEquals(outcomes(false), fused);
        Map<String, String> failing = new TreeMap<>(fused);
        failing.values().removeIf(outcome -> outcome.startsWith("PASS"));
        assertEquals(new TreeSet<>(List.of("accepted_range_sales_qty__1", "accepted_values_sales_tier__gold__silver",
                "dbt_utils_accepted_range_sales_qty__False__10__0", "expression_is_true_sales_amount_price_qty",
                "dbt_utils_unique_combination_of_columns_sales_id__code", "not_null_sales_customer_id", "not_null_sales_id",
                "not_null_sales_store_id", "not_null_sales_tier", "relationships_sales_customer_id__id__ref_customers_",
                "relationships_sales_store_id__id__source_raw_stores_", "source_not_null_raw_sales_id", "source_unique_raw_sales_id",
                "unique_customers_id", "customers_reconcile_with_sales", "unique_id_where_positive", "unique_sales_code", "unique_sales_id",
                "has_no_space_sales_code")), failing.keySet(), fused.toString());
        assertEquals("FAIL 1 [code] [[y z]]  audit [[y z]] [[code, VARCHAR]]", fused.get("has_no_space_sales_code"));
        assertEquals("WARN 1", fused.get("not_null_sales_store_id").substring(0, 6));
    }

    /** Per test: status, failing count, and the failing rows shown (in no particular order, as a test's query has none). */
    private Map<String, String> outcomes(boolean fuse) throws java.sql.SQLException {
        TestRequest request = new TestRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, work.resolve("out"));
        TestRunResult result = new VerifyMetricsTask(DuckDbSettings.defaults(), event -> log.add(event.message()))
                .run(request, "run-" + fuse + System.nanoTime(), BuildOptions.EACH.withFuseTests(fuse), null);
        Map<String, String> outcomes = new TreeMap<>();
        for (TestResult test : result.results()) {
            outcomes.put(test.test().name(), test.status() + " " + test.failures() + " " + test.columns() + " "
                    + test.sampleRows().stream().map(String::valueOf).sorted().toList() + " " + test.message());
        }
        // the stored failures: the same table, rows and columns, whether the test ran its own query or passed by a scan
        String stored = " audit " + TestData.rows(location, "select * from lake.main_dbt_test__audit.has_no_space_sales_code") + " "
                + TestData.rows(location, "select column_name, data_type from information_schema.columns "
                + "where table_schema = 'main_dbt_test__audit' and table_name = 'has_no_space_sales_code'");
        outcomes.computeIfPresent("has_no_space_sales_code", (name, outcome) -> outcome + stored);
        return outcomes;
    }
}
