package dev.testbed.task;

import dev.testbed.artifacts.ArtifactWriter;
import dev.testbed.artifacts.Invocation;
import dev.testbed.artifacts.JUnitReport;
import dev.testbed.artifacts.TestArtifacts;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.engine.BuildEngine;
import dev.testbed.engine.DecisionsFactory;
import dev.testbed.engine.Publish;
import dev.testbed.history.RunHistory;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.run.RunRequest;
import java.sql.SQLException;
import java.util.Set;

/**
 * The run-models task: runs the models through the build engine, recording each outcome in the lake's run history,
 * then writes manifest.json and run_results.json from the results, and publishes the work as {@link BuildOptions} say.
 * The engine below knows neither artifacts nor history.
 */
public final class RunModelsTask {

    /** What run-models did, and what it hands on to verify-metrics of the same build (null when nothing). */
    public record Outcome(RunResult result, PendingBuild pending) {
    }

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final String runId;
    private final Heartbeat.Timing heartbeat;
    private Set<String> environmentRead = Set.of();
    private LakeSource lakes = LakeSource.FRESH;

    public RunModelsTask(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, RunHistory.newRunId());
    }

    /** @param runId the id this run's rows get in the lake's run history (one Maven build shares one id) */
    public RunModelsTask(DuckDbSettings settings, Reporter reporter, String runId) {
        this(settings, reporter, runId, Heartbeat.Timing.DEFAULT);
    }

    /** @param heartbeat when a model still running is reported: a start line, then one at every interval */
    public RunModelsTask(DuckDbSettings settings, Reporter reporter, String runId, Heartbeat.Timing heartbeat) {
        this.settings = settings;
        this.reporter = reporter;
        this.runId = runId;
        this.heartbeat = heartbeat;
    }

    /** Where this task gets its lake: by default it attaches the lake afresh; a build can hand it one an earlier goal left attached. */
    public RunModelsTask lakesFrom(LakeSource lakes) {
        this.lakes = lakes;
        return this;
    }

    /**
     * Runs the models, each committed as it finishes (today's {@code each}, with nothing following).
     *
     * @throws TestbedException when on-run-end failed, after the artifacts are written
     */
    public RunResult run(RunRequest request) {
        return run(request, BuildOptions.EACH).result();
    }

    /**
     * Runs the models as {@code options} say. In {@code atomic} mode the run is one transaction: rolled back when a model
     * failed; left open in the returned {@link PendingBuild} when tests follow; else published as one snapshot.
     *
     * @throws TestbedException when on-run-end failed (after the artifacts are written), or the publish failed
     */
    public Outcome run(RunRequest request, BuildOptions options) {
        DecisionsFactory decisions = request.fullRefresh() ? DecisionsFactory.ALWAYS : options.decisions();
        BuildEngine engine = new BuildEngine(settings, reporter, heartbeat, decisions, options.fuseTests());
        ModelHistory history = new ModelHistory(runId, reporter);
        boolean withTests = options.publish() == Publish.EACH && options.testsFollow();
        BuildEngine.ModelsPlan plan = engine.planModels(request, withTests, history);
        Lake lake = lakes.open(request.location(), settings);
        boolean handedOn = false;
        try {
            if (options.publish() == Publish.ATOMIC) {
                lake.writer().beginBuild();
            }
            BuildEngine.ModelsRun run = engine.runModels(plan, lake, runId);
            environmentRead = run.loaded().compiler().environmentRead();
            writeArtifacts(request, run);
            RunResult result = run.result();
            boolean failed = result.failed() || run.endFailure() != null;
            if (options.publish() == Publish.EACH) {
                throwEndFailure(run);
                return new Outcome(result, withTests ? PendingBuild.each(runId, result, run.tests()) : null);
            }
            if (failed) {
                lake.writer().abandonBuild();
                new UnpublishedRuns(request.outputDirectory(), reporter).record(runId, result, history, null);
                throwEndFailure(run);
                return new Outcome(result, null);
            }
            PendingBuild.Redo redo = again -> redoModels(engine, plan, again);
            if (options.testsFollow()) {
                reporter.info("The models wait, unpublished, for verify-metrics of this build (-Dtestbed.publish=atomic): the lake shows "
                        + "them only once every data test passed.");
                handedOn = true;
                return new Outcome(result, PendingBuild.atomic(runId, lake, redo, result, history));
            }
            publish(lake, redo, "testbed build " + runId + ": run-models, " + result.models().size() + " nodes",
                    result.models().stream().anyMatch(m -> m.status() != ModelStatus.UP_TO_DATE));
            return new Outcome(result, null);
        } catch (SQLException e) {
            throw publishFailure(request.location(), e);
        } finally {
            if (!handedOn) {
                PendingBuild.release(lake);
            }
        }
    }

    /** The models again, in a fresh build transaction after another writer's commit won. */
    private void redoModels(BuildEngine engine, BuildEngine.ModelsPlan plan, Lake lake) {
        BuildEngine.ModelsRun again = engine.runModels(plan, lake, runId);
        if (again.result().failed() || again.endFailure() != null) {
            throw new TestbedException("After another writer committed to the lake, this build's models were built again and "
                    + again.result().count(ModelStatus.ERROR) + " failed; nothing was published.",
                    "See the lines above; run the build again once the other writers are done.");
        }
    }

    private void publish(Lake lake, PendingBuild.Redo redo, String message, boolean wrote) throws SQLException {
        lake.writer().publishBuild(message, () -> {
            redo.redo(lake);
            return null;
        }, reruns(reporter));
        reportPublished(reporter, message, wrote);
    }

    /** The publish's line: DuckLake makes no snapshot of a build transaction that changed nothing, and the log says so. */
    static void reportPublished(Reporter reporter, String message, boolean wrote) {
        reporter.info(wrote ? "Published the build as one snapshot: " + message
                : "Nothing to publish: every node was up to date, so the lake stays at its snapshot.");
    }

    /** Why the build was not published: lost to other writers every time, or the lake refused it. */
    static TestbedException publishFailure(LakeLocation location, SQLException e) {
        if (LakeWriter.isCommitConflict(e)) {
            return new TestbedException("The build lost its commit to other writers " + LakeWriter.MAX_ATTEMPTS + " times in a row (commit conflict: "
                    + LakeWriter.conflictReason(e) + "); each attempt was rolled back and nothing was published to " + location + ".",
                    "Run the build again when the other builds have finished.", e);
        }
        return new TestbedException("Cannot publish the build to " + location + ": " + SqlErrors.message(e),
                "Nothing was published; check that the lake is reachable and writable, then run the build again.", e);
    }

    /** What the log says when another writer's commit won the publish. */
    static LakeWriter.RerunListener reruns(Reporter reporter) {
        return (next, lost) -> reporter.warn("Another writer committed to the lake first and DuckLake refused this build's commit ("
                + LakeWriter.conflictReason(lost) + "); redoing this build's own work in a fresh transaction, attempt " + next + " of "
                + LakeWriter.MAX_ATTEMPTS);
    }

    private static void throwEndFailure(BuildEngine.ModelsRun run) {
        if (run.endFailure() != null) {
            throw run.endFailure();
        }
    }

    private void writeArtifacts(RunRequest request, BuildEngine.ModelsRun run) {
        new ArtifactWriter(request.outputDirectory()).write(run.loaded().project(), run.loaded().graph(), run.sources(),
                run.relations(), run.result(), new Invocation(request.target(), request.select(), request.exclude(), request.fullRefresh()),
                run.loaded().docs());
        if (!run.tests().results().isEmpty()) {
            new JUnitReport(request.outputDirectory().resolve("junit")).write(run.tests());
            new TestArtifacts(request.outputDirectory()).write(run.loaded().project(), run.tests());
        }
    }

    /** The environment variables the project's Jinja read in the last {@link #run}, for the goal's up-to-date proof. */
    public Set<String> environmentRead() {
        return environmentRead;
    }
}
