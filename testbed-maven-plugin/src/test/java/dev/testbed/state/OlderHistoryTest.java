package dev.testbed.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lake whose run history was written before builds recorded their config and macro hashes, and tests their definition, keeps working. */
class OlderHistoryTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);

    @TempDir
    Path work;

    @Test
    void theColumnsAreAddedAndOldRowsCountByTheirCodeAlone() throws Exception {
        Path project = work.resolve("project");
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        // the history tables as run-models created them before 2026-12
        TestData.sql(location, "CREATE SCHEMA lake.testbed", "CREATE TABLE lake.testbed.model_runs (run_id VARCHAR, model VARCHAR,"
                + " materialization VARCHAR, status VARCHAR, started_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT,"
                + " rows_affected BIGINT, code_hash VARCHAR, message VARCHAR)", "CREATE TABLE lake.testbed.test_runs (run_id VARCHAR, test VARCHAR,"
                + " test_type VARCHAR, suite VARCHAR, column_name VARCHAR, status VARCHAR, failures BIGINT,"
                + " finished_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT, message VARCHAR)");
        TestData.write(project, "macros/twice.sql", "{% macro twice(x) %}({{ x }} * 2){% endmacro %}\n");
        TestData.write(project, "models/doubled.sql", "{{ config(materialized='table') }}\nselect {{ twice('range') }} as v from range(3)\n");
        run(project, location);
        assertEquals(List.of(List.of("3")), TestData.rows(location, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'testbed'"
                + " AND (table_name = 'model_runs' AND column_name IN ('config_hash', 'macro_hashes')"
                + " OR table_name = 'test_runs' AND column_name = 'definition_hash')"));

        TestData.sql(location, "UPDATE lake.testbed.model_runs SET config_hash = NULL, macro_hashes = NULL"); // as an older build left them
        TestData.write(project, "macros/twice.sql", "{% macro twice(x) %}({{ x }} + {{ x }}){% endmacro %}\n");
        assertInstanceOf(Change.UpToDate.class, changes(project, location).get("doubled"), "unknown macros cannot count as changed");

        run(project, location);
        TestData.write(project, "macros/twice.sql", "{% macro twice(x) %}({{ x }} * 2){% endmacro %}\n");
        assertInstanceOf(Change.MacroChanged.class, changes(project, location).get("doubled"), "the new build recorded its macros");
    }

    private void run(Path project, LakeLocation location) {
        new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "run-" + System.nanoTime())
                .run(new RunRequest(project, location, TARGET, Map.of(), null, null, false, work.resolve("out")));
    }

    private static Map<String, Change> changes(Path project, LakeLocation location) {
        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
            return ChangeDetector.detect(new Relations(loaded.project(), loaded.compiler(), loaded.graph()), LakeState.read(lake), List.of()).models();
        }
    }
}
