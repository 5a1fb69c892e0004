package dev.testbed.task;

import dev.testbed.artifacts.JUnitReport;
import dev.testbed.artifacts.TestArtifacts;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Reporter;
import dev.testbed.history.TestHistoryRecorder;
import dev.testbed.results.TestRunResult;
import dev.testbed.tests.DataTestRunner;
import dev.testbed.tests.TestRequest;
import dev.testbed.tests.TestRunOutcome;
import java.util.Set;

/**
 * The verify-metrics task: runs the data tests, then writes the JUnit XML and adds the results to run_results.json and
 * manifest.json, and (in {@link #runAndRecord}) records them in the lake's run history. The runner below knows
 * neither artifacts nor history.
 */
public final class VerifyMetricsTask {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final Heartbeat.Timing heartbeat;
    private Set<String> environmentRead = Set.of();

    public VerifyMetricsTask(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, Heartbeat.Timing.DEFAULT);
    }

    /** @param heartbeat when a test still running is reported: a start line, then one at every interval */
    public VerifyMetricsTask(DuckDbSettings settings, Reporter reporter, Heartbeat.Timing heartbeat) {
        this.settings = settings;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
    }

    /** Runs the tests and writes their JUnit XML and artifacts. */
    public TestRunResult run(TestRequest request) {
        TestRunOutcome outcome = new DataTestRunner(settings, reporter, heartbeat).run(request);
        environmentRead = outcome.environmentRead();
        new JUnitReport(request.outputDirectory().resolve("junit")).write(outcome.result());
        new TestArtifacts(request.outputDirectory()).write(outcome.project(), outcome.result());
        return outcome.result();
    }

    /** As {@link #run}, and then records the results as rows of run {@code runId} in the lake's run history. */
    public TestRunResult runAndRecord(TestRequest request, String runId) {
        TestRunResult result = run(request);
        new TestHistoryRecorder(settings).record(request.location(), runId, result);
        return result;
    }

    /** The environment variables the project's Jinja read in the last run, for the goal's up-to-date proof. */
    public Set<String> environmentRead() {
        return environmentRead;
    }
}
