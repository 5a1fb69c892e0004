package dev.testbed.history;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes a verify-metrics run's outcomes into the lake's run history ({@value RunHistory#SCHEMA}.{@value RunHistory#TEST_RUNS}),
 * all in one transaction after the tests ran: tests only read, so there is no data write to share a transaction with.
 */
public final class TestHistoryRecorder {

    private final DuckDbSettings settings;

    public TestHistoryRecorder(DuckDbSettings settings) {
        this.settings = settings;
    }

    public void record(LakeLocation location, String runId, TestRunResult result) {
        if (result.results().isEmpty()) {
            return;
        }
        Instant finished = Instant.now();
        try (Lake lake = Lake.open(location, settings)) {
            RunHistory.ensureTables(lake);
            lake.writer().commit("testbed history: " + result.results().size() + " data test results", connection -> {
                for (TestResult test : result.results()) {
                    RunHistory.insert(connection, lake.location().alias(), RunHistory.TestRun.of(runId, test, finished));
                }
                return null;
            });
        } catch (SQLException e) {
            throw new TestbedException("Cannot record the data test results in the run history of " + location + ": " + SqlErrors.message(e),
                    "Check that the lake is writable; the test results themselves are in the log and the JUnit XML.", e);
        }
    }
}
