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

    /**
     * The result in one line, for the build's failure message: the test, what it tests, and what went wrong, for
     * example {@code unique_customer_metrics_customer_id (customer_metrics.customer_id): 1 failing row}.
     */
    public String summary() {
        String what = test.suite() + (test.column() == null ? "" : "." + test.column());
        String outcome = switch (status) {
            case PASS -> "passed";
            case WARN -> failingRows() + ", a warning";
            case FAIL -> failingRows();
            case ERROR -> "could not run: " + message.lines().findFirst().orElse("");
        };
        return test.name() + " (" + what + "): " + outcome;
    }

    private String failingRows() {
        return failures + (failures == 1 ? " failing row" : " failing rows");
    }
}
