package dev.testbed.maven;

import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.project.Microbatch;
import dev.testbed.run.RunRequest;
import dev.testbed.core.LakeStamp;
import dev.testbed.engine.Publish;
import dev.testbed.proof.GoalProof;
import dev.testbed.proof.ProvenNode;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the project's dbt-style SQL models in the DuckLake warehouse: {@code models/**.sql} with Jinja
 * ({@code ref}, {@code source}, {@code config}, {@code var}, macros), in dependency order. With
 * {@code testbed.publish=atomic} (the default) the whole build is one transaction, handed to verify-metrics of the same
 * Maven build, which publishes it when the data tests pass; with {@code each} every model is its own transaction, on
 * parallel workers. Writes compiled SQL and dbt-shaped {@code manifest.json} and {@code run_results.json} under the
 * output directory. A failing model fails the build after the models that do not depend on it have been built.
 */
@Mojo(name = "run-models", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class RunModelsMojo extends AbstractRunMojo {

    /** Rebuild incremental models from scratch, like dbt's {@code --full-refresh}. */
    @Parameter(property = "testbed.fullRefresh", defaultValue = "false")
    boolean fullRefresh;

    /**
     * Like dbt's {@code --event-time-start}: microbatch models build their batches from this time (UTC; {@code 2024-01-01},
     * {@code 2024-01-01T06:00:00} or {@code 2024-01-01 06:00:00}) instead of from their {@code begin} or lookback. As in dbt,
     * it needs {@code testbed.eventTimeEnd}, and must be before it.
     */
    @Parameter(property = "testbed.eventTimeStart")
    String eventTimeStart;

    /**
     * Like dbt's {@code --event-time-end}: microbatch models build their batches up to this time (UTC, same forms) instead
     * of the current time; with a fixed window, a build's batches do not depend on when it runs. Needs {@code testbed.eventTimeStart}.
     */
    @Parameter(property = "testbed.eventTimeEnd")
    String eventTimeEnd;

    /** Skip this goal. */
    @Parameter(property = "testbed.models.skip", defaultValue = "false")
    boolean skip;

    /** A time parameter, read as dbt reads --event-time-start/-end; a value it cannot read stops the build before anything runs. */
    private static LocalDateTime eventTime(String name, String value) throws MojoFailureException {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDateTime time = Microbatch.parseTime(value);
        if (time == null) {
            throw new MojoFailureException("-Dtestbed." + name + "=" + value + " is not a time: write 2024-01-01, 2024-01-01T06:00:00 or 2024-01-01 06:00:00 (UTC).");
        }
        return time;
    }

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    boolean lakeUsedLater() {
        return verifyMetricsFollows();
    }

    @Override
    void run() throws MojoFailureException {
        GoalProof proof = upToDateProof("run-models", Map.of()).unless(fullRefresh, "-Dtestbed.fullRefresh is set")
                .unless(eventTimeStart != null || eventTimeEnd != null, "-Dtestbed.eventTimeStart or -Dtestbed.eventTimeEnd is set");
        if (proof.holds()) {
            return;
        }
        proof.forget();
        // run_results.json is written afresh below, without the data tests' results: verify-metrics must write them again
        GoalProof.forget(outputDirectory.toPath(), "verify-metrics", reporter());
        LocalDateTime start = eventTime("eventTimeStart", eventTimeStart);
        LocalDateTime end = eventTime("eventTimeEnd", eventTimeEnd);
        // dbt's own checks of --event-time-start/--event-time-end, with its words
        if (start == null && end != null) {
            throw new MojoFailureException("-Dtestbed.eventTimeEnd was specified, but -Dtestbed.eventTimeStart was not. When specifying "
                    + "-Dtestbed.eventTimeEnd, -Dtestbed.eventTimeStart must also be present (as dbt's --event-time-end needs --event-time-start).");
        }
        if (start != null && end == null) {
            throw new MojoFailureException("-Dtestbed.eventTimeStart was specified, but -Dtestbed.eventTimeEnd was not. When specifying "
                    + "-Dtestbed.eventTimeStart, -Dtestbed.eventTimeEnd must also be present (as dbt's --event-time-start needs --event-time-end).");
        }
        if (start != null && !start.isBefore(end)) {
            throw new MojoFailureException("Value for -Dtestbed.eventTimeStart must be less than -Dtestbed.eventTimeEnd.");
        }
        RunRequest request = new RunRequest(projectDirectory.toPath(), lakeLocation(), target(),
                varOverrides(), select, exclude, fullRefresh, outputDirectory.toPath(), start, end);
        BuildOptions options = buildOptions();
        // the lake as this goal found it: an atomic build's proof moves along once verify-metrics commits from here
        Optional<LakeStamp> before = LakeStamp.of(lakeLocation());
        RunModelsTask task = new RunModelsTask(duckDbSettings(), reporter(), runId()).lakesFrom(lakes());
        RunModelsTask.Outcome outcome = task.run(request, options);
        if (outcome.pending() != null) {
            HeldBuilds.hold(heldKey(), outcome.pending());
        }
        RunResult result = outcome.result();
        if (result.failed()) {
            String failed = result.failureSummary();
            throw new MojoFailureException(result.count(ModelStatus.ERROR) + " of " + result.models().size() + " models failed ("
                    + result.count(ModelStatus.SKIPPED) + " skipped); " + (options.publish() == Publish.ATOMIC
                    ? "nothing was published (-Dtestbed.publish=atomic):" : "the others are committed:") + System.lineSeparator() + "  " + failed);
        }
        List<ProvenNode> nodes = result.models().stream().map(model -> new ProvenNode(
                model.model().config().materialized().toString().toLowerCase(Locale.ROOT), model.model().name(), model.status().toString())).toList();
        List<Path> artifacts = List.of(outputDirectory.toPath().resolve("manifest.json"), outputDirectory.toPath().resolve("run_results.json"));
        if (outcome.pending() != null && options.publish() == Publish.ATOMIC) {
            before.ifPresent(stamp -> proof.recordAwaitingCommit(task.environmentRead(), nodes, artifacts, stamp));
        } else {
            proof.record(task.environmentRead(), nodes, artifacts);
        }
    }
}
