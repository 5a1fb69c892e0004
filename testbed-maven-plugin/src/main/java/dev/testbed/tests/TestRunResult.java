package dev.testbed.tests;

import java.time.Duration;
import java.util.List;

/** Every data test's result, in the order they finished. */
public record TestRunResult(List<TestResult> results, Duration elapsed) {

    public long count(TestStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** True when an error-severity test failed or a test could not run. */
    public boolean failed() {
        return count(TestStatus.FAIL) > 0 || count(TestStatus.ERROR) > 0;
    }
}
