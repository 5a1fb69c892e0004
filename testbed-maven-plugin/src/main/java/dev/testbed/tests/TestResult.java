package dev.testbed.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one data test.
 *
 * @param failures    the number of failing rows (0 for PASS, -1 for ERROR)
 * @param columns     the failing rows' column names
 * @param sampleRows  the first few failing rows, values as text
 * @param message     the error message for ERROR, else an empty string
 * @param compiledSql where the compiled test query was written, or null
 */
public record TestResult(DataTest test, TestStatus status, long failures, List<String> columns, List<List<String>> sampleRows,
                         Duration elapsed, String message, Path compiledSql) {
}
