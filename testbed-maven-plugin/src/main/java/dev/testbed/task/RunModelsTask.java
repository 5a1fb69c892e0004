package dev.testbed.task;

import dev.testbed.artifacts.ArtifactWriter;
import dev.testbed.artifacts.Invocation;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Reporter;
import dev.testbed.history.RunHistory;
import dev.testbed.results.RunResult;
import dev.testbed.run.ModelRunner;
import dev.testbed.run.RunOutcome;
import dev.testbed.run.RunRequest;
import java.util.Set;

/**
 * The run-models task: runs the models, recording each outcome in the lake's run history, then writes manifest.json
 * and run_results.json from the results. The runner below knows neither artifacts nor history.
 */
public final class RunModelsTask {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final String runId;
    private final Heartbeat.Timing heartbeat;
    private Set<String> environmentRead = Set.of();

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

    /** @throws dev.testbed.core.TestbedException when on-run-end failed, after the artifacts are written */
    public RunResult run(RunRequest request) {
        RunOutcome outcome = new ModelRunner(settings, reporter, runId, heartbeat, new ModelHistory(runId, reporter)).run(request);
        environmentRead = outcome.loaded().compiler().environmentRead();
        new ArtifactWriter(request.outputDirectory()).write(outcome.loaded().project(), outcome.loaded().graph(), outcome.sources(),
                outcome.relations(), outcome.result(), new Invocation(request.target(), request.select(), request.exclude(), request.fullRefresh()),
                outcome.loaded().docs());
        if (outcome.endFailure() != null) {
            throw outcome.endFailure();
        }
        return outcome.result();
    }

    /** The environment variables the project's Jinja read in the last {@link #run}, for the goal's up-to-date proof. */
    public Set<String> environmentRead() {
        return environmentRead;
    }
}
