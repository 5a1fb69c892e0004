package dev.testbed.task;

import dev.testbed.artifacts.JUnitReport;
import dev.testbed.artifacts.TestArtifacts;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeSource;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.engine.BuildEngine;
import dev.testbed.engine.Publish;
import dev.testbed.history.TestHistoryRecorder;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.tests.TestRequest;
import java.sql.SQLException;
import java.util.Set;

/**
 * The verify-metrics task: runs the data tests through the build engine, then writes the JUnit XML and adds the results
 * to run_results.json and manifest.json, records them in the lake's run history, and publishes the build as
 * {@link BuildOptions} say: in {@code atomic} mode the build (with run-models' unpublished models, when it is handed a
 * {@link PendingBuild}) becomes one snapshot if every error-severity test passed, and nothing otherwise.
 */
public final class VerifyMetricsTask {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final Heartbeat.Timing heartbeat;
    private Set<String> environmentRead = Set.of();
    private LakeSource lakes = LakeSource.FRESH;

    /** @param heartbeat when a test still running is reported: a start line, then one at every interval */
    public VerifyMetricsTask(DuckDbSettings settings, Reporter reporter, Heartbeat.Timing heartbeat) {
        this.settings = settings;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
    }

    public VerifyMetricsTask(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, Heartbeat.Timing.DEFAULT);
    }

    /** Where this task gets its lake: by default it attaches the lake afresh; a build can hand it one an earlier goal left attached. */
    public VerifyMetricsTask lakesFrom(LakeSource lakes) {
        this.lakes = lakes;
        return this;
    }

    /** Runs the tests and writes their JUnit XML and artifacts; records no history and writes nothing else to the lake. */
    public TestRunResult run(TestRequest request) {
        BuildEngine.TestsPlan plan = engine(BuildOptions.EACH).planTests(request);
        try (Lake lake = lakes.open(request.location(), settings)) {
            return test(plan, lake, BuildOptions.EACH, Set.of()).result();
        }
    }

    /** As {@link #run}, and then records the results as rows of run {@code runId} in the lake's run history (each mode). */
    public TestRunResult runAndRecord(TestRequest request, String runId) {
        return run(request, runId, BuildOptions.EACH, null);
    }

    /**
     * Runs the tests as {@code options} say, taking over what run-models of this build handed on ({@code pending}, may be
     * null) and closing it.
     */
    public TestRunResult run(TestRequest request, String runId, BuildOptions options, PendingBuild pending) {
        try (PendingBuild handed = pending) {
            if (options.publish() == Publish.EACH || pending != null && pending.publish() == Publish.EACH) {
                return each(request, runId, options, handed);
            }
            return atomic(request, runId, options, handed);
        }
    }

    private TestRunResult each(TestRequest request, String runId, BuildOptions options, PendingBuild pending) {
        if (pending != null && pending.testsRun() != null) {
            // run-models ran them with the models, as dbt build does; they are reported, not run again
            TestRunResult result = pending.testsRun();
            reporter.info("The data tests ran with the models in run-models of this build (-Dtestbed.publish=each): "
                    + result.results().size() + " results, reported again here.");
            writeArtifacts(request, result, null);
            new TestHistoryRecorder(settings, lakes).record(request.location(), runId, result);
            return result;
        }
        BuildEngine.TestsPlan plan = engine(options).planTests(request);
        try (Lake lake = lakes.open(request.location(), settings)) {
            BuildEngine.TestsRun run = test(plan, lake, options, Set.of());
            TestHistoryRecorder.record(lake, runId, run.result());
            return run.result();
        }
    }

    private TestRunResult atomic(TestRequest request, String runId, BuildOptions options, PendingBuild pending) {
        // planned while only run-models' held lake (if any) is attached: a state: or result: selection reads the lake on
        // its own, which a DuckDB-file catalog allows only when no other connection of this process has it attached
        BuildEngine.TestsPlan plan = engine(options).planTests(request);
        Lake lake = pending != null ? pending.lake() : lakes.open(request.location(), settings);
        try {
            if (!lake.writer().inBuild()) {
                lake.writer().beginBuild();
            }
            Set<String> rebuilt = pending == null ? Set.of() : pending.rebuilt();
            BuildEngine.TestsRun run = test(plan, lake, options, rebuilt);
            if (failsTheBuild(run.result(), options)) {
                lake.writer().abandonBuild();
                new UnpublishedRuns(request.outputDirectory(), reporter).record(runId, pending == null ? null : pending.models(), pending == null ? null : pending.history(),
                        run.result());
                return run.result();
            }
            TestHistoryRecorder.record(lake, runId, run.result());
            String message = "testbed build " + runId + ": " + (pending == null ? "" : pending.models().models().size() + " models and ")
                    + run.result().results().size() + " data tests passed";
            PendingBuild.Redo redoTests = again -> {
                BuildEngine.TestsRun retest = test(plan, again, options, rebuilt);
                if (failsTheBuild(retest.result(), options)) {
                    throw new TestbedException("After another writer committed to the lake, this build's data tests ran again and "
                            + retest.result().failureSummary(false) + "; nothing was published.", "See the lines above.");
                }
                TestHistoryRecorder.record(again, runId, retest.result());
            };
            if (pending != null) {
                pending.publish(message, redoTests, RunModelsTask.reruns(reporter));
            } else {
                lake.writer().publishBuild(message, () -> {
                    redoTests.redo(lake);
                    return null;
                }, RunModelsTask.reruns(reporter));
            }
            boolean wrote = run.result().results().stream().anyMatch(t -> !t.upToDate())
                    || pending != null && pending.models().models().stream().anyMatch(m -> m.status() != ModelStatus.UP_TO_DATE);
            RunModelsTask.reportPublished(reporter, message, wrote);
            return run.result();
        } catch (SQLException e) {
            throw RunModelsTask.publishFailure(request.location(), e);
        } finally {
            if (pending == null) {
                PendingBuild.release(lake);
            }
        }
    }

    /** An error-severity failure, a test that could not run, or (with failOnWarn) a warning: then nothing is published. */
    private static boolean failsTheBuild(TestRunResult result, BuildOptions options) {
        return result.failed() || options.failOnWarn() && result.count(TestStatus.WARN) > 0;
    }

    private BuildEngine engine(BuildOptions options) {
        return new BuildEngine(settings, reporter, heartbeat, options.decisions(), options.fuseTests());
    }

    /** @param rebuilt the seeds and models run-models of this build rebuilt, which the build decisions hear of */
    private BuildEngine.TestsRun test(BuildEngine.TestsPlan plan, Lake lake, BuildOptions options, Set<String> rebuilt) {
        BuildEngine.TestsRun run = engine(options).runTests(plan, lake, rebuilt);
        environmentRead = plan.loaded().compiler().environmentRead();
        writeArtifacts(plan.request(), run.result(), run);
        return run;
    }

    private void writeArtifacts(TestRequest request, TestRunResult result, BuildEngine.TestsRun run) {
        new JUnitReport(request.outputDirectory().resolve("junit")).write(result);
        if (run != null) {
            new TestArtifacts(request.outputDirectory()).write(run.project(), result);
        }
    }

    /** The environment variables the project's Jinja read in the last run, for the goal's up-to-date proof. */
    public Set<String> environmentRead() {
        return environmentRead;
    }
}
