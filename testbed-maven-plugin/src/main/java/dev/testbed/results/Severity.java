package dev.testbed.results;

/** A data test's {@code severity} config: whether its failure fails the build. */
public enum Severity {
    ERROR, WARN
}
