package dev.testbed.tests;

import java.util.Set;

/**
 * One compiled data test.
 *
 * @param name         dbt's test name, e.g. {@code unique_stg_sales_transaction_id}
 * @param type         the generic test, e.g. {@code unique}
 * @param suite        what it tests: a model or seed name, or {@code source:raw.raw_sales}
 * @param column       the tested column, or null for a model-level test
 * @param severity     the {@code severity} config
 * @param warnIf       the {@code warn_if} config
 * @param errorIf      the {@code error_if} config (only for severity error)
 * @param sql          the query returning the failing rows (with {@code where} and {@code limit} applied), or null if
 *                     the test did not compile
 * @param compileError why the test did not compile, or null
 * @param models       the models (and seeds) the test reads, for selection
 */
public record DataTest(String name, String type, String suite, String column, Severity severity, Threshold warnIf, Threshold errorIf, String sql, String compileError,
                       Set<String> models) {
}
