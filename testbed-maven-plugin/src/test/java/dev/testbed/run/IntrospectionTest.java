package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt's introspection while compiling ({@code run_query}, {@code statement}/{@code load_result}, {@code adapter.get_relation},
 * {@code adapter.get_columns_in_relation}, {@code log}, {@code exceptions.warn}) on a real DuckLake: the queries run on the
 * connection that builds the model, so in an atomic build a model sees the tables built before it in the same
 * (unpublished) transaction, as dbt's models see the models it committed before them; while parsing nothing is queried.
 */
class IntrospectionTest {

    @TempDir
    Path work;
    SalesLake lake;
    final List<Reporter.Event> events = new ArrayList<>();

    @BeforeEach
    void createLake() throws Exception {
        lake = new SalesLake(work, "");
        TestData.sql(lake.location, "CREATE TABLE lake.main.audit (n INTEGER)", "CREATE VIEW lake.main.legacy AS SELECT 1 AS x");
        TestData.write(lake.project, "dbt_project.yml", "name: shop\n");
        TestData.write(lake.project, "models/daily.sql", """
                {{ config(materialized='table') }}
                select sale_date, sum(amount) as revenue, count(*) as sales from {{ source('raw', 'sales') }} group by 1
                """);
    }

    private RunResult run(BuildOptions options) {
        RunRequest request = new RunRequest(lake.project, lake.location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false,
                work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), events::add).run(request, options).result();
    }

    @Test
    void runQueryPivotsOnTheDistinctValuesOfATableBuiltEarlierInTheSameAtomicBuild() throws Exception {
        TestData.write(lake.project, "models/pivot.sql", """
                {{ config(materialized='table') }}
                {% set days = run_query("select distinct strftime(sale_date, '%Y%m%d') as day from " ~ ref('daily') ~ " order by 1") %}
                select
                {%- for day in (days.columns[0].values() if execute else []) %}
                  sum(case when strftime(sale_date, '%Y%m%d') = '{{ day }}' then sales end) as sales_{{ day }},
                {%- endfor %}
                  {{ days.rows | length if execute else 0 }} as days, '{{ days.column_names[0] if execute else '' }}' as column_name
                from {{ ref('daily') }}
                """);

        RunResult result = run(BuildOptions.ATOMIC);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("10", "10", "10", "3", "day")), lake.rows("SELECT * FROM lake.main.pivot"),
                "daily was built in the same unpublished transaction, and run_query saw it");
        assertEquals(List.of("sales_20240101", "sales_20240102", "sales_20240103", "days", "column_name"),
                lake.rows("SELECT column_name FROM (DESCRIBE lake.main.pivot)").stream().map(row -> row.get(0)).toList());
    }

    @Test
    void statementStoresItsResultForLoadResultWithDataTableAndResponse() throws Exception {
        TestData.write(lake.project, "models/stated.sql", """
                {% call statement('totals', fetch_result=True) %}
                  select count(*) as n, max(sale_date) as last_day from {{ source('raw', 'sales') }}
                {% endcall %}
                {% call statement('ignored') %}select 1{% endcall %}
                {% set totals = load_result('totals') %}
                {% if execute %}
                select {{ totals['data'][0][0] }} as n, '{{ totals.table.rows[0]['last_day'] }}' as last_day,
                  '{{ totals.table.rows[0][-1] }}' as by_index, {{ totals.table.rows[0][0] }} as first, {{ totals.table.columns | length }} as columns,
                  '{{ totals.response['_message'] }}' as message, {{ load_result('ignored').table.rows | length }} as unfetched,
                  {{ load_result('nothing') is none }} as missing
                {% else %}
                select 1 as n
                {% endif %}
                """);

        RunResult result = run(BuildOptions.EACH);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("30", "2024-01-03", "2024-01-03", "30", "2", "OK", "0", "true")), lake.rows("SELECT * FROM lake.main.stated"));
    }

    @Test
    void getRelationBranchesOnExistenceAndGetColumnsInRelationGivesDbtDuckdbsColumns() throws Exception {
        TestData.write(lake.project, "models/described.sql", """
                {{ config(materialized='table') }}
                {% set legacy = adapter.get_relation(database=this.database, schema='main', identifier='LEGACY') %}
                {% set gone = adapter.get_relation(this.database, 'main', 'no_such_table') %}
                {% set daily = api.Relation.create(database='lake', schema='main', identifier='daily') %}
                {% set columns = adapter.get_columns_in_relation(daily) %}
                select
                {%- for column in columns %}{% if column.is_number() %} {{ adapter.quote(column.name) }},{% endif %}{% endfor %}
                  '{{ legacy.type if legacy is not none else 'none' }}' as legacy_type,
                  {{ gone is none }} as gone,
                  '{{ columns | map(attribute='dtype') | join(' ') }}' as dtypes,
                  '{{ columns | map(attribute='data_type') | join(' ') }}' as data_types
                from {{ ref('daily') }}
                """);

        RunResult result = run(BuildOptions.EACH);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of("sales", "legacy_type", "gone", "dtypes", "data_types"),
                lake.rows("SELECT column_name FROM (DESCRIBE lake.main.described)").stream().map(row -> row.get(0)).toList(),
                "only the BIGINT count is a number to dbt-duckdb's Column: DECIMAL(38,2) is neither numeric nor float there");
        assertEquals(List.of(List.of("view", "true", "DATE DECIMAL(38,2) BIGINT", "DATE DECIMAL(38,2) BIGINT")),
                lake.rows("SELECT DISTINCT legacy_type, gone, dtypes, data_types FROM lake.main.described"));
    }

    @Test
    void parsingQueriesNothingAndTheBuildQueriesOnce() throws Exception {
        TestData.write(lake.project, "models/once.sql", """
                {% set inserted = run_query("insert into lake.main.audit values (1)") %}
                {% do log('run_query while ' ~ ('executing' if execute else 'parsing'), info=True) %}
                {% do exceptions.warn('a warning from the model') %}
                select {{ inserted is none }} as parsed_as_none
                """);

        RunResult result = run(BuildOptions.EACH);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("1")), lake.rows("SELECT count(*) FROM lake.main.audit"),
                "the parse render (execute false) and the one-query check before the build ran nothing; the build ran it once");
        assertEquals(List.of(List.of("false")), lake.rows("SELECT * FROM lake.main.once"));
        assertTrue(events.contains(new Reporter.Event(Reporter.Level.INFO, "run_query while executing")), events::toString);
        assertFalse(events.stream().anyMatch(e -> e.message().equals("run_query while parsing")), "parse renders log nothing");
        assertTrue(events.contains(new Reporter.Event(Reporter.Level.WARN, "a warning from the model")), events::toString);
    }

    @Test
    void aFailingQueryFailsTheModelNamingItsFileLineMacroAndTheDatabasesError() throws Exception {
        TestData.write(lake.project, "macros/values_of.sql", """
                {% macro values_of(column, relation) %}
                  {% set result = run_query("select distinct " ~ column ~ " from " ~ relation) %}
                  {{ return(result.columns[0].values() if execute else []) }}
                {% endmacro %}
                """);
        TestData.write(lake.project, "models/broken.sql", """
                {{ config(materialized='table') }}
                select {{ values_of('no_such_column', ref('daily')) | length }} as n
                """);

        RunResult result = run(BuildOptions.EACH);

        assertEquals(ModelStatus.ERROR, result.models().stream().filter(r -> r.model().name().equals("broken")).findFirst().orElseThrow().status());
        String failure = result.failureSummary();
        assertTrue(failure.contains("models/broken.sql, line 2, in macro 'values_of' (macros/values_of.sql, line 2): run_query: the query failed"), failure);
        assertTrue(failure.contains("no_such_column") && failure.contains("Binder Error"), failure);
        assertFalse(TestData.tableExists(lake.location, "main", "broken"));
    }

    @Test
    void onRunEndAndHooksQueryTheLakeToo() throws Exception {
        TestData.write(lake.project, "dbt_project.yml", """
                name: shop
                on-run-end:
                  - "{% set n = run_query('select count(*) from ' ~ ref('daily')) %}insert into lake.main.audit values ({{ n.rows[0][0] }})"
                """);
        TestData.write(lake.project, "models/hooked.sql", """
                {{ config(materialized='table', post_hook="{% set r = run_query('select max(sales) from ' ~ ref('daily')) %}\
                insert into lake.main.audit values ({{ r.rows[0][0] }})") }}
                select * from {{ ref('daily') }}
                """);

        RunResult result = run(BuildOptions.ATOMIC);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("3"), List.of("10")), lake.rows("SELECT n FROM lake.main.audit ORDER BY n"),
                "the post-hook read daily's 10 sales a day, on-run-end its 3 days");
    }

    @Test
    void aFailingQueryInAnAtomicBuildFailsTheModelAndPublishesNothing() throws Exception {
        TestData.write(lake.project, "models/broken.sql", """
                {% set r = run_query('select no_such_column from ' ~ ref('daily')) %}
                select 1 as n
                """);

        RunResult result = run(BuildOptions.ATOMIC);

        assertTrue(result.failed());
        assertTrue(result.failureSummary().contains("models/broken.sql, line 1: run_query: the query failed"), result.failureSummary());
        assertFalse(TestData.tableExists(lake.location, "main", "daily"), "the atomic build is not published: daily is not in the lake either");
    }
}
