package dev.testbed.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is modified since its last successful build, read from a real DuckLake's snapshots and run history, and the
 * {@code state:} / {@code result:} selectors over it. The expectations follow the rules: a table is modified when its code,
 * config or macros changed or when something it reads (through views) changed after its build; a view only by its code.
 */
class ChangeDetectorTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);

    @TempDir
    Path work;
    private Path project;
    private LakeLocation location;

    @BeforeEach
    void buildOnce() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id, range * 2 AS amount FROM range(5)",
                "CREATE TABLE lake.raw.other AS SELECT 1 AS x");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n      - name: other\n");
        TestData.write(project, "macros/cents.sql", "{% macro cents(x) %}({{ x }} * 100){% endmacro %}\n{% macro unused() %}1{% endmacro %}\n");
        TestData.write(project, "models/stg_events.sql", "select id, amount from {{ source('raw', 'events') }}\n");
        TestData.write(project, "models/event_totals.sql", "{{ config(materialized='table') }}\n"
                + "select count(*) as n, sum({{ cents('amount') }}) as c from {{ ref('stg_events') }}\n");
        TestData.write(project, "models/totals_child.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('event_totals') }}\n");
        TestData.write(project, "models/other_table.sql", "{{ config(materialized='table') }}\nselect x from {{ source('raw', 'other') }}\n");
        run(null);
    }

    @Test
    void nothingChangedSelectsNothing() {
        Map<String, Change> changes = changes();
        changes.forEach((model, change) -> assertTrue(!change.modified(), model + ": " + change.describe()));
        assertEquals(Set.of(), select("state:modified+"));
        assertEquals(Set.of("event_totals", "other_table", "stg_events", "totals_child"), select("state:unmodified"));
    }

    @Test
    void changedSqlSelectsExactlyThatModelAndWithPlusItsDescendants() throws Exception {
        TestData.write(project, "models/event_totals.sql", "{{ config(materialized='table') }}\n"
                + "select count(*) as n, sum({{ cents('amount') }}) as c, max(id) as m from {{ ref('stg_events') }}\n");
        assertInstanceOf(Change.CodeChanged.class, changes().get("event_totals"));
        assertEquals(Set.of("event_totals"), select("state:modified"));
        assertEquals(Set.of("event_totals", "totals_child"), select("state:modified+"));
        assertEquals(Set.of("event_totals", "stg_events"), select("+state:modified"));
        assertEquals(Set.of("event_totals"), select("state:modified.body"));
    }

    @Test
    void aChangedMacroSelectsTheModelsThatCallIt() throws Exception {
        TestData.write(project, "macros/cents.sql", "{% macro cents(x) %}({{ x }} * 100.0){% endmacro %}\n{% macro unused() %}1{% endmacro %}\n");
        Change change = changes().get("event_totals");
        assertEquals(new Change.MacroChanged(List.of("cents"), ((Change.MacroChanged) change).builtIn()), change);
        assertEquals(Set.of("event_totals"), select("state:modified"));
        assertEquals(Set.of("event_totals"), select("state:modified.macros"));
    }

    @Test
    void aChangedConfigInAPropertiesFileSelectsThatModelButNewTagsDoNotAsInDbt() throws Exception {
        TestData.write(project, "models/other.yml", "version: 2\nmodels:\n  - name: other_table\n    config:\n      tags: [daily]\n");
        assertEquals(Set.of(), select("state:modified"), "dbt's config comparison leaves tags out");
        TestData.write(project, "models/other.yml", "version: 2\nmodels:\n  - name: other_table\n    config:\n      meta: {owner: a}\n");
        assertInstanceOf(Change.ConfigChanged.class, changes().get("other_table"));
        assertEquals(Set.of("other_table"), select("state:modified"));
    }

    @Test
    void anInsertedRawRowSelectsTheTablesReadingItThroughViewsButNotTheView() throws Exception {
        TestData.sql(location, "INSERT INTO lake.raw.events VALUES (5, 10)");
        Change change = changes().get("event_totals");
        Change.UpstreamChanged upstream = assertInstanceOf(Change.UpstreamChanged.class, change);
        assertEquals("main.stg_events", upstream.relation());
        assertEquals("raw.events", upstream.origin());
        assertTrue(upstream.changedIn() > upstream.builtIn());
        assertEquals(Set.of("event_totals"), select("state:modified"), "the view reads live data; the child's input is not rebuilt yet");
        assertEquals(Set.of("event_totals", "totals_child"), select("state:modified+"));

        run("state:modified+");
        assertEquals(Set.of(), select("state:modified"), "rebuilt, so up to date again");
    }

    @Test
    void aNewModelIsNewAndModified() throws Exception {
        TestData.write(project, "models/brand_new.sql", "select 1 as one\n");
        assertInstanceOf(Change.NeverBuilt.class, changes().get("brand_new"));
        assertEquals(Set.of("brand_new"), select("state:new"));
        assertEquals(Set.of("brand_new"), select("state:modified"));
    }

    @Test
    void resultSelectorsPickTheLastRunsErrorsSkipsAndFailures() throws Exception {
        TestData.write(project, "models/broken.sql", "{{ config(materialized='table') }}\nselect no_such_column from {{ source('raw', 'other') }}\n");
        TestData.write(project, "models/after_broken.sql", "select * from {{ ref('broken') }}\n");
        TestData.write(project, "models/tests.yml", "version: 2\nmodels:\n  - name: other_table\n    columns:\n      - name: x\n"
                + "        data_tests: [unique, accepted_values: {values: [2]}]\n");
        run(null, "run-2"); // a Maven build's run-models and verify-metrics share one run id
        TestRunResult tested = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .runAndRecord(new TestRequest(project, location, TARGET, Map.of(), null, null, work.resolve("out")), "run-2");
        String failing = tested.results().stream().filter(r -> r.status().name().equals("FAIL")).map(r -> r.test().name()).findFirst().orElseThrow();

        assertEquals(Set.of("broken"), select("result:error"));
        assertEquals(Set.of("after_broken"), select("result:skipped"));
        assertEquals(Set.of("after_broken", "broken"), select("result:error+"));
        assertEquals(Set.of("event_totals", "other_table", "stg_events", "totals_child"), select("result:success"));
        assertEquals(Set.of(), select("result:fail"), "models never fail, in dbt either: tests do");

        TestRunResult retried = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .run(new TestRequest(project, location, TARGET, Map.of(), "result:fail", null, work.resolve("out")));
        assertEquals(List.of(failing), retried.results().stream().map(TestResult::test).map(t -> t.name()).toList());
    }

    private void run(String select) {
        run(select, "run-" + System.nanoTime());
    }

    private void run(String select, String runId) {
        new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, runId)
                .run(new RunRequest(project, location, TARGET, Map.of(), select, null, false, work.resolve("out")));
    }

    private Map<String, Change> changes() {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
            return ChangeDetector.detect(new Relations(loaded.project(), loaded.compiler(), loaded.graph()), LakeState.read(lake), List.of()).models();
        }
    }

    private Set<String> select(String selection) {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        LakeNodeStates states = new LakeNodeStates(new Relations(loaded.project(), loaded.compiler(), loaded.graph()), location, DuckDbSettings.defaults());
        return new TreeSet<>(Selector.select(loaded.graph(), selection, null, warning -> { }, states)).stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
