package dev.testbed.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.engine.DecisionsFactory;
import dev.testbed.engine.Publish;
import dev.testbed.graph.BuildDecisions;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RunHistory;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.state.LakeNodeStates;
import dev.testbed.state.Relations;
import dev.testbed.tests.TestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one executor through the task layer on a real DuckLake: {@code atomic} publishes a build as one snapshot only when
 * its tests pass, {@code each} runs a model's tests as soon as it is built and skips what a failing test stands under.
 */
class PublishTest {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    private static final String UNIQUE_KINDS = "unique_kinds_kind";

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void project() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.events AS SELECT range AS id, range % 3 AS kind FROM range(1, 11)");
        TestData.write(project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: events
                models:
                  - name: kinds
                    columns:
                      - name: kind
                        data_tests: [unique, not_null]
                  - name: report
                    columns:
                      - name: doubled
                        data_tests: [not_null]
                """);
        TestData.write(project, "models/kinds.sql", "{{ config(materialized='table') }} select kind, count(*) as n from {{ source('raw', 'events') }} group by kind");
        TestData.write(project, "models/report.sql", "select kind, n * 2 as doubled from {{ ref('kinds') }}");
    }

    /** Makes the unique test on kinds.kind fail: one row per event instead of one per kind. */
    private void breakKinds() throws Exception {
        TestData.write(project, "models/kinds.sql", "{{ config(materialized='table') }} select kind, 1 as n from {{ source('raw', 'events') }}");
    }

    @Test
    void anAtomicBuildWhoseTestFailsLeavesTheLakeExactlyAsItWas() throws Exception {
        assertFalse(build("run-1", BuildOptions.ATOMIC).failed());
        long snapshots = snapshotCount();
        List<List<String>> kinds = TestData.rows(location, "SELECT * FROM lake.main.kinds ORDER BY ALL");
        List<List<String>> report = TestData.rows(location, "SELECT * FROM lake.main.report ORDER BY ALL");
        List<List<String>> history = TestData.rows(location, "SELECT run_id, model, status FROM lake.testbed.model_runs ORDER BY ALL");

        breakKinds();
        TestRunResult red = build("run-2", BuildOptions.ATOMIC);

        assertEquals(TestStatus.FAIL, status(red, UNIQUE_KINDS));
        assertEquals(snapshots, snapshotCount(), "a red build adds no snapshot");
        assertEquals(kinds, TestData.rows(location, "SELECT * FROM lake.main.kinds ORDER BY ALL"));
        assertEquals(report, TestData.rows(location, "SELECT * FROM lake.main.report ORDER BY ALL"));
        assertEquals(history, TestData.rows(location, "SELECT run_id, model, status FROM lake.testbed.model_runs ORDER BY ALL"),
                "the lake's history is unchanged too");
        String tried = Files.readString(work.resolve("out").resolve(UnpublishedRuns.FILE));
        assertTrue(tried.contains("\"runId\":\"run-2\"") && tried.contains("\"model\":\"kinds\"") && tried.contains(UNIQUE_KINDS)
                && tried.contains("\"status\":\"fail\""), "what was tried is kept beside the artifacts: " + tried);
    }

    @Test
    void afterARedAtomicBuildResultFailSelectsWhatFailedInItThoughTheLakeNeverSawIt() throws Exception {
        assertFalse(build(RunHistory.runId(Instant.parse("2026-01-01T00:00:00Z")), BuildOptions.ATOMIC).failed());
        breakKinds();
        assertEquals(TestStatus.FAIL, status(build(RunHistory.runId(Instant.parse("2026-01-01T00:01:00Z")), BuildOptions.ATOMIC), UNIQUE_KINDS));

        ProjectGraph loaded = ProjectGraph.load(project, TARGET, Map.of(), TestData.QUIET);
        Relations relations = new Relations(loaded.project(), loaded.compiler(), loaded.graph());
        assertTrue(new LakeNodeStates(relations, location, DuckDbSettings.defaults(), work.resolve("out")).selectsTest("result:fail", UNIQUE_KINDS),
                "the red build's failure, recorded only beside the artifacts (dbt retry reads the last run_results.json)");
        assertFalse(new LakeNodeStates(relations, location, DuckDbSettings.defaults()).selectsTest("result:fail", UNIQUE_KINDS),
                "in the lake's own history the last run passed");
    }

    @Test
    void aGreenAtomicBuildIsExactlyOneSnapshotNamingItsRun() throws Exception {
        long before = snapshotCount();

        assertFalse(build("run-green", BuildOptions.ATOMIC).failed());

        assertEquals(before + 1, snapshotCount());
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            String message = lake.snapshots().get(0).commitMessage();
            assertTrue(message.contains("run-green") && message.contains("2 models and 3 data tests passed"), message);
        }
        assertEquals(List.of(List.of("3")), TestData.rows(location, "SELECT count(*) FROM lake.testbed.test_runs WHERE run_id = 'run-green'"),
                "the tests' history is published with the build");
        assertEquals(3, TestData.rows(location, "SELECT * FROM lake.main.report").size());
    }

    @Test
    void anAtomicBuildWithNothingToDoMakesNoSnapshot() throws Exception {
        build("run-1", BuildOptions.ATOMIC);
        long before = snapshotCount();
        DecisionsFactory allKept = keepEverything(before);
        List<String> lines = new ArrayList<>();
        TestRunResult tests = build("run-2", BuildOptions.ATOMIC.withDecisions(allKept), event -> lines.add(event.message()));

        assertEquals(before, snapshotCount(), "nothing built, nothing recorded: no snapshot");
        assertTrue(tests.results().stream().allMatch(r -> r.status() == TestStatus.PASS && r.upToDate()), tests.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("UP TO DATE table model main.kinds") && l.contains("(up to date, snapshot " + before + ")")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("PASS " + UNIQUE_KINDS) && l.contains("(up to date, snapshot " + before + ")")),
                String.join("\n", lines));
        String junit;
        try (var files = Files.list(work.resolve("out/junit"))) {
            junit = files.map(file -> {
                try {
                    return Files.readString(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(text -> text.contains(UNIQUE_KINDS)).findFirst().orElseThrow();
        }
        assertTrue(junit.contains(UNIQUE_KINDS) && junit.contains("up to date, snapshot " + before), junit);
    }

    @Test
    void aHeldBuildThatVerifyNeverTakesIsRolledBackWhenClosed() throws Exception {
        long before = snapshotCount();
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "held")
                .run(runRequest(), BuildOptions.ATOMIC.withTestsFollowing(true));
        assertNotNull(outcome.pending(), "run-models holds its work for verify-metrics");
        assertEquals(2, outcome.result().count(ModelStatus.SUCCESS));

        outcome.pending().close(); // the build ended before verify-metrics (a goal in between failed)

        assertEquals(before, snapshotCount());
        assertFalse(TestData.tableExists(location, "main", "kinds"), "nothing of the held build was published");
    }

    @Test
    void aFailedModelInAnAtomicRunPublishesNothingAndHoldsNothing() throws Exception {
        TestData.write(project, "models/broken.sql", "select nosuch from {{ ref('kinds') }}");
        long before = snapshotCount();
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "broken")
                .run(runRequest(), BuildOptions.ATOMIC.withTestsFollowing(true));

        assertTrue(outcome.result().failed());
        assertNull(outcome.pending());
        assertEquals(before, snapshotCount());
        assertFalse(TestData.tableExists(location, "main", "kinds"), "kinds was built in the rolled-back transaction only");
    }

    @Test
    void inEachModeAFailingTestSkipsTheDescendantsOfItsModelAsDbtBuildDoes() throws Exception {
        breakKinds();
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "each")
                .run(runRequest(), BuildOptions.EACH.withTestsFollowing(true));

        RunResult models = outcome.result();
        assertEquals(ModelStatus.SUCCESS, model(models, "kinds").status(), "each: kinds is committed before its tests");
        assertEquals(ModelStatus.SKIPPED, model(models, "report").status());
        assertTrue(model(models, "report").message().contains("test " + UNIQUE_KINDS + " failed"), model(models, "report").message());
        assertTrue(TestData.tableExists(location, "main", "kinds"));
        assertFalse(TestData.tableExists(location, "main", "report"));

        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .run(testRequest(), "each", BuildOptions.EACH.withTestsFollowing(true), outcome.pending());
        assertEquals(TestStatus.FAIL, status(tests, UNIQUE_KINDS), "verify-metrics reports what run-models ran");
        assertEquals(TestStatus.PASS, status(tests, "not_null_kinds_kind"));
        // dbt build (1.11.4) reports a skipped model's tests as skipped, with no failures count, rather than leaving them out
        TestResult skipped = tests.results().stream().filter(r -> r.test().name().equals("not_null_report_doubled")).findFirst().orElseThrow();
        assertEquals(TestStatus.SKIPPED, skipped.status());
        assertEquals("skipped because test " + UNIQUE_KINDS + " failed", skipped.message());
        assertFalse(tests.failureSummary(false).contains("not_null_report_doubled"), "a skip is not a failure of its own: " + tests.failureSummary(false));
    }

    @Test
    void inEachModeTestsRunRightAfterTheirModelAndBeforeWhatIsBuiltOnIt() throws Exception {
        List<String> lines = new ArrayList<>();
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), event -> lines.add(event.message()), "order")
                .run(runRequest(), BuildOptions.EACH.withTestsFollowing(true));

        assertFalse(outcome.result().failed());
        List<String> order = lines.stream().filter(l -> l.matches("\\s*\\d+ of 5 .*"))
                .map(l -> l.contains("report_doubled") ? "report test" : l.contains("report") ? "report" : l.contains("kinds_kind") ? "kinds test" : "kinds")
                .toList();
        assertEquals(List.of("kinds", "kinds test", "kinds test", "report", "report test"), order, String.join("\n", lines));
    }

    @Test
    void aSelectionPicksModelsAndTheirTestsFromTheOneGraph() throws Exception {
        RunRequest onlyKinds = new RunRequest(project, location, TARGET, Map.of(), "kinds", null, false, work.resolve("out"));
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "select")
                .run(onlyKinds, BuildOptions.EACH.withTestsFollowing(true));

        assertEquals(List.of("kinds"), outcome.result().models().stream().map(m -> m.model().name()).toList());
        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .run(testRequest(), "select", BuildOptions.EACH.withTestsFollowing(true), outcome.pending());
        assertEquals(List.of("not_null_kinds_kind", UNIQUE_KINDS), tests.results().stream().map(r -> r.test().name()).sorted().toList(),
                "the tests of the selected model, not those of report");
    }

    @Test
    void anEachBuildWithNothingToDoMakesNoSnapshot() throws Exception {
        build("run-1", BuildOptions.EACH);
        long before = snapshotCount();

        TestRunResult tests = build("run-2", BuildOptions.EACH.withDecisions(keepEverything(before)));

        assertEquals(before, snapshotCount(), "nothing built, nothing recorded: no snapshot");
        assertEquals(3, tests.results().stream().filter(TestResult::upToDate).count());
    }

    @Test
    void verifyMetricsHearsWhichModelsRunModelsOfTheSameBuildRebuilt() throws Exception {
        Map<String, Set<String>> heard = new java.util.concurrent.ConcurrentHashMap<>();
        DecisionsFactory listening = (lake, loaded, tests) -> new BuildDecisions() {
            @Override
            public Decision model(String name, Set<String> rebuilt) {
                return new Decision.Build(name.equals("kinds") ? "code changed" : "reads a rebuilt model");
            }

            @Override
            public Decision test(String name, Set<String> rebuilt) {
                heard.put(name, rebuilt);
                return new Decision.Build("reads a rebuilt model");
            }
        };
        build("run-1", BuildOptions.ATOMIC.withDecisions(listening));

        assertEquals(Set.of("kinds"), heard.get(UNIQUE_KINDS), "the test of kinds reads kinds, rebuilt by run-models");
        assertEquals(Set.of("report"), heard.get("not_null_report_doubled"));
    }

    private static DecisionsFactory keepEverything(long snapshot) {
        return (lake, loaded, tests) -> new BuildDecisions() {
            @Override
            public Decision model(String name, Set<String> rebuilt) {
                return new Decision.UpToDate(snapshot, "up to date, snapshot " + snapshot);
            }

            @Override
            public Decision test(String name, Set<String> rebuilt) {
                return new Decision.UpToDate(snapshot, "up to date, snapshot " + snapshot);
            }
        };
    }

    private TestRunResult build(String runId, BuildOptions options) {
        return build(runId, options, TestData.QUIET);
    }

    /** run-models then verify-metrics of one build, as Maven runs them, the work handed on between them. */
    private TestRunResult build(String runId, BuildOptions options, Reporter reporter) {
        RunModelsTask.Outcome outcome = new RunModelsTask(DuckDbSettings.defaults(), reporter, runId)
                .run(runRequest(), options.withTestsFollowing(true));
        assertEquals(options.publish() == Publish.ATOMIC, outcome.pending() != null && outcome.pending().publish() == Publish.ATOMIC);
        return new VerifyMetricsTask(DuckDbSettings.defaults(), reporter).run(testRequest(), runId, options, outcome.pending());
    }

    private RunRequest runRequest() {
        return new RunRequest(project, location, TARGET, Map.of(), null, null, false, work.resolve("out"));
    }

    private TestRequest testRequest() {
        return new TestRequest(project, location, TARGET, Map.of(), null, null, work.resolve("out"));
    }

    private long snapshotCount() throws Exception {
        return Long.parseLong(TestData.rows(location, "SELECT count(*) FROM ducklake_snapshots('lake')").get(0).get(0));
    }

    private static TestStatus status(TestRunResult result, String test) {
        return result.results().stream().filter(r -> r.test().name().equals(test)).map(TestResult::status).findFirst()
                .orElseThrow(() -> new AssertionError(test + " not in " + result.results()));
    }

    private static ModelResult model(RunResult result, String name) {
        return result.models().stream().filter(m -> m.model().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + result.models()));
    }
}
