package dev.testbed.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;
import dev.testbed.history.BuildSnapshots;
import dev.testbed.history.BuildSnapshots.Build;
import dev.testbed.run.RunRequest;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which snapshots testbed:maintain keeps, read from a real lake's run history. */
class RetentionTest {

    @TempDir
    Path work;

    @Test
    void theKeptBuildsAreTheLastSuccessfulOnesAFailedBuildCountsForNothing() throws Exception {
        Path project = work.resolve("project");
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id FROM range(5)");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n");
        TestData.write(project, "models/counted.sql", "{{ config(materialized='table') }}\nselect count(*) as n from {{ source('raw', 'events') }}\n");
        build(project, location, "run-good");
        TestData.write(project, "models/broken.sql", "{{ config(materialized='table') }}\nselect no_such_column from {{ source('raw', 'events') }}\n");
        build(project, location, "run-failed");

        List<Build> builds;
        RetentionPlan plan;
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            builds = BuildSnapshots.read(lake).builds();
            plan = RetentionPlan.of(lake.snapshots(), builds, Retention.of(1, "0s"), java.time.Instant.now());
        }
        assertEquals(List.of("run-failed", "run-good"), builds.stream().map(Build::runId).toList(), "newest first");
        assertFalse(builds.get(0).succeeded());
        assertTrue(builds.get(1).succeeded());
        Build good = builds.get(1);
        assertTrue(good.snapshots().stream().allMatch(id -> plan.kept().get(id).equals("build run-good")),
                "the last successful build is kept, though a failed one came after it: " + plan.kept());
        long failedOnly = builds.get(0).snapshots().first();
        assertTrue(plan.expired().stream().anyMatch(s -> s.id() == failedOnly) || plan.kept().get(failedOnly).equals("latest"),
                "the failed build's snapshots are kept only as the latest: " + plan.kept());

        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            RetentionPlan young = RetentionPlan.of(lake.snapshots(), builds, Retention.of(0, "1h"), java.time.Instant.now());
            assertEquals(List.of(), young.expired(), "every snapshot was current within the hour");
        }
    }

    @Test
    void keepForIsANumberAndAUnit() {
        assertEquals(Duration.ofDays(7), Retention.of(10, "7d").keepFor());
        assertEquals(Duration.ofHours(12), Retention.of(10, "12h").keepFor());
        assertEquals(Duration.ofMinutes(30), Retention.of(10, "30m").keepFor());
        assertEquals(Duration.ZERO, Retention.of(10, "0s").keepFor());
        TestbedException wrong = assertThrows(TestbedException.class, () -> Retention.of(10, "7 days"));
        assertTrue(wrong.getMessage().contains("testbed.maintain.keepFor is '7 days'") && wrong.getMessage().contains("12h"), wrong.getMessage());
        TestbedException negative = assertThrows(TestbedException.class, () -> Retention.of(-1, "1h"));
        assertTrue(negative.getMessage().contains("testbed.maintain.keepBuilds is -1"), negative.getMessage());
    }

    private void build(Path project, LakeLocation location, String runId) {
        new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, runId).run(new RunRequest(project, location,
                new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false, work.resolve("out")), BuildOptions.EACH);
    }
}
