package dev.testbed.maven;

import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
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
        TestRequest request = new TestRequest(projectDirectory.toPath(), lakeLocation(), target(), varOverrides(), select, exclude,
                outputDirectory.toPath());
        TestRunResult result = new VerifyMetricsTask(duckDbSettings(), reporter()).run(request, runId(), buildOptions().withFailOnWarn(failOnWarn),
                HeldBuilds.take(heldKey(), runId()));
        long fail = result.count(TestStatus.FAIL);
        long error = result.count(TestStatus.ERROR);
        long warn = result.count(TestStatus.WARN);
        if (fail > 0 || error > 0 || (failOnWarn && warn > 0)) {
            throw new MojoFailureException(String.format("%d of %d data tests failed (FAIL=%d ERROR=%d WARN=%d%s): %s. See the lines above and %s",
                    fail + error + (failOnWarn ? warn : 0), result.results().size(), fail, error, warn, failOnWarn ? ", failOnWarn is set" : "",
                    result.failureSummary(failOnWarn), outputDirectory.toPath().resolve("junit")));
        }
    }
}
