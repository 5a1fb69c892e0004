package dev.testbed.tests;

import java.util.Set;

/**
 * One compiled data test.
 *
 * @param name         dbt's test name, e.g. {@code unique_stg_sales_transaction_id} (names of 64 characters or more are
 *                     shortened as dbt does: the first 30 characters of the test and model, then an MD5 of the full name)
 * @param type         the generic test, e.g. {@code unique}, or {@code singular}
 * @param suite        what it tests: a model or seed name, or {@code source:raw.raw_sales}
 * @param column       the tested column, or null for a model-level test
 * @param config       severity, thresholds, tags and where failing rows are stored
 * @param sql          the query returning the failing rows (with {@code where} and {@code limit} applied), or null if
 *                     the test did not compile
 * @param compileError why the test did not compile, or null
 * @param models       the models (and seeds) the test reads, for selection
 */
public record DataTest(String name, String type, String suite, String column, TestConfig config, String sql, String compileError,
                       Set<String> models) {

    public Severity severity() {
        return config.severity();
    }

    public Threshold warnIf() {
        return config.warnIf();
    }

    public Threshold errorIf() {
        return config.errorIf();
    }
}
