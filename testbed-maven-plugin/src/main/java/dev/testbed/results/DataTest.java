package dev.testbed.results;

import java.util.Set;

/**
 * One compiled data test.
 *
 * @param id           dbt's name of the test (e.g. {@code unique_stg_sales_transaction_id}, however long), its short form
 *                     for files and tables, and its unique id
 * @param type         the generic test, e.g. {@code unique}, or {@code singular}
 * @param suite        what it tests: a model or seed name, or {@code source:raw.raw_sales}
 * @param column       the tested column, or null for a model-level test
 * @param config       severity, thresholds, tags and where failing rows are stored
 * @param sql          the query returning the failing rows (with {@code where} and {@code limit} applied), or null if
 *                     the test did not compile
 * @param compileError why the test did not compile, or null
 * @param models       the models (and seeds) the test reads, for selection
 * @param file         the file its SQL comes from, relative to the project: the singular test's file or the custom generic
 *                     test's macro file; null for a built-in generic test
 * @param introspects  whether its SQL (its file, its generic test's macro, or the macros they call) queries the lake while
 *                     compiling; {@code sql} is then the parse's render, and the test is compiled again where it runs
 * @param drift        for a drift test, what it compares with the relation's previous version ({@code sql} is then the
 *                     query of the aggregate now); null for every other test
 */
public record DataTest(TestName id, String type, String suite, String column, TestConfig config, String sql, String compileError,
                       Set<String> models, String file, boolean introspects, Drift drift) {

    /** A test that is no drift test. */
    public DataTest(TestName id, String type, String suite, String column, TestConfig config, String sql, String compileError,
                    Set<String> models, String file, boolean introspects) {
        this(id, type, suite, column, config, sql, compileError, models, file, introspects, null);
    }

    /** A test that queries nothing while compiling. */
    public DataTest(TestName id, String type, String suite, String column, TestConfig config, String sql, String compileError,
                    Set<String> models, String file) {
        this(id, type, suite, column, config, sql, compileError, models, file, false);
    }

    /** The same test running {@code query} instead. */
    public DataTest withSql(String query) {
        return new DataTest(id, type, suite, column, config, query, compileError, models, file, introspects, drift);
    }

    /** The same test, which could not be compiled where it runs: {@code error} says why. */
    public DataTest withCompileError(String error) {
        return new DataTest(id, type, suite, column, config, null, error, models, file, introspects, drift);
    }

    /** dbt's name of the test: what the console, the artifacts, JUnit, the history and selection show. */
    public String name() {
        return id.name();
    }

    /** How messages name the test: its file (if it has one), name and what it tests. */
    public String origin() {
        return (file == null ? "" : file + " ") + "(test " + name() + " on " + suite + (column == null ? "" : ", column " + column) + ")";
    }

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
