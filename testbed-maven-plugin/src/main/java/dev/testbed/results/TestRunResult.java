package dev.testbed.results;

import dev.testbed.core.Shortlist;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Every data test's result, in the order they finished. */
public record TestRunResult(List<TestResult> results, Duration elapsed) {

    public long count(TestStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /**
     * The tests that fail the build, by name: the first few as {@link TestResult#summary()} and how many more.
     *
     * @param withWarnings whether warnings fail the build too (failOnWarn)
     */
    public String failureSummary(boolean withWarnings) {
        List<String> failing = results.stream()
                .filter(r -> r.status() == TestStatus.FAIL || r.status() == TestStatus.ERROR || withWarnings && r.status() == TestStatus.WARN)
                .sorted(Comparator.comparing(r -> r.test().name())) // workers finish in any order; the message should not
                .map(TestResult::summary)
                .toList();
        return Shortlist.join(failing, "; ");
    }

    /** True when an error-severity test failed or a test could not run. */
    public boolean failed() {
        return count(TestStatus.FAIL) > 0 || count(TestStatus.ERROR) > 0;
    }
}
