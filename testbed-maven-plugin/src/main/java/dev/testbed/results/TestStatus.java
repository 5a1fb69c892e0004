package dev.testbed.results;

/** The outcome of one data test, as dbt reports it. */
public enum TestStatus {
    /** No failing rows. */
    PASS,
    /** Failing rows and severity {@code warn}: reported, does not fail the build (unless failOnWarn). */
    WARN,
    /** Failing rows and severity {@code error}: fails the build. */
    FAIL,
    /** The test could not run: a compile or SQL error. */
    ERROR,
    /** Not run: a model it tests failed or was skipped, as {@code dbt build} reports it. */
    SKIPPED
}
