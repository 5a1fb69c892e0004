package dev.testbed.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Snapshot;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What run-models records in the lake's run history, on a real DuckLake. */
class RunHistoryTest {

    @TempDir
    Path work;

    @Test
    void successesAreRecordedInTheirModelsSnapshotFailuresAndSkipsAfterwardsInOneOfTheirOwn() throws Exception {
        Path project = work.resolve("project");
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id FROM range(5)");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n");
        TestData.write(project, "models/good.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}\n");
        TestData.write(project, "models/broken.sql", "{{ config(materialized='table') }}\nselect no_such_column from {{ source('raw', 'events') }}\n");
        TestData.write(project, "models/after_broken.sql", "select * from {{ ref('broken') }}\n");

        new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "run-a").run(new RunRequest(project, location,
                new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out")));

        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            Map<String, RecordedRuns.ModelBuild> runs = RecordedRuns.read(lake).models().stream()
                    .collect(Collectors.toMap(b -> b.run().model(), Function.identity()));
            Map<Long, String> messages = lake.snapshots().stream().filter(s -> s.commitMessage() != null)
                    .collect(Collectors.toMap(Snapshot::id, Snapshot::commitMessage));
            assertEquals(3, runs.size());
            assertEquals("success", runs.get("good").run().status());
            assertEquals(5, runs.get("good").run().rowsAffected());
            assertEquals("run-a", runs.get("good").run().runId());
            assertEquals(RunHistory.codeHash("{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}\n"),
                    runs.get("good").run().codeHash());
            assertEquals("run-models: good (table)", messages.get(runs.get("good").snapshotId()), "recorded in the model's own snapshot");

            assertEquals("error", runs.get("broken").run().status());
            assertTrue(runs.get("broken").run().message().contains("no_such_column"), runs.get("broken").run().message());
            assertEquals(-1, runs.get("broken").run().rowsAffected());
            assertEquals("skipped", runs.get("after_broken").run().status());
            assertEquals(runs.get("broken").snapshotId(), runs.get("after_broken").snapshotId(), "one small transaction for both");
            assertEquals("testbed history: 2 failed or skipped models", messages.get(runs.get("broken").snapshotId()));
            assertEquals(0, lake.snapshots().stream().filter(s -> "run-models: broken (table)".equals(s.commitMessage())).count(),
                    "the failed model committed nothing");
        }
    }

    @Test
    void testRowsGoInSeveralStatementsWhenThereAreManyAndArriveEachWithItsOwnValues() throws Exception {
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        Instant finished = Instant.parse("2026-12-07T16:00:00Z");
        List<RunHistory.TestRun> rows = IntStream.range(0, 1_201).mapToObj(i -> new RunHistory.TestRun("run-a", String.format("test_%04d", i),
                "unique", "events", i % 2 == 0 ? "id" : null, i % 3 == 0 ? "fail" : "pass", i % 5 == 0 ? -1 : i, finished.plusSeconds(i),
                Duration.ofMillis(i), "message " + i, "hash" + i)).toList();

        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            RunHistory.ensureTables(lake);
            lake.writer().commit("history", connection -> {
                RunHistory.insert(connection, lake.location().alias(), rows);
                return null;
            });
        }

        List<List<String>> read = TestData.rows(location, "SELECT test, column_name, status, failures, epoch(finished_at)::BIGINT, duration_ms,"
                + " message, definition_hash FROM lake.testbed.test_runs ORDER BY test");
        assertEquals(1_201, read.size());
        for (int i : new int[] {0, 499, 500, 501, 999, 1_000, 1_200}) {
            assertEquals(List.of(String.format("test_%04d", i), i % 2 == 0 ? "id" : "null", i % 3 == 0 ? "fail" : "pass",
                    i % 5 == 0 ? "null" : Integer.toString(i), Long.toString(finished.getEpochSecond() + i), Integer.toString(i), "message " + i,
                    "hash" + i), read.get(i), "row " + i);
        }
    }
}
