package dev.testbed.results;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome of one data test.
 *
 * @param failures    the number of failing rows (0 for PASS, -1 for ERROR)
 * @param columns     the failing rows' column names
 * @param sampleRows  the first few failing rows, values as text
 * @param message     the error message for ERROR, else an empty string
 * @param compiledSql where the compiled test query was written, or null
 * @param upToDate    not run: its last passing result still holds (the message says since which snapshot)
 * @param metricValue what a drift test measured now (its aggregate), for the run history; null for other tests, and
 *                    when the aggregate was NULL
 */
public record TestResult(DataTest test, TestStatus status, long failures, List<String> columns, List<List<String>> sampleRows,
                         Duration elapsed, String message, Path compiledSql, boolean upToDate, Double metricValue) {

    /** A test that measures nothing, run or kept up to date. */
    public TestResult(DataTest test, TestStatus status, long failures, List<String> columns, List<List<String>> sampleRows,
                      Duration elapsed, String message, Path compiledSql, boolean upToDate) {
        this(test, status, failures, columns, sampleRows, elapsed, message, compiledSql, upToDate, null);
    }

    /** A test that ran (or could not run). */
    public TestResult(DataTest test, TestStatus status, long failures, List<String> columns, List<List<String>> sampleRows,
                      Duration elapsed, String message, Path compiledSql) {
        this(test, status, failures, columns, sampleRows, elapsed, message, compiledSql, false);
    }

    /** A test that ran (or could not run); a drift test gives the value it measured. */
    public TestResult(DataTest test, TestStatus status, long failures, List<String> columns, List<List<String>> sampleRows,
                      Duration elapsed, String message, Path compiledSql, Double metricValue) {
        this(test, status, failures, columns, sampleRows, elapsed, message, compiledSql, false, metricValue);
    }

    /** A test not run because its last pass still holds; {@code reason} says why, e.g. {@code up to date, snapshot 41}. */
    public static TestResult upToDate(DataTest test, String reason) {
        return new TestResult(test, TestStatus.PASS, 0, List.of(), List.of(), Duration.ZERO, reason, null, true);
    }

    /** A test not run because {@code cause}: a model it tests failed or was skipped ({@code dbt build}'s SKIP). */
    public static TestResult skipped(DataTest test, String cause) {
        return new TestResult(test, TestStatus.SKIPPED, -1, List.of(), List.of(), Duration.ZERO, cause, null);
    }

    /**
     * The result in one line, for the build's failure message: the test, what it tests, and what went wrong, for
     * example {@code unique_customer_metrics_customer_id (customer_metrics.customer_id): 1 failing row}.
     */
    public String summary() {
        String what = test.suite() + (test.column() == null ? "" : "." + test.column());
        String outcome = switch (status) {
            case PASS -> "passed";
            case WARN -> failingRows() + ", a warning";
            case FAIL -> isUnit() ? "actual differs from expected" : failingRows();
            case ERROR -> "could not run: " + message.lines().findFirst().orElse("");
            case SKIPPED -> message;
        };
        return test.name() + " (" + what + "): " + outcome;
    }

    /** A dbt unit test: it fails with a diff, not with failing rows. */
    public boolean isUnit() {
        return test.type().equals("unit");
    }

    private String failingRows() {
        return failures + (failures == 1 ? " failing row" : " failing rows");
    }

    /** What a non-passing test prints: the test, model and column, the failing count and rows, or the error and its SQL. */
    public String details() {
        StringBuilder text = new StringBuilder();
        String nl = System.lineSeparator();
        if (status() == TestStatus.ERROR) {
            text.append("Error in test ").append(test.name()).append(" (").append(test.suite())
                    .append(test.column() == null ? "" : ", column " + test.column()).append("): ").append(message());
            if (test.sql() != null) {
                text.append(nl).append("SQL:").append(nl).append(test.sql());
            }
        } else if (isUnit()) {
            // dbt shows a unit test's differing rows as a diff of actual against expected
            text.append("Failure in unit test ").append(test.name()).append(" (model ").append(test.suite()).append(", ").append(test.file())
                    .append("): ").append(message());
            if (!sampleRows().isEmpty()) {
                text.append(nl).append(table(columns(), sampleRows()));
            }
        } else {
            text.append(status() == TestStatus.WARN ? "Warning in test " : "Failure in test ").append(test.name()).append(" (")
                    .append(test.suite()).append(test.column() == null ? "" : ", column " + test.column()).append("): got ")
                    .append(failures()).append(failures() == 1 ? " result" : " results").append(", configured to ")
                    .append(status() == TestStatus.FAIL ? "error if " + test.errorIf() : "warn if " + test.warnIf());
            if (!sampleRows().isEmpty()) {
                text.append(nl).append(table(columns(), sampleRows()));
                if (failures() > sampleRows().size()) {
                    text.append(nl).append("... ").append(failures() - sampleRows().size()).append(" more");
                }
            }
            // only tests that explain their failure set a message here (a drift test: the values, the change and what to do)
            if (!message().isBlank()) {
                text.append(nl).append(message());
            }
        }
        if (test.config().storeFailures() != null && status() != TestStatus.ERROR) {
            text.append(nl).append("failing rows stored in ").append(test.config().storeFailures().relation());
        }
        if (compiledSql() != null) {
            text.append(nl).append("compiled SQL: ").append(compiledSql());
        }
        return text.toString();
    }

    private static String table(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(columns, widths));
        lines.add(Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("-+-", "", "")));
        rows.forEach(row -> lines.add(line(row, widths)));
        return String.join(System.lineSeparator(), lines);
    }

    private static String line(List<String> values, int[] widths) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            cells.add(String.format(Locale.ROOT, "%-" + Math.max(1, widths[i]) + "s", values.get(i)));
        }
        return String.join(" | ", cells).stripTrailing();
    }
}
