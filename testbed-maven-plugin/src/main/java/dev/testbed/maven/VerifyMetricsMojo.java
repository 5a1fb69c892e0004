package dev.testbed.maven;

import dev.testbed.artifacts.JUnitReport;
import dev.testbed.core.LakeStamp;
import dev.testbed.proof.GoalProof;
import dev.testbed.proof.ProvenNode;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.task.PendingBuild;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the project's dbt-style data tests against the DuckLake warehouse, on parallel workers: the generic tests declared
 * under {@code tests:} / {@code data_tests:} in properties files (built in: {@code unique}, {@code not_null},
 * {@code accepted_values}, {@code relationships}, {@code unique_combination_of_columns}, {@code expression_is_true},
 * {@code accepted_range}, {@code row_count}, {@code scd2_history}, {@code reconciliation}; and the project's own
 * {@code {% test %}} blocks from {@code tests/generic/} or macro files) and the singular tests in {@code tests/*.sql}.
 * Honours dbt's test config ({@code severity}, {@code warn_if}, {@code error_if}, {@code where}, {@code limit},
 * {@code tags}, {@code enabled}, {@code store_failures}). Prints one line per test and the failing rows of failures,
 * writes Surefire-style JUnit XML under {@code <outputDirectory>/junit/}, adds the results to {@code run_results.json}
 * and {@code manifest.json}, and fails the build when an error-severity test fails or a test cannot run.
 */
@Mojo(name = "verify-metrics", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMetricsMojo extends AbstractRunMojo {

    /** Maven's usual switch for skipping tests ({@code -DskipTests}); skips the data tests too. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skip this goal. */
    @Parameter(property = "testbed.tests.skip", defaultValue = "false")
    boolean skip;

    /** Fail the build on warnings (tests with {@code severity: warn} that found rows) too. */
    @Parameter(property = "testbed.failOnWarn", defaultValue = "false")
    boolean failOnWarn;

    @Override
    boolean skip() {
        return skip || skipTests;
    }

    @Override
    void run() throws MojoFailureException {
        // what run-models of this build handed on must be taken over (published or rolled back), never left behind a proof
        PendingBuild handed = HeldBuilds.take(heldKey(), runId());
        GoalProof proof = upToDateProof("verify-metrics", Map.of("failOnWarn", Boolean.toString(failOnWarn)))
                .unless(handed != null, "run-models of this build handed its work on");
        if (proof.holds()) {
            return;
        }
        proof.forget();
        TestRequest request = new TestRequest(projectDirectory.toPath(), lakeLocation(), target(), varOverrides(), select, exclude,
                outputDirectory.toPath());
        Optional<LakeStamp> before = LakeStamp.of(lakeLocation());
        VerifyMetricsTask task = new VerifyMetricsTask(duckDbSettings(), reporter()).lakesFrom(lakes());
        TestRunResult result = task.run(request, runId(), buildOptions().withFailOnWarn(failOnWarn), handed);
        long fail = result.count(TestStatus.FAIL);
        long error = result.count(TestStatus.ERROR);
        long warn = result.count(TestStatus.WARN);
        if (fail > 0 || error > 0 || (failOnWarn && warn > 0)) {
            throw new MojoFailureException(String.format("%d of %d data tests failed (FAIL=%d ERROR=%d WARN=%d%s): %s. See the lines above and %s",
                    fail + error + (failOnWarn ? warn : 0), result.results().size(), fail, error, warn, failOnWarn ? ", failOnWarn is set" : "",
                    result.failureSummary(failOnWarn), outputDirectory.toPath().resolve("junit")));
        }
        // the run history rows and an atomic publish leave run-models' results true: its proof of this build follows the
        // lake (only now: a red atomic build published nothing, and run-models' proof must keep saying so)
        before.ifPresent(stamp -> GoalProof.restamp(outputDirectory.toPath(), lakeLocation(), runId(), stamp, reporter()));
        List<Path> artifacts = new ArrayList<>(List.of(outputDirectory.toPath().resolve("manifest.json"), outputDirectory.toPath().resolve("run_results.json")));
        result.results().stream().map(test -> new JUnitReport(outputDirectory.toPath().resolve("junit")).fileFor(test.test().suite())).distinct()
                .forEach(artifacts::add);
        proof.record(task.environmentRead(), result.results().stream().map(test -> new ProvenNode("test", test.test().name(), test.status().toString()))
                .toList(), artifacts);
    }
}
