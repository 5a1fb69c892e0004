package dev.testbed.tests;

import dev.testbed.compile.SingleQuery;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.Selector;
import dev.testbed.results.DataTest;
import dev.testbed.results.Severity;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestStatus;
import dev.testbed.state.LakeNodeStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How verify-metrics selects, checks and runs data tests, one at a time: the build engine decides which test runs
 * when and on which connection. A test reports like dbt ({@code PASS}, {@code WARN}, {@code FAIL}, {@code ERROR}).
 */
public final class DataTestQueries {

    /** How many failing rows a failure shows. */
    static final int SAMPLE_ROWS = 5;

    private DataTestQueries() {
    }

    /**
     * The {@code collected} tests that a verify-metrics selection picks: the tests of the selected models (all tests,
     * and the sources' tests, when nothing is selected), of a selected tag, or selected by name or state.
     */
    public static List<DataTest> select(String selection, String exclusion, List<DataTest> collected, ModelGraph graph, LakeNodeStates states,
                                        Reporter reporter) {
        TestsByName select = TestsByName.in(selection, collected, graph::contains);
        TestsByName exclude = TestsByName.in(exclusion, collected, graph::contains);
        boolean everything = selection == null || selection.isBlank();
        Set<String> selectedModels = !everything && select.rest().isBlank() ? Set.of()
                : Selector.select(graph, select.rest(), exclude.rest(), reporter::warn, states);
        Set<String> selectedTags = tags(selection);
        Set<String> excludedTags = tags(exclusion);
        return collected.stream()
                .filter(t -> (t.models().isEmpty() ? everything : selectedModels.containsAll(t.models()) || selectedModels.contains(t.suite()))
                        || t.config().tags().stream().anyMatch(selectedTags::contains) || select.names(t)
                        || states.selectsTest(select.rest(), t.name()) || testTypes(selection).stream().anyMatch(type -> isOfType(t, type)))
                .filter(t -> t.config().tags().stream().noneMatch(excludedTags::contains) && !exclude.names(t)
                        && testTypes(exclusion).stream().noneMatch(type -> isOfType(t, type)))
                .toList();
    }

    /** The selection without its terms that name only a data test, for the model selector; blank when it names only tests. */
    public static String withoutTestNames(String selection, List<DataTest> collected, ModelGraph graph) {
        return TestsByName.in(selection, collected, graph::contains).rest();
    }

    /** The {@code test_type:<type>} terms of a selection (dbt's unit, data, generic, singular). */
    private static Set<String> testTypes(String selection) {
        if (selection == null || selection.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(selection.strip().split("[\\s,]+")).filter(token -> token.startsWith("test_type:"))
                .map(token -> token.substring("test_type:".length())).collect(Collectors.toSet());
    }

    /** dbt's test types: a data test is generic or singular; unit tests are not selected here. */
    private static boolean isOfType(DataTest test, String type) {
        boolean singular = test.type().equals("singular");
        return switch (type) {
            case "data" -> true;
            case "singular" -> singular;
            case "generic" -> !singular;
            default -> false;
        };
    }

    /** Before any test runs, every test's SQL must be one query; all refusals are reported at once. */
    public static List<DataTest> requireOneQueryEach(DuckDbSettings settings, List<DataTest> tests) {
        try (SingleQuery check = SingleQuery.open(settings)) {
            List<DataTest> checked = new ArrayList<>();
            for (DataTest test : tests) {
                // a test that queries the lake while compiling is checked where it is compiled again, when it runs
                String query = test.sql() == null || test.introspects() ? null : check.check(test.origin(), test.sql());
                checked.add(query == null ? test : test.withSql(query));
            }
            check.throwIfRefused();
            return checked;
        }
    }

    /** The {@code tag:<name>} methods of a selection: tests with such a tag of their own are selected whatever they test. */
    private static Set<String> tags(String selection) {
        if (selection == null || selection.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(selection.strip().split("[\\s,]+"))
                .filter(token -> token.startsWith("tag:"))
                .map(token -> token.substring("tag:".length()).replaceAll("^\\+|\\+$", ""))
                .collect(Collectors.toSet());
    }

    /** Creates the audit schemas of tests that store their failures, once, before the workers start. */
    public static void createAuditSchemas(Lake lake, List<DataTest> tests) throws SQLException {
        Set<String> schemas = tests.stream().map(t -> t.config().storeFailures()).filter(java.util.Objects::nonNull)
                .map(TestConfig.AuditTable::schema).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!schemas.isEmpty()) {
            lake.writer().createMissing("verify-metrics: audit schema for stored test failures", connection -> {
                for (String schema : schemas) {
                    DuckDb.execute(connection, "CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                return null;
            });
        }
    }

    /**
     * Runs {@code test} on {@code connection}, a worker's connection to the lake, writing its compiled SQL under
     * {@code compiledDir}; a test that stores its failures writes them through {@code writer}. A test that {@code fused}
     * proves to pass by a scan shared with the other tests of its relation runs no query of its own.
     */
    public static TestResult run(DataTest test, Connection connection, LakeWriter writer, Path compiledDir, FusedTests fused) {
        long start = System.nanoTime();
        if (test.sql() == null) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), Duration.ZERO, test.compileError(), null);
        }
        if (test.drift() != null) {
            return DriftComparison.run(test, connection, writer.inBuild(), compiledDir);
        }
        Path compiled = write(compiledDir.resolve(test.id().shortName() + ".sql"), test.sql());
        TestConfig.AuditTable audit = test.config().storeFailures();
        try {
            if (fused.passes(test, connection)) {
                if (audit != null) {
                    // the test's own query with no row: the same columns, and the none it would have stored
                    storeFailures(test, audit, "select * from (\n" + test.sql() + "\n) dbt_internal_test limit 0", connection, writer);
                }
                return new TestResult(test, TestStatus.PASS, 0, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start), "", compiled);
            }
            String failing = "(\n" + test.sql() + "\n) dbt_internal_test";
            if (audit != null) {
                storeFailures(test, audit, test.sql(), connection, writer);
                failing = audit.relation();
            }
            try (Statement statement = connection.createStatement()) {
                long failures;
                try (ResultSet count = statement.executeQuery("select count(*) from " + failing)) {
                    count.next();
                    failures = count.getLong(1);
                }
                List<String> columns = new ArrayList<>();
                List<List<String>> rows = new ArrayList<>();
                if (failures > 0) {
                    sample(statement, failing, columns, rows);
                }
                TestStatus status = status(test, failures);
                return new TestResult(test, status, failures, List.copyOf(columns), List.copyOf(rows), Duration.ofNanos(System.nanoTime() - start),
                        "", compiled);
            }
        } catch (SQLException e) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start),
                    SqlErrors.message(e), compiled);
        }
    }

    /** dbt: with severity error, error_if decides FAIL; otherwise warn_if decides WARN. */
    static TestStatus status(DataTest test, long failures) {
        return test.severity() == Severity.ERROR && test.errorIf().matches(failures) ? TestStatus.FAIL
                : test.warnIf().matches(failures) ? TestStatus.WARN : TestStatus.PASS;
    }

    /** Replaces the audit table with {@code rows}: every run, so it always holds the latest failing rows (none after a pass). */
    private static void storeFailures(DataTest test, TestConfig.AuditTable audit, String rows, Connection connection, LakeWriter writer)
            throws SQLException {
        writer.commit(connection, "verify-metrics: failing rows of test " + test.name(), c -> {
            DuckDb.execute(c, "CREATE OR REPLACE TABLE " + audit.relation() + " AS " + rows);
            return null;
        }, LakeWriter.RerunListener.SILENT);
    }

    private static void sample(Statement statement, String failing, List<String> columns, List<List<String>> rows) throws SQLException {
        try (ResultSet sample = statement.executeQuery("select * from " + failing + " limit " + SAMPLE_ROWS)) {
            ResultSetMetaData meta = sample.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            while (sample.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = sample.getObject(i);
                    row.add(value == null ? "null" : String.valueOf(value));
                }
                rows.add(row);
            }
        }
    }

    /** Writes a test's compiled SQL where the log and the artifacts point to it; returns the file. */
    public static Path write(Path file, String sql) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql + System.lineSeparator(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write compiled test SQL to " + file, e);
        }
    }
}
