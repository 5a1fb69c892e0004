package dev.testbed.run;

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
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pre-hook / post-hook on models and seeds, and on-run-start / on-run-end, on a real DuckLake, in the order and
 * transaction placement of dbt's materializations and run task (issue 13). The expectations are dbt's documented rules:
 * hooks accumulate, dbt_project.yml's first, then the properties file's, then config()'s; hooks run inside the model's
 * transaction unless {@code transaction: false}, which runs a pre-hook before it begins and a post-hook after it commits.
 */
class HooksTest {

    /** One audit row: the hook, and how many snapshots the model's own commit has made so far (0 inside its transaction). */
    private static final String AUDIT = """
            {% macro audit(event) %}
            insert into lake.main.audit select '{{ event }}', (select count(*) from lake.main.audit),
              (select count(*) from ducklake_snapshots('lake') where commit_message like 'run-models: {{ this.name }} %')
            {% endmacro %}
            """;

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createLake() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE TABLE lake.main.audit (event VARCHAR, seq BIGINT, committed BIGINT)");
        TestData.write(project, "macros/audit.sql", AUDIT);
    }

    @Test
    void hooksAccumulateInDbtsOrderAndRunInsideTheTransactionUnlessTransactionIsFalse() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                models:
                  shop:
                    +pre-hook: "{{ audit('project pre') }}"
                    +post-hook:
                      - sql: "{{ audit('project post outside') }}"
                        transaction: false
                      - "{{ audit('project post') }}"
                """);
        TestData.write(project, "models/props.yml", """
                version: 2
                models:
                  - name: totals
                    config:
                      pre_hook:
                        - sql: "{{ audit('properties pre outside') }}"
                          transaction: false
                      post_hook: "{{ audit('properties post') }}"
                """);
        TestData.write(project, "models/totals.sql", """
                {{ config(materialized='table', pre_hook=["{{ audit('model pre') }}"],
                          post_hook=["{{ audit('model post') }}", {"sql": "{{ audit('model post outside') }}", "transaction": false}]) }}
                select 1 as id
                """);

        RunResult result = run();

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(
                List.of("properties pre outside", "0", "0"),
                List.of("project pre", "1", "0"),
                List.of("model pre", "2", "0"),
                List.of("project post", "3", "0"),
                List.of("properties post", "4", "0"),
                List.of("model post", "5", "0"),
                List.of("project post outside", "6", "1"),
                List.of("model post outside", "7", "1")), TestData.rows(location, "SELECT * FROM lake.main.audit ORDER BY seq"));
        JsonNode config = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile()).get("nodes").get("model.shop.totals").get("config");
        assertEquals("[{\"sql\":\"{{ audit('project post outside') }}\",\"transaction\":false,\"index\":null},"
                + "{\"sql\":\"{{ audit('project post') }}\",\"transaction\":true,\"index\":null},"
                + "{\"sql\":\"{{ audit('properties post') }}\",\"transaction\":true,\"index\":null},"
                + "{\"sql\":\"{{ audit('model post') }}\",\"transaction\":true,\"index\":null},"
                + "{\"sql\":\"{{ audit('model post outside') }}\",\"transaction\":false,\"index\":null}]",
                config.get("post-hook").toString(), "manifest.json lists the hooks as dbt does: all layers', unrendered, in running order per transaction flag");
    }

    @Test
    void aFailingPostHookAfterTheCommitFailsTheModelButLeavesItsCommittedTable() throws Exception {
        TestData.write(project, "models/totals.sql", """
                {{ config(materialized='table', post_hook={"sql": "insert into lake.main.no_such_table values (1)", "transaction": false}) }}
                select 1 as id
                """);

        RunResult result = run();

        assertTrue(result.failed());
        assertTrue(result.failureSummary().contains("post-hook 1 of 1 of totals") && result.failureSummary().contains("was built and committed before this hook ran"),
                result.failureSummary());
        assertEquals(List.of(List.of("1")), TestData.rows(location, "SELECT * FROM lake.main.totals"), "dbt commits before such a hook, so the table stays");
    }

    @Test
    void aFailingPostHookFailsTheModelNamingTheHookAndRollsBackEverythingItsTransactionWrote() throws Exception {
        TestData.write(project, "models/totals.sql", """
                {{ config(materialized='table', pre_hook="{{ audit('model pre') }}",
                          post_hook=["{{ audit('model post') }}", "insert into lake.main.no_such_table values (1)"]) }}
                select 1 as id
                """);
        TestData.write(project, "models/after.sql", "select * from {{ ref('totals') }}");

        RunResult result = run();

        assertTrue(result.failed());
        String message = result.failureSummary();
        assertTrue(message.contains("post-hook 2 of 2 of totals, set in models/totals.sql, line ") && message.contains("no_such_table")
                && message.contains("hook SQL: insert into lake.main.no_such_table values (1)") && message.contains("rolled back"), message);
        assertFalse(TestData.tableExists(location, "main", "totals"), "the model's table was rolled back");
        assertEquals(List.of(), TestData.rows(location, "SELECT * FROM lake.main.audit"), "the hooks' own rows were rolled back with it");
        assertEquals(ModelStatus.SKIPPED, result.models().stream().filter(m -> m.model().name().equals("after")).findFirst().orElseThrow().status());
    }

    @Test
    void aHookThatDoesNotRenderFailsTheModelBeforeAnythingIsWrittenNamingTheHook() throws Exception {
        TestData.write(project, "models/totals.sql", """
                {{ config(materialized='table', pre_hook="insert into lake.main.audit select 'x', 0, 0", post_hook="{{ audti('model post') }}") }}
                select 1 as id
                """);

        RunResult result = run();

        assertTrue(result.failed());
        assertTrue(result.failureSummary().contains("post-hook 1 of 1 of totals, set in models/totals.sql") && result.failureSummary().contains("audti")
                && result.failureSummary().contains("audit"), result.failureSummary());
        assertFalse(TestData.tableExists(location, "main", "totals"));
        assertEquals(List.of(), TestData.rows(location, "SELECT * FROM lake.main.audit"), "not even the pre-hook ran");
    }

    @Test
    void seedHooksRunAroundTheSeedsLoadWithThisBeingTheSeed() throws Exception {
        TestData.write(project, "seeds/codes.csv", "code,label\n1,a\n2,b\n");
        TestData.write(project, "seeds/props.yml", """
                version: 2
                seeds:
                  - name: codes
                    config:
                      pre_hook: "insert into lake.main.audit select 'seed pre', 0, 0"
                      post_hook: "insert into lake.main.audit select 'seed post', 1, (select count(*) from {{ this }})"
                """);
        TestData.write(project, "models/m.sql", "select * from {{ ref('codes') }}");

        RunResult result = run();

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("seed pre", "0", "0"), List.of("seed post", "1", "2")),
                TestData.rows(location, "SELECT * FROM lake.main.audit ORDER BY seq"), "the post-hook sees the seed's 2 rows");
    }

    @Test
    void onRunStartRunsBeforeTheModelsAndOnRunEndAfterThemWithSchemasAndResults() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                on-run-start:
                  - "create table lake.main.log (event varchar, detail varchar)"
                  - "insert into lake.main.log select 'start', (select count(*) from duckdb_tables() where table_name = 'totals')"
                on-run-end: >-
                  insert into lake.main.log values ('schemas', '{{ schemas | join(",") }}')
                  {% for r in results %}, ('result', '{{ r.node.unique_id }} {{ r.status }}'){% endfor %}
                models:
                  shop:
                    +materialized: table
                    marts:
                      +schema: marts
                """);
        TestData.write(project, "models/marts/totals.sql", "select 1 as id");

        RunResult result = run();

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("result", "model.shop.totals success"), List.of("schemas", "main_marts"), List.of("start", "0")),
                TestData.rows(location, "SELECT * FROM lake.main.log ORDER BY ALL"));
    }

    @Test
    void packagesOnRunHooksRunAfterTheRootProjectsPackagesByNameEachWithItsOwnMacrosAndVars() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                on-run-start:
                  - "create table lake.main.log (who varchar, seq bigint)"
                on-run-end: "insert into lake.main.log select 'shop end', (select count(*) from lake.main.log)"
                """);
        TestData.write(project, "packages.yml", "packages:\n  - local: zeta\n  - local: alpha\n");
        TestData.write(project, "zeta/dbt_project.yml", """
                name: zeta
                vars: {greeting: hello zeta}
                on-run-start: "insert into lake.main.log select '{{ var('greeting') }} start', (select count(*) from lake.main.log)"
                on-run-end: ["{{ who('end') }}", "{{ who('end again') }}"]
                """);
        TestData.write(project, "zeta/macros/who.sql",
                "{% macro who(what) %}insert into lake.main.log select 'zeta {{ what }}', (select count(*) from lake.main.log){% endmacro %}");
        TestData.write(project, "alpha/dbt_project.yml", """
                name: alpha
                on-run-end: "insert into lake.main.log select 'alpha end', (select count(*) from lake.main.log)"
                """);
        TestData.write(project, "models/totals.sql", "select 1 as id");
        List<Reporter.Event> events = new ArrayList<>();

        RunResult result = run(events::add);

        assertFalse(result.failed(), result::failureSummary);
        assertEquals(List.of(List.of("hello zeta start", "0"), List.of("shop end", "1"), List.of("alpha end", "2"), List.of("zeta end", "3"),
                List.of("zeta end again", "4")), TestData.rows(location, "SELECT * FROM lake.main.log ORDER BY seq"));
        List<String> lines = events.stream().map(Reporter.Event::message).toList();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("4 of 4 OK hook: zeta.on-run-end.3 ")), lines::toString);
    }

    @Test
    void anOnRunEndHookReadingAResultAttributeThisEngineLacksIsWarnedAboutNamingTheLine() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                on-run-end:
                  - "create table lake.main.log as select '{% for r in results %}{{ r.node.name }} {{ r.timing }} {{ r.node.compiled_code }}{% endfor %}' as x"
                """);
        TestData.write(project, "models/totals.sql", "select 1 as id");
        List<Reporter.Event> events = new ArrayList<>();

        RunResult result = run(events::add);

        assertFalse(result.failed(), result::failureSummary);
        List<String> warnings = events.stream().filter(e -> e.level() == Reporter.Level.WARN).map(Reporter.Event::message).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("dbt_project.yml, line 3: on-run-end reads results' node.compiled_code, timing,")),
                warnings::toString);
        assertEquals(List.of(List.of("totals  ")), TestData.rows(location, "SELECT x FROM lake.main.log"));
    }

    @Test
    void aFailingOnRunStartHookStopsTheRunBeforeAnyModelNamingItsLine() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                on-run-start:
                  - "select 1"
                  - "insert into lake.main.no_such_table values (1)"
                  - "create table lake.main.never (id int)"
                """);
        TestData.write(project, "models/totals.sql", "{{ config(materialized='table') }} select 1 as id");

        TestbedException failure = assertThrows(TestbedException.class, this::run);

        assertTrue(failure.getMessage().contains("hook shop.on-run-start.1 (dbt_project.yml, line 4)") && failure.getMessage().contains("no_such_table")
                && failure.getMessage().contains("1 hook(s) after it did not run"), failure.getMessage());
        assertFalse(TestData.tableExists(location, "main", "totals"));
        assertFalse(TestData.tableExists(location, "main", "never"));
    }

    private RunResult run() {
        return run(TestData.QUIET);
    }

    private RunResult run(Reporter reporter) {
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), reporter).run(request);
    }
}
