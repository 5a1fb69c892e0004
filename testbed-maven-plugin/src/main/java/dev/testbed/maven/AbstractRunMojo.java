package dev.testbed.maven;

import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.LakeStamp;
import dev.testbed.engine.DecisionsFactory;
import dev.testbed.engine.Publish;
import dev.testbed.profile.ProfilesLookup;
import dev.testbed.profile.TargetSettings;
import dev.testbed.proof.GoalProof;
import dev.testbed.proof.ProofInputs;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.BuildOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Goals that run the project's nodes in the warehouse (run-models, verify-metrics): which ones, on how many workers,
 * where their artifacts go, and the run id they record in the lake's history.
 */
abstract class AbstractRunMojo extends AbstractProjectMojo {

    /** Where compiled SQL ({@code compiled/}), {@code manifest.json}, {@code run_results.json} and the JUnit XML go. */
    @Parameter(property = "testbed.outputDirectory", defaultValue = "${project.build.directory}/testbed")
    File outputDirectory;

    /**
     * Models to run (run-models) or whose tests run (verify-metrics), in dbt's selection syntax ({@code stg_sales+},
     * {@code tag:nightly}, {@code path:models/staging}). Empty runs all.
     */
    @Parameter(property = "testbed.select")
    String select;

    /** Models to leave out, in dbt's selection syntax. */
    @Parameter(property = "testbed.exclude")
    String exclude;

    /**
     * When the build's work reaches the lake. {@code atomic}: seeds, models, their data tests and the run history are
     * one DuckLake transaction from run-models to verify-metrics, published as one snapshot only when every
     * error-severity test passed; a red build leaves the lake at its previous snapshot. {@code each}: each model commits
     * as it finishes, as dbt does, and (when verify-metrics follows in the same build) a model's tests run as soon as it
     * is built, a failing one skipping its descendants.
     */
    @Parameter(property = "testbed.publish", defaultValue = "atomic")
    String publish;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    // The tuning parameters are declared again in generate-data and load-ducklake: Maven reads @Parameter fields only
    // from a goal's own class hierarchy, and inspect and docs, which share this one's parents, must not offer them.

    /**
     * How many models or data tests run side by side, and DuckDB's threads. 0 uses one per available core. On a
     * PostgreSQL catalog each worker runs in a DuckDB of its own with an equal share of the threads (see README,
     * concurrent builds).
     */
    @Parameter(property = "testbed.threads")
    Integer threads;

    /**
     * DuckDB memory limit, such as {@code 4GB}. Empty: 80% of what the JVM's maximum heap leaves of the
     * physical memory (a container's limit), so that DuckDB and a full heap fit together. DuckDB spills what does not
     * fit to the temp directory.
     * On a PostgreSQL catalog the workers share it equally, a DuckDB each.
     */
    @Parameter(property = "testbed.memoryLimit")
    String memoryLimit;

    /**
     * Where DuckDB spills intermediate data when the memory limit is reached: each DuckDB into a folder of its own under
     * it, removed when it closes. Empty: {@code ${project.build.directory}}.
     */
    @Parameter(property = "testbed.tempDirectory")
    File tempDirectory;

    /**
     * Build every node and run every test, whatever the lake and the up-to-date proofs say (see README, "How run-models
     * and verify-metrics prove themselves up to date").
     */
    @Parameter(property = "testbed.force", defaultValue = "false")
    boolean force;

    /**
     * Let the built-in data tests of one relation ({@code not_null}, {@code unique}, {@code accepted_values},
     * {@code accepted_range}, {@code expression_is_true}, {@code relationships}, {@code reconciliation}, without
     * {@code where}, {@code limit}, {@code store_failures} or thresholds of their own) share one scan of it that proves
     * which pass; only the others run their own query. The results are the same either way; {@code false} runs every
     * test's own query.
     */
    @Parameter(property = "testbed.fuseTests", defaultValue = "true")
    boolean fuseTests;

    @Override
    DuckDbTuning tuning() {
        return new DuckDbTuning(targetSettings().threads(), memoryLimit, tempDirectory);
    }

    @Override
    Integer givenThreads() {
        return threads;
    }

    /**
     * The goal's no-DuckDB up-to-date proof: its inputs are the project's files (not the build or output directory, nor
     * the lake's files), the profiles.yml found, the effective parameters below and the goal's own, and the plugin's build.
     */
    GoalProof upToDateProof(String goal, Map<String, String> goalParameters) {
        LakeLocation location = lakeLocation();
        TargetSettings resolved = targetSettings();
        SortedMap<String, String> parameters = new TreeMap<>(goalParameters);
        parameters.put("goal", goal);
        parameters.put("select", select);
        parameters.put("exclude", exclude);
        parameters.put("publish", publish);
        parameters.put("vars", new TreeMap<>(varOverrides()).toString());
        parameters.put("target", resolved.target());
        parameters.put("targetSchema", resolved.schema());
        parameters.put("threads", Integer.toString(resolved.threads()));
        parameters.put("memoryLimit", memoryLimit);
        parameters.put("tempDirectory", tempDirectory == null ? null : tempDirectory.getAbsolutePath());
        parameters.put("projectDirectory", projectDirectory.getAbsolutePath());
        parameters.put("session", location.session().toString()); // the profile's settings and secrets, as they rendered
        List<Path> excluded = new ArrayList<>(List.of(outputDirectory.toPath(), buildDirectory == null ? basedir.toPath().resolve("target")
                : buildDirectory.toPath()));
        LakeStamp.of(location).ifPresent(stamp -> stamp.files().keySet().forEach(file -> excluded.add(Path.of(file))));
        if (location.isLocalDataPath()) {
            excluded.add(Path.of(location.resolvedDataPath()));
        }
        Optional<Path> profile = ProfilesLookup.of(profilesDir == null ? null : profilesDir.toPath(), projectDirectory.toPath()).find();
        ProofInputs inputs = new ProofInputs(projectDirectory.toPath(), excluded, profile, parameters, ProofInputs.thisPluginBuild(), System.getenv());
        return GoalProof.of(goal, outputDirectory.toPath(), location, inputs, runId(), reporter())
                .unless(force, "-Dtestbed.force is set")
                .unless(inputs.declaresHooks(), "the project declares hooks, which dbt runs at every build")
                .unless(inputs.declaresMicrobatch(), "the project has microbatch models, whose batches depend on the current time")
                .unless(asksTheLake(select) || asksTheLake(exclude), "the selection uses state: or result:, which only the lake can answer");
    }

    private static boolean asksTheLake(String selection) {
        return selection != null && (selection.contains("state:") || selection.contains("result:"));
    }

    /**
     * A selection with state: or result: has the engine read the lake on its own while planning, which a DuckDB-file
     * catalog allows only when no other DuckDB of this process has it attached: then nothing is reused.
     */
    @Override
    LakeSource lakes() {
        if (asksTheLake(select) || asksTheLake(exclude)) {
            closeHeldLakes();
        }
        return super.lakes();
    }

    /** How this goal takes part in the build: the publish mode, the build decisions, and whether verify-metrics follows. */
    BuildOptions buildOptions() {
        return new BuildOptions(Publish.parse(publish), force ? DecisionsFactory.ALWAYS : decisions(), verifyMetricsFollows(), false, fuseTests);
    }

    /** Whether verify-metrics runs its tests later in this build. */
    boolean verifyMetricsFollows() {
        return mojoExecution != null && LaterGoals.verifyMetricsFollows(session, project, mojoExecution.getArtifactId()) && !testsSkipped();
    }


    /** Where the build learns which nodes are up to date: the lake's own record of its last builds and test runs. */
    DecisionsFactory decisions() {
        return LakeBuildDecisions::read;
    }

    /** The key under which run-models hands its unpublished work on to verify-metrics of this build. */
    String heldKey() {
        return projectDirectory.getAbsolutePath() + "|" + lakeLocation();
    }
}
