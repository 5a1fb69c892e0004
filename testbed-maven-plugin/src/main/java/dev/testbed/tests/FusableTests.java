package dev.testbed.tests;

import java.util.Map;

/**
 * The collected tests that can share scans, by test name: built-in tests, and a project's own generic tests that may
 * turn out to be plain filters of their relation ({@link FilterQuery}), with no {@code where}, {@code limit} or
 * thresholds of their own, each with the aggregate that proves it passes. Every other test always runs its own query.
 */
public final class FusableTests {

    /** Fusing turned off: every test runs its own query. */
    public static final FusableTests NONE = new FusableTests(Map.of());

    private final Map<String, FusedCheck> checks;

    FusableTests(Map<String, FusedCheck> checks) {
        this.checks = Map.copyOf(checks);
    }

    /** These tests, or {@link #NONE} when {@code fuse} is false. */
    public FusableTests onlyIf(boolean fuse) {
        return fuse ? this : NONE;
    }

    /** A new run of the tests: its shared scans are its own, so a test run again scans again. */
    public FusedTests run() {
        return new FusedTests(checks);
    }

    /** How many tests can share scans. */
    public int size() {
        return checks.size();
    }
}
