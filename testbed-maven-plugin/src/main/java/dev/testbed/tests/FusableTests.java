package dev.testbed.tests;

import java.util.Map;

/**
 * The collected tests that can share scans, by test name: built-in tests with no {@code where}, {@code limit},
 * {@code store_failures}, thresholds of their own or project override, each with the aggregate that proves it passes.
 * Every other test always runs its own query.
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
