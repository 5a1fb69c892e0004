package dev.testbed.history;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes a verify-metrics run's outcomes into the lake's run history ({@value RunHistory#SCHEMA}.{@value RunHistory#TEST_RUNS}),
 * all in one transaction after the tests ran: tests only read, so there is no data write to share a transaction with.
 */
public final class TestHistoryRecorder {

    private final DuckDbSettings settings;
    private final LakeSource lakes;

    public TestHistoryRecorder(DuckDbSettings settings) {
        this(settings, LakeSource.FRESH);
    }

    /** @param lakes where the lake comes from: attached afresh, or left attached by an earlier goal of the build */
    public TestHistoryRecorder(DuckDbSettings settings, LakeSource lakes) {
        this.settings = settings;
        this.lakes = lakes;
    }

    public void record(LakeLocation location, String runId, TestRunResult result) {
        if (result.results().stream().allMatch(TestResult::upToDate)) {
            return;
        }
        try (Lake lake = lakes.open(location, settings)) {
            record(lake, runId, result);
        }
    }

    /**
     * The same in {@code lake}, already open: in its build transaction when one is open, so the rows are published with
     * the build or not at all. Tests kept up to date were not run and get no row.
     */
    public static void record(Lake lake, String runId, TestRunResult result) {
        List<TestResult> run = result.results().stream().filter(r -> !r.upToDate()).toList();
        if (run.isEmpty()) {
            return;
        }
        Instant finished = Instant.now();
        try {
            RunHistory.ensureTables(lake);
            lake.writer().commit("testbed history: " + run.size() + " data test results", connection -> {
                RunHistory.insert(connection, lake.location().alias(), run.stream().map(test -> RunHistory.TestRun.of(runId, test, finished)).toList());
                return null;
            });
        } catch (SQLException e) {
            throw new TestbedException("Cannot record the data test results in the run history of " + lake.location() + ": " + SqlErrors.message(e),
                    "Check that the lake is writable; the test results themselves are in the log and the JUnit XML.", e);
        }
    }
}
