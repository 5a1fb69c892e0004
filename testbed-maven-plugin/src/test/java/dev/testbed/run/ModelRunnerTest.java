package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.SlowWork;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.project.Materialization;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materializations, failures and selection on small projects over a real DuckLake. */
class ModelRunnerTest {

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createLakeWithEvents() throws Exception {
        EventsProject events = EventsProject.create(work);
        project = events.root();
        location = events.location();
    }

    @Test
    void incrementalAppendProcessesOnlyNewRowsOnTheSecondRun() throws Exception {
        write("models/events_log.sql", """
                {{ config(materialized='incremental') }}
                select id, kind from {{ source('raw', 'events') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
                """);
        assertEquals(10, only(run(null, false), "events_log").rowsAffected());

        sql("INSERT INTO lake.raw.events SELECT range, 0, 'v1' FROM range(11, 16)");
        ModelResult second = only(run(null, false), "events_log");

        assertEquals(5, second.rowsAffected(), "the second run inserts only the 5 new rows");
        assertTrue(second.compiledSql().contains("where id >"), second.compiledSql());
        assertEquals(15, count("lake.main.events_log"));
        assertEquals(15, count("(SELECT DISTINCT id FROM lake.main.events_log)"), "no row was appended twice");
    }

    @Test
    void anAliasedIncrementalModelFindsItsTableUnderTheAlias() throws Exception {
        write("models/events_log.sql", """
                {{ config(materialized='incremental', alias='event_history') }}
                select id, kind from {{ source('raw', 'events') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
                """);
        run(null, false);
        sql("INSERT INTO lake.raw.events SELECT range, 0, 'v1' FROM range(11, 14)");
        ModelResult second = only(run(null, false), "events_log");

        assertEquals(3, second.rowsAffected(), "the second run is incremental: " + second.compiledSql());
        assertEquals(13, count("lake.main.event_history"));
        assertEquals(null, tableType("events_log"), "nothing is built under the model's own name");
    }

    @Test
    void mergeAndDeleteInsertReplaceRowsWithTheSameUniqueKey() throws Exception {
        for (String strategy : new String[] {"merge", "delete+insert"}) {
            String name = "latest_" + strategy.replace('+', '_');
            write("models/" + name + ".sql", "{{ config(materialized='incremental', unique_key='id', incremental_strategy='" + strategy + "') }}\n"
                    + "select id, kind, version from {{ source('raw', 'events') }}\n"
                    + "{% if is_incremental() %} where version = 'v2' {% endif %}\n");
        }
        run(null, false);
        sql("UPDATE lake.raw.events SET version = 'v2' WHERE id IN (2, 4)", "INSERT INTO lake.raw.events VALUES (11, 1, 'v2')");
        RunResult second = run(null, false);

        for (String table : new String[] {"lake.main.latest_merge", "lake.main.latest_delete_insert"}) {
            assertEquals(11, count(table), table);
            assertEquals(11, count("(SELECT DISTINCT id FROM " + table + ")"), table + " keeps one row per key");
            assertEquals(3, count("(SELECT * FROM " + table + " WHERE version = 'v2')"), table);
        }
        assertEquals(3, only(second, "latest_merge").rowsAffected());
    }

    @Test
    void fullRefreshRebuildsAnIncrementalModel() throws Exception {
        write("models/events_log.sql", """
                {{ config(materialized='incremental') }}
                select id from {{ source('raw', 'events') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
                """);
        run(null, false);
        sql("DELETE FROM lake.raw.events WHERE id > 5");

        assertEquals(5, only(run(null, true), "events_log").rowsAffected());
        assertEquals(5, count("lake.main.events_log"));
    }

    @Test
    void ephemeralModelsAreInlinedAndNeverBuilt() throws Exception {
        write("models/kinds.sql", "{{ config(materialized='ephemeral') }}\nselect kind, count(*) as n from {{ source('raw', 'events') }} group by kind\n");
        write("models/big_kinds.sql", "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('kinds') }} where n >= 3\n");
        write("models/report.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('big_kinds') }}\n");

        RunResult result = run(null, false);

        assertFalse(result.failed(), result.toString());
        assertEquals(3, count("lake.main.report"));
        assertTrue(only(result, "report").compiledSql().contains("__dbt__cte__kinds"), only(result, "report").compiledSql());
        assertEquals(0, count("(SELECT * FROM information_schema.tables WHERE table_catalog = 'lake' AND table_name IN ('kinds', 'big_kinds'))"));
    }

    @Test
    void aFailingModelSkipsItsDescendantsAndLeavesTheOthersCommitted() throws Exception {
        write("models/good.sql", "select id from {{ source('raw', 'events') }}\n");
        write("models/broken.sql", "select no_such_column from {{ source('raw', 'events') }}\n");
        write("models/after_broken.sql", "select * from {{ ref('broken') }}\n");
        write("models/after_after.sql", "select * from {{ ref('after_broken') }}\n");

        RunResult result = run(null, false);

        assertTrue(result.failed());
        assertEquals(ModelStatus.SUCCESS, only(result, "good").status());
        ModelResult broken = only(result, "broken");
        assertEquals(ModelStatus.ERROR, broken.status());
        assertTrue(broken.message().contains("models/broken.sql") && broken.message().contains("no_such_column"), broken.message());
        assertEquals(ModelStatus.SKIPPED, only(result, "after_broken").status());
        assertEquals(ModelStatus.SKIPPED, only(result, "after_after").status());
        assertEquals(10, count("lake.main.good"));
    }

    @Test
    void failingModelsAreReportedAtErrorLevelAndTheFirstThreeNamedInTheSummary() throws Exception {
        write("models/good.sql", "select id from {{ source('raw', 'events') }}\n");
        List<String> broken = List.of("broken_a", "broken_b", "broken_c", "broken_d");
        for (String name : broken) {
            write("models/" + name + ".sql", "select no_such_column from {{ source('raw', 'events') }}\n");
        }
        List<Reporter.Event> events = Collections.synchronizedList(new ArrayList<>());

        RunResult result = run(null, false, events::add);

        // mvn -q shows ERROR lines only: each failed model's line, file and database error must be one of them
        for (String name : broken) {
            Reporter.Event event = events.stream().filter(e -> e.message().contains("ERROR creating sql view model main." + name + " "))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " not reported in " + events));
            assertEquals(Reporter.Level.ERROR, event.level(), event.message());
            assertTrue(event.message().contains("models/" + name + ".sql") && event.message().contains("no_such_column"), event.message());
        }
        assertEquals(Reporter.Level.INFO, events.stream().filter(e -> e.message().contains("OK created sql view model main.good"))
                .findFirst().orElseThrow().level());
        String separator = System.lineSeparator() + "  ";
        assertEquals(only(result, "broken_a").message() + separator + only(result, "broken_b").message() + separator
                + only(result, "broken_c").message() + separator + "and 1 more", result.failureSummary());
    }

    @Test
    void aModelRunningLongerThanTheFirstBeatGetsAStartLineAndHeartbeatsWhileFastOnesStayQuiet() throws Exception {
        write("models/quick.sql", "select id from {{ source('raw', 'events') }}\n");
        write("models/slow.sql", "{{ config(materialized='table') }}\n" + SlowWork.QUERY + "\n");
        List<Reporter.Event> events = Collections.synchronizedList(new ArrayList<>());
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false,
                work.resolve("out"));

        RunResult result = new RunModelsTask(DuckDbSettings.defaults(), events::add, "beats", SlowWork.BEATS).run(request);

        SlowWork.assertBeats(events, "main.slow (table)", "OK created sql table model main.slow", only(result, "slow").elapsed());
        // quiet means: no line for a model that ended before the first beat; a loaded machine may slow even a view that far
        if (only(result, "quick").elapsed().compareTo(SlowWork.BEATS.firstAfter()) < 0) {
            SlowWork.assertQuiet(events, "main.quick (view)");
        }
    }

    @Test
    void changingAModelFromViewToTableReplacesTheRelation() throws Exception {
        write("models/events_copy.sql", "select id from {{ source('raw', 'events') }}\n");
        run(null, false);
        assertEquals("VIEW", tableType("events_copy"));

        write("models/events_copy.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}\n");
        run(null, false);

        assertEquals("BASE TABLE", tableType("events_copy"));
        assertEquals(10, count("lake.main.events_copy"));
    }

    @Test
    void seedsLoadAsTablesWithDeclaredColumnTypesAndCanBeReferenced() throws Exception {
        write("seeds/kind_labels.csv", "kind,label,weight\n0,zero,1.5\n1,one,2\n2,two,3\n");
        write("seeds/properties.yml", """
                version: 2
                seeds:
                  - name: kind_labels
                    config:
                      column_types:
                        kind: bigint
                        weight: decimal(6,2)
                """);
        write("models/labelled.sql", "{{ config(materialized='table') }}\n"
                + "select e.id, k.label from {{ source('raw', 'events') }} e join {{ ref('kind_labels') }} k using (kind)\n");

        RunResult result = run(null, false);

        assertFalse(result.failed(), result.toString());
        assertEquals(3, only(result, "kind_labels").rowsAffected());
        assertEquals(Materialization.SEED, only(result, "kind_labels").model().config().materialized());
        assertEquals(10, count("lake.main.labelled"));
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            assertEquals("DECIMAL(6,2)", DuckDb.queryString(lake.connection(), "SELECT data_type FROM information_schema.columns "
                    + "WHERE table_catalog = 'lake' AND table_name = 'kind_labels' AND column_name = 'weight'"));
            assertEquals("BIGINT", DuckDb.queryString(lake.connection(), "SELECT data_type FROM information_schema.columns "
                    + "WHERE table_catalog = 'lake' AND table_name = 'kind_labels' AND column_name = 'kind'"));
        }
    }

    @Test
    void selectionRunsOnlyTheSelectedModels() throws Exception {
        write("models/a.sql", "select id from {{ source('raw', 'events') }}\n");
        write("models/b.sql", "select * from {{ ref('a') }}\n");
        write("models/c.sql", "select * from {{ ref('b') }}\n");
        write("models/unrelated.sql", "select 1 as x\n");

        RunResult result = run("+b", false);

        assertEquals("a,b", result.models().stream().map(m -> m.model().name()).sorted().collect(Collectors.joining(",")));
    }

    @Test
    void eachBuiltModelIsOneSnapshotNamingIt() throws Exception {
        write("models/a.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}\n");
        long before = snapshot();

        run(null, false);

        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            assertEquals(before + 2, lake.currentSnapshotId(), "schema main exists already: the run history's tables, then the model");
            assertEquals("run-models: a (table)", lake.snapshots().get(0).commitMessage());
            assertEquals(dev.testbed.history.RunHistory.CREATE_MESSAGE, lake.snapshots().get(1).commitMessage());
        }
        run(null, false);
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            assertEquals(before + 3, lake.currentSnapshotId(), "a second run adds exactly the model's snapshot");
            assertEquals("run-models: a (table)", lake.snapshots().get(0).commitMessage());
        }
    }

    private RunResult run(String select, boolean fullRefresh) {
        return run(select, fullRefresh, TestData.QUIET);
    }

    private RunResult run(String select, boolean fullRefresh, Reporter reporter) {
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, fullRefresh,
                work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), reporter).run(request);
    }

    private static ModelResult only(RunResult result, String model) {
        return result.models().stream().filter(m -> m.model().name().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError(model + " not in " + result.models()));
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(project, relative, text);
    }

    private void sql(String... statements) throws SQLException {
        TestData.sql(location, statements);
    }

    private long count(String relation) throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + relation);
        }
    }

    private String tableType(String name) throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return DuckDb.queryString(lake.connection(), "SELECT table_type FROM information_schema.tables WHERE table_catalog = 'lake' "
                    + "AND table_schema = 'main' AND table_name = '" + name + "'");
        }
    }

    private long snapshot() {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return lake.currentSnapshotId();
        }
    }
}
