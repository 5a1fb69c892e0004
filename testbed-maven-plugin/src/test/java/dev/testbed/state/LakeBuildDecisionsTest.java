package dev.testbed.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.graph.BuildDecisions.Decision;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.project.Materialization;
import dev.testbed.results.DataTest;
import dev.testbed.results.TestStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestCollector;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build engine's up-to-date decisions on a real DuckLake: a small warehouse shaped like the sample (raw tables,
 * staging views, an ephemeral model, metrics tables, a seed, project macros, data tests on models, a seed and a
 * source) is built and tested once by the existing tasks, which record the run history; then one thing changes and
 * the decisions are asked node by node in build order, as the engine asks them, each node told which of its inputs
 * were rebuilt before it. Where dbt has the same selection, {@code state:modified+} is checked against what dbt 1.11's
 * {@code dbt ls --select state:modified+ --state <manifest before the change>} listed for the same project and change.
 */
class LakeBuildDecisionsTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    private static final String ACCEPTED_TIERS = "accepted_values_stg_customers_tier__bronze__silver__gold";

    @TempDir
    Path work;
    private Path project;
    private LakeLocation location;

    @BeforeEach
    void buildAndTestOnce() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.raw_sales AS SELECT range AS transaction_id, range % 4 AS customer_id,"
                        + " CAST(range * 1.5 AS DECIMAL(10, 2)) AS amount FROM range(1, 21)",
                "CREATE TABLE lake.raw.raw_customers AS SELECT range AS customer_id, ['bronze', 'silver', 'gold'][range % 3 + 1] AS tier FROM range(4)");
        TestData.write(project, "dbt_project.yml", "name: shop\nversion: '1.0'\nprofile: shop\n");
        TestData.write(project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: raw_sales
                        columns:
                          - name: amount
                            data_tests: [not_null]
                      - name: raw_customers
                """);
        TestData.write(project, "macros/money.sql", """
                {% macro cents(x) %}({{ x }} * 100){% endmacro %}
                {% macro pct(x) %}({{ x }} * 100.0){% endmacro %}
                """);
        TestData.write(project, "seeds/tiers.csv", "tier,discount\nbronze,0\nsilver,5\ngold,10\n");
        TestData.write(project, "models/stg_sales.sql", "select transaction_id, customer_id, amount from {{ source('raw', 'raw_sales') }}\n");
        TestData.write(project, "models/stg_customers.sql", "select customer_id, tier from {{ source('raw', 'raw_customers') }}\n");
        TestData.write(project, "models/sales_cents.sql", "{{ config(materialized='ephemeral') }}\n"
                + "select customer_id, {{ cents('amount') }} as cents from {{ ref('stg_sales') }}\n");
        TestData.write(project, "models/customer_metrics.sql", "{{ config(materialized='table') }}\n"
                + "select c.customer_id, c.tier, count(s.cents) as purchases, coalesce(sum(s.cents), 0) as total_cents\n"
                + "from {{ ref('stg_customers') }} c left join {{ ref('sales_cents') }} s using (customer_id) group by all\n");
        TestData.write(project, "models/tier_metrics.sql", "{{ config(materialized='table') }}\n"
                + "select m.tier, count(*) as customers, sum(m.total_cents) as cents, max({{ pct('t.discount') }}) as discount_pct\n"
                + "from {{ ref('customer_metrics') }} m join {{ ref('tiers') }} t using (tier) group by all\n");
        TestData.write(project, "models/customer_tiers.sql", "{{ config(materialized='table') }}\n"
                + "select c.customer_id, t.discount from {{ ref('stg_customers') }} c join {{ ref('tiers') }} t using (tier)\n");
        TestData.write(project, "models/top_customers.sql", "select * from {{ ref('customer_metrics') }} where purchases > 4\n");
        TestData.write(project, "models/top_count.sql", "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('top_customers') }}\n");
        writeSchema("[bronze, silver, gold]");
        run(null);
        test();
    }

    @Test
    void nothingChangedKeepsEveryModelSeedAndTest() {
        Map<String, Decision> plan = plan();
        plan.forEach((node, decision) -> assertInstanceOf(Decision.UpToDate.class, decision, node + ": " + decision.reason()));
        assertEquals(8 + testNames().size(), plan.size(), "every model (not the ephemeral one), the seed and every test was asked: " + plan.keySet());
        Decision.UpToDate test = (Decision.UpToDate) plan.get(ACCEPTED_TIERS);
        assertTrue(test.reason().startsWith("passed in snapshot " + test.snapshot()), test.reason());
    }

    @Test
    void aChangedMetricsModelBuildsExactlyItAndRerunsExactlyTheTestsThatReadIt() throws Exception {
        TestData.write(project, "models/tier_metrics.sql", "{{ config(materialized='table') }}\n"
                + "select m.tier, count(*) as customers, sum(m.total_cents) as cents, max({{ pct('t.discount') }}) as discount_pct, 1 as v\n"
                + "from {{ ref('customer_metrics') }} m join {{ ref('tiers') }} t using (tier) group by all\n");
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("tier_metrics", "unique_tier_metrics_tier"), built(plan));
        assertTrue(plan.get("tier_metrics").reason().startsWith("code changed since snapshot"), plan.get("tier_metrics").reason());
        assertEquals("it reads tier_metrics, which is modified", plan.get("unique_tier_metrics_tier").reason());
    }

    @Test
    void aModelBuiltInThisBuildRebuildsTheTablesReadingItThoughTheLakeStateShowedThemUpToDate() throws Exception {
        TestData.write(project, "models/customer_metrics.sql", "{{ config(materialized='table') }}\n"
                + "select c.customer_id, c.tier, count(s.cents) as purchases, coalesce(sum(s.cents), 0) as total_cents, 2 as v\n"
                + "from {{ ref('stg_customers') }} c left join {{ ref('sales_cents') }} s using (customer_id) group by all\n");
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count", "unique_customer_metrics_customer_id", "not_null_customer_metrics_total_cents",
                "unique_tier_metrics_tier", "not_null_top_customers_customer_id"), built(plan));
        assertEquals("reads main.customer_metrics, rebuilt in this build", plan.get("tier_metrics").reason());
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_customers", "top_count"), stateModifiedPlus(), "as dbt ls -s state:modified+ lists");
        assertInstanceOf(Decision.UpToDate.class, plan.get("top_customers"), "a view reads live data");
        assertEquals("reads main.top_customers (through main.customer_metrics), rebuilt in this build", plan.get("top_count").reason(),
                "the engine told it of no rebuilt parent (the view was kept), but the table behind the view was rebuilt");
        assertEquals("reads main.tier_metrics, rebuilt in this build", plan.get("unique_tier_metrics_tier").reason());
    }

    @Test
    void oneInsertedRawSaleRebuildsExactlyTheTablesThatReadItThroughTheViewsAndTheirTests() throws Exception {
        TestData.sql(location, "INSERT INTO lake.raw.raw_sales VALUES (21, 1, 9.99)");
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count", // not customer_tiers, which reads no sale; not the views
                "source_not_null_raw_raw_sales_amount", "unique_stg_sales_transaction_id", "not_null_stg_sales_transaction_id",
                "unique_customer_metrics_customer_id", "not_null_customer_metrics_total_cents", "unique_tier_metrics_tier",
                "not_null_top_customers_customer_id"), built(plan));
        assertEquals(new Change.ReadsModified("customer_metrics"), testChanges().get("not_null_top_customers_customer_id"),
                "inspect's verdict too: the test reads a view over a table that is to be rebuilt");
        assertTrue(plan.get("customer_metrics").reason().startsWith("main.sales_cents (through raw.raw_sales) changed in snapshot"),
                plan.get("customer_metrics").reason());

        run(null);
        test();
        assertEquals(Set.of(), built(plan()), "built and tested again, so up to date");
    }

    @Test
    void aChangedMacroRebuildsExactlyTheModelsThatCallIt() throws Exception {
        TestData.write(project, "macros/money.sql", """
                {% macro cents(x) %}({{ x }} * 100){% endmacro %}
                {% macro pct(x) %}round({{ x }} * 100.0, 1){% endmacro %}
                """);
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("tier_metrics", "unique_tier_metrics_tier"), built(plan));
        assertTrue(plan.get("tier_metrics").reason().startsWith("macro pct changed since snapshot"), plan.get("tier_metrics").reason());
        assertEquals(Set.of("tier_metrics"), stateModifiedPlus(), "as dbt ls -s state:modified+ lists");
    }

    @Test
    void aChangedDispatchedMacroRebuildsTheModelsWhoseMacrosDispatchToIt() throws Exception {
        String macro = "{% macro label(x) %}{{ return(adapter.dispatch('label')(x)) }}{% endmacro %}\n"
                + "{% macro default__label(x) %}upper({{ x }}){% endmacro %}\n";
        TestData.write(project, "macros/label.sql", macro);
        TestData.write(project, "models/labelled.sql", "{{ config(materialized='table') }}\nselect {{ label('tier') }} as tier from {{ ref('stg_customers') }}\n");
        run(null);
        test();
        assertEquals(Set.of(), built(plan()), "built and tested");

        TestData.write(project, "macros/label.sql", macro.replace("upper(", "lower("));
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("labelled"), built(plan));
        assertTrue(plan.get("labelled").reason().startsWith("macro default__label changed since snapshot"), plan.get("labelled").reason());
    }

    @Test
    void aChangedVarRebuildsExactlyTheModelsThatReadIt() throws Exception {
        TestData.write(project, "models/customer_tiers.sql", "{{ config(materialized='table') }}\n"
                + "select c.customer_id, t.discount + {{ var('bonus', 0) }} as discount from {{ ref('stg_customers') }} c join {{ ref('tiers') }} t using (tier)\n");
        run(null);
        test();
        assertEquals(Set.of(), built(plan()), "built and tested with the var's default");

        Map<String, Decision> plan = plan(Map.of("bonus", 5));
        assertEquals(Set.of("customer_tiers", "not_null_customer_tiers_customer_id"), built(plan), "its SQL compiles to other SQL; nothing else reads the var");
        assertTrue(plan.get("customer_tiers").reason().startsWith("code changed since snapshot"), plan.get("customer_tiers").reason());
    }

    @Test
    void aModelWithHooksIsBuiltAtEveryBuildAsDbtRunsItsHooks() throws Exception {
        TestData.write(project, "models/customer_tiers.sql", "{{ config(materialized='table', post_hook='select 1') }}\n"
                + "select c.customer_id, t.discount from {{ ref('stg_customers') }} c join {{ ref('tiers') }} t using (tier)\n");
        run(null);
        test();

        Map<String, Decision> plan = plan();
        assertEquals(Set.of("customer_tiers", "not_null_customer_tiers_customer_id"), built(plan));
        assertEquals("it has pre- or post-hooks, which run at every build, as in dbt", plan.get("customer_tiers").reason());
    }

    @Test
    void aModelWhoseMacroQueriesTheLakeWhileCompilingIsBuiltAtEveryBuildAndItsReadersWithIt() throws Exception {
        TestData.write(project, "macros/tier_list.sql", """
                {% macro tier_list() %}
                  {% set tiers = run_query("select distinct tier from " ~ source('raw', 'raw_customers') ~ " order by 1") %}
                  {{ return(tiers.columns[0].values() if execute else []) }}
                {% endmacro %}
                """);
        TestData.write(project, "models/customer_tiers.sql", "{{ config(materialized='table') }}\n"
                + "select c.customer_id, t.discount, {{ tier_list() | length }} as tiers\n"
                + "from {{ ref('stg_customers') }} c join {{ ref('tiers') }} t using (tier)\n");
        TestData.write(project, "models/tier_names.sql", "{{ config(materialized='ephemeral') }}\nselect {{ tier_list() | length }} as tiers\n");
        TestData.write(project, "models/tier_report.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('tier_names') }}\n");
        run(null);
        test();

        Map<String, Decision> plan = plan();
        assertEquals(Set.of("customer_tiers", "not_null_customer_tiers_customer_id", "tier_report"), built(plan),
                "their code is unchanged, but what they render (tier_report through the ephemeral tier_names) depends on raw_customers' rows, "
                        + "which no code hash sees");
        assertEquals("it queries the lake while compiling (run_query, statement, adapter, graph), as in dbt, which compiles it at every build",
                plan.get("customer_tiers").reason());
    }

    @Test
    void aDataTestWhoseMacroQueriesTheLakeWhileCompilingRunsAtEveryBuildWhileTheOthersStayUpToDate() throws Exception {
        TestData.write(project, "tests/generic/no_more_than_tiers.sql", """
                {% test no_more_than_tiers(model, column_name) %}
                  {%- set tiers = run_query("select count(distinct tier) from " ~ source('raw', 'raw_customers')) -%}
                  select * from {{ model }} where {{ column_name }} > 100 * {{ tiers.columns[0].values()[0] if execute else 0 }}
                {% endtest %}
                """);
        TestData.write(project, "tests/few_tiers.sql", """
                {% set n = run_query("select count(*) from " ~ ref('tiers')) %}
                select 1 as too_many where {{ n.columns[0].values()[0] if execute else 0 }} > 10
                """);
        TestData.write(project, "models/tier_count.sql", "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('tiers') }}\n");
        TestData.write(project, "models/introspected.yml", """
                version: 2
                models:
                  - name: tier_count
                    columns:
                      - name: n
                        data_tests:
                          - no_more_than_tiers
                """);
        run(null);
        test();

        Map<String, Decision> plan = plan();
        assertEquals(Set.of("no_more_than_tiers_tier_count_n", "few_tiers"), built(plan),
                "their code is unchanged, but what they render depends on the lake's rows, which no code hash sees");
        assertEquals("it queries the lake while compiling (run_query, statement, adapter, graph), as in dbt, which compiles it at every run",
                plan.get("few_tiers").reason());
    }

    @Test
    void aChangedEphemeralModelRebuildsItsReaders() throws Exception {
        TestData.write(project, "models/sales_cents.sql", "{{ config(materialized='ephemeral') }}\n"
                + "select customer_id, {{ cents('amount') }} as cents from {{ ref('stg_sales') }} where amount > 2\n");
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count", "unique_customer_metrics_customer_id", "not_null_customer_metrics_total_cents",
                "unique_tier_metrics_tier", "not_null_top_customers_customer_id"), built(plan));
        assertTrue(plan.get("customer_metrics").reason().startsWith("code changed since snapshot"), plan.get("customer_metrics").reason());
    }

    /**
     * dbt 1.11's {@code dbt ls --select state:modified+ --state <manifest before>} on the same project after the same
     * change lists the models sales_cents, customer_metrics, tier_metrics, top_customers and top_count. The selector
     * agrees but for the ephemeral model itself, which this engine compiles into its readers and never selects: the lake
     * records its code only as part of theirs.
     */
    @Test
    void stateModifiedPlusSelectsWhatDbtSelectsAfterAnEphemeralChange() throws Exception {
        TestData.write(project, "models/sales_cents.sql", "{{ config(materialized='ephemeral') }}\n"
                + "select customer_id, {{ cents('amount') }} as cents from {{ ref('stg_sales') }} where amount > 2\n");
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_customers", "top_count"), stateModifiedPlus());
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count"), built(plan()).stream().filter(graph()::contains).collect(Collectors.toSet()),
                "a build keeps the view, which reads live data");
    }

    @Test
    void aMacroCalledOnlyByAnEphemeralModelCountsForItsReaders() throws Exception {
        TestData.write(project, "macros/money.sql", """
                {% macro cents(x) %}cast({{ x }} * 100 as bigint){% endmacro %}
                {% macro pct(x) %}({{ x }} * 100.0){% endmacro %}
                """);
        Map<String, Decision> plan = plan();
        assertTrue(plan.get("customer_metrics").reason().startsWith("macro cents changed"), plan.get("customer_metrics").reason());
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count"), built(plan).stream().filter(graph()::contains).collect(Collectors.toSet()));
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_customers", "top_count"), stateModifiedPlus(),
                "as dbt ls -s state:modified+ lists, but for the ephemeral sales_cents");
    }

    @Test
    void aChangedSeedRebuildsItAndTheTablesReadingIt() throws Exception {
        TestData.write(project, "seeds/tiers.csv", "tier,discount\nbronze,0\nsilver,5\ngold,12\n");
        Map<String, Decision> plan = plan();
        assertEquals(Set.of("tiers", "customer_tiers", "tier_metrics", "unique_tiers_tier", "not_null_customer_tiers_customer_id",
                "unique_tier_metrics_tier"), built(plan));
        assertEquals(Set.of("tiers", "customer_tiers", "tier_metrics"), stateModifiedPlus(), "as dbt ls -s state:modified+ lists");
    }

    @Test
    void aTestWithAChangedDefinitionRerunsAlone() throws Exception {
        writeSchema("[bronze, silver, gold, platinum]");
        Map<String, Decision> plan = plan();
        String renamed = "accepted_values_stg_customers_tier__bronze__silver__gold__platinum";
        assertEquals(Set.of(renamed), built(plan), "a new list gives the test a new name, so it has never run");

        writeSchema("[bronze, silver, gold]\n              config:\n                severity: warn");
        plan = plan();
        assertEquals(Set.of(ACCEPTED_TIERS), built(plan));
        assertTrue(plan.get(ACCEPTED_TIERS).reason().startsWith("definition changed since snapshot"), plan.get(ACCEPTED_TIERS).reason());
    }

    @Test
    void aTestThatDidNotPassLastTimeRerunsAndOnlyAPassIsKept() throws Exception {
        writeSchema("[bronze, silver]");
        String failing = "accepted_values_stg_customers_tier__bronze__silver";
        assertEquals(TestStatus.FAIL, test().stream().filter(r -> r.test().name().equals(failing)).findFirst().orElseThrow().status());
        Map<String, Decision> plan = plan();
        assertEquals(Set.of(failing), built(plan));
        assertTrue(plan.get(failing).reason().matches("its last run, in snapshot \\d+, ended in fail"), plan.get(failing).reason());
    }

    @Test
    void aTableDroppedFromTheLakeIsBuiltAgainWithItsReaders() throws Exception {
        TestData.sql(location, "DROP TABLE lake.main.customer_metrics");
        Map<String, Decision> plan = plan();
        assertEquals("main.customer_metrics is not in the lake", plan.get("customer_metrics").reason());
        assertEquals(Set.of("customer_metrics", "tier_metrics", "top_count"), built(plan).stream().filter(graph()::contains).collect(Collectors.toSet()));
    }

    @Test
    void aLakeWithoutHistoryBuildsEverythingAndSaysWhy() throws Exception {
        TestData.sql(location, "DROP TABLE lake.testbed.model_runs", "DROP TABLE lake.testbed.test_runs");
        Map<String, Decision> plan = plan();
        assertEquals(plan.keySet(), built(plan));
        assertEquals("the lake records no build yet", plan.get("customer_metrics").reason());
        assertEquals("the lake records no test run yet", plan.get(ACCEPTED_TIERS).reason());
    }

    /**
     * Asks every model, seed and test in build order, as the engine does: a node is told which of the models and seeds it
     * reads (directly or through ephemeral models) this plan builds; an ephemeral model is never asked.
     */
    private Map<String, Decision> plan() {
        return plan(Map.of());
    }

    /** @param vars the build's var overrides ({@code -Dtestbed.vars}) */
    private Map<String, Decision> plan(Map<String, Object> vars) {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, vars, TestData.QUIET);
        ModelGraph graph = loaded.graph();
        List<DataTest> tests = new TestCollector(loaded.project(), loaded.compiler(), graph).collect();
        LakeBuildDecisions decisions;
        try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
            decisions = LakeBuildDecisions.read(lake, loaded, tests);
        }
        Map<String, Decision> plan = new LinkedHashMap<>();
        Set<String> building = new HashSet<>();
        for (String name : graph.topologicalOrder()) {
            if (graph.model(name).config().materialized() == Materialization.EPHEMERAL) {
                continue;
            }
            Set<String> rebuilt = new TreeSet<>(Lineage.through(graph, graph.parents(name), EnumSet.of(Materialization.EPHEMERAL)));
            rebuilt.retainAll(building);
            Decision decision = decisions.model(name, rebuilt);
            plan.put(name, decision);
            if (decision instanceof Decision.Build) {
                building.add(name);
            }
        }
        for (DataTest test : tests) {
            Set<String> rebuilt = new TreeSet<>(test.models());
            rebuilt.retainAll(building);
            plan.put(test.name(), decisions.test(test.name(), rebuilt));
        }
        return plan;
    }

    /** What {@link ChangeDetector} finds for each test, as inspect's up-to-date column shows it. */
    private Map<String, Change> testChanges() {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        Relations relations = new Relations(loaded.project(), loaded.compiler(), loaded.graph());
        List<ChangeDetector.TestInput> tests = new TestCollector(loaded.project(), loaded.compiler(), loaded.graph()).collect().stream()
                .map(test -> ChangeDetector.TestInput.of(test, relations)).toList();
        try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
            return ChangeDetector.detect(relations, LakeState.read(lake), tests).tests();
        }
    }

    private Set<String> stateModifiedPlus() {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        LakeNodeStates states = new LakeNodeStates(new Relations(loaded.project(), loaded.compiler(), loaded.graph()), location, DuckDbSettings.defaults());
        return Selector.select(loaded.graph(), "state:modified+", null, warning -> { }, states);
    }

    private static Set<String> built(Map<String, Decision> plan) {
        return plan.entrySet().stream().filter(e -> e.getValue() instanceof Decision.Build).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private ModelGraph graph() {
        return ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET).graph();
    }

    private Set<String> testNames() {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        return new TestCollector(loaded.project(), loaded.compiler(), loaded.graph()).collect().stream().map(DataTest::name).collect(Collectors.toSet());
    }

    private void writeSchema(String acceptedTiers) throws Exception {
        TestData.write(project, "models/schema.yml", """
                version: 2
                models:
                  - name: stg_sales
                    columns:
                      - name: transaction_id
                        data_tests: [unique, not_null]
                  - name: stg_customers
                    columns:
                      - name: tier
                        data_tests:
                          - accepted_values:
                              values: %s
                  - name: customer_metrics
                    columns:
                      - name: customer_id
                        data_tests: [unique]
                      - name: total_cents
                        data_tests: [not_null]
                  - name: tier_metrics
                    columns:
                      - name: tier
                        data_tests: [unique]
                  - name: customer_tiers
                    columns:
                      - name: customer_id
                        data_tests: [not_null]
                  - name: top_customers
                    columns:
                      - name: customer_id
                        data_tests: [not_null]
                seeds:
                  - name: tiers
                    columns:
                      - name: tier
                        data_tests: [unique]
                """.formatted(acceptedTiers));
    }

    private void run(String select) {
        new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "run-" + System.nanoTime())
                .run(new RunRequest(project, location, TARGET, Map.of(), select, null, false, work.resolve("out")));
    }

    private List<dev.testbed.results.TestResult> test() {
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .runAndRecord(new TestRequest(project, location, TARGET, Map.of(), null, null, work.resolve("out")), "test-" + System.nanoTime())
                .results();
    }
}
