package dev.testbed.tests;

import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.SingleQuery;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.project.Project;
import dev.testbed.results.DataTest;
import dev.testbed.results.Severity;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.state.LakeNodeStates;
import dev.testbed.state.Relations;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * verify-metrics: parse → graph → collect generic tests → run each test query against the lake on parallel workers →
 * report like dbt ({@code PASS}, {@code WARN}, {@code FAIL}, {@code ERROR}) and write JUnit XML.
 */
public final class DataTestRunner {

    /** How many failing rows a failure shows. */
    static final int SAMPLE_ROWS = 5;

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final Heartbeat.Timing heartbeat;

    public DataTestRunner(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, Heartbeat.Timing.DEFAULT);
    }

    /** @param heartbeat when a test still running is reported: a start line, then one at every interval */
    public DataTestRunner(DuckDbSettings settings, Reporter reporter, Heartbeat.Timing heartbeat) {
        this.settings = settings;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
    }

    /** Runs the selected tests and prints their summary; the caller writes the JUnit XML and the artifacts. */
    public TestRunOutcome run(TestRequest request) {
        long started = System.nanoTime();
        ProjectGraph loaded = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        Project project = loaded.project();
        ModelCompiler compiler = loaded.compiler();
        ModelGraph graph = loaded.graph();
        List<DataTest> collected = new TestCollector(project, compiler, graph).collect();
        TestsByName select = TestsByName.in(request.select(), collected, graph::contains);
        TestsByName exclude = TestsByName.in(request.exclude(), collected, graph::contains);
        boolean everything = request.select() == null || request.select().isBlank();
        LakeNodeStates states = new LakeNodeStates(new Relations(project, compiler, graph), request.location(), settings);
        Set<String> selectedModels = !everything && select.rest().isBlank() ? Set.of()
                : Selector.select(graph, select.rest(), exclude.rest(), reporter::warn, states);
        Set<String> selectedTags = tags(request.select());
        Set<String> excludedTags = tags(request.exclude());
        List<DataTest> tests = collected.stream()
                .filter(t -> (t.models().isEmpty() ? everything : selectedModels.containsAll(t.models()) || selectedModels.contains(t.suite()))
                        || t.config().tags().stream().anyMatch(selectedTags::contains) || select.names(t)
                        || states.selectsTest(select.rest(), t.name()))
                .filter(t -> t.config().tags().stream().noneMatch(excludedTags::contains) && !exclude.names(t))
                .toList();
        tests = requireOneQueryEach(tests);
        reporter.info(String.format(Locale.ROOT, "Found %d data tests in %s; running %d with %d threads", tests.size(), project.root(),
                tests.size(), settings.effectiveThreads()));
        Path compiledDir = request.outputDirectory().resolve("compiled").resolve(project.name()).resolve("data_tests");
        List<TestResult> results;
        try (Lake lake = Lake.open(request.location(), settings)) {
            results = execute(lake, tests, compiledDir);
        }
        TestRunResult result = new TestRunResult(List.copyOf(results), Duration.ofNanos(System.nanoTime() - started));
        reporter.info(String.format(Locale.ROOT, "Finished running %d data tests in %.2f s. PASS=%d WARN=%d FAIL=%d ERROR=%d TOTAL=%d",
                results.size(), result.elapsed().toNanos() / 1e9, result.count(TestStatus.PASS), result.count(TestStatus.WARN),
                result.count(TestStatus.FAIL), result.count(TestStatus.ERROR), results.size()));
        return new TestRunOutcome(project, result, compiler.environmentRead());
    }

    /** Before any test runs, every test's SQL must be one query; all refusals are reported at once. */
    private List<DataTest> requireOneQueryEach(List<DataTest> tests) {
        try (SingleQuery check = SingleQuery.open(settings)) {
            List<DataTest> checked = new ArrayList<>();
            for (DataTest test : tests) {
                String query = test.sql() == null ? null : check.check(test.origin(), test.sql());
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
    private static void createAuditSchemas(Lake lake, List<DataTest> tests) throws SQLException {
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

    private List<TestResult> execute(Lake lake, List<DataTest> tests, Path compiledDir) {
        int workers = Math.max(1, Math.min(settings.effectiveThreads(), Math.max(1, tests.size())));
        BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "testbed-test");
            thread.setDaemon(true);
            return thread;
        });
        List<TestResult> results = Collections.synchronizedList(new ArrayList<>());
        try (Heartbeat beats = new Heartbeat(heartbeat)) {
            createAuditSchemas(lake, tests);
            connections.addAll(lake.openWorkerConnections(workers));
            CompletionService<TestResult> completions = new ExecutorCompletionService<>(pool);
            for (DataTest test : tests) {
                completions.submit(() -> {
                    Connection connection = connections.take();
                    try (Heartbeat.Watch ignored = beats.watch("test " + test.name(), reporter)) {
                        return runOne(connection, lake.writer(), test, compiledDir);
                    } finally {
                        connections.add(connection);
                    }
                });
            }
            for (int i = 0; i < tests.size(); i++) {
                TestResult result = completions.take().get();
                results.add(result);
                report(i + 1, tests.size(), result);
            }
        } catch (SQLException e) {
            throw new TestbedException("Cannot open worker connections to the lake: " + SqlErrors.message(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("verify-metrics was interrupted.", null, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a data test failed outside its own error handling", e.getCause());
        } finally {
            pool.shutdownNow();
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the lake's own connection is closed right after
                }
            }
        }
        return results;
    }

    private static TestResult runOne(Connection connection, LakeWriter writer, DataTest test, Path compiledDir) {
        long start = System.nanoTime();
        if (test.sql() == null) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), Duration.ZERO, test.compileError(), null);
        }
        Path compiled = write(compiledDir.resolve(test.id().shortName() + ".sql"), test.sql());
        try {
            TestConfig.AuditTable audit = test.config().storeFailures();
            String failing = "(\n" + test.sql() + "\n) dbt_internal_test";
            if (audit != null) {
                // the audit table is replaced on every run, so it always holds the latest failing rows (none after a pass)
                writer.commit(connection, "verify-metrics: failing rows of test " + test.name(), c -> {
                    DuckDb.execute(c, "CREATE OR REPLACE TABLE " + audit.relation() + " AS " + test.sql());
                    return null;
                }, LakeWriter.RerunListener.SILENT);
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
                // dbt: with severity error, error_if decides FAIL; otherwise warn_if decides WARN
                TestStatus status = test.severity() == Severity.ERROR && test.errorIf().matches(failures) ? TestStatus.FAIL
                        : test.warnIf().matches(failures) ? TestStatus.WARN : TestStatus.PASS;
                return new TestResult(test, status, failures, List.copyOf(columns), List.copyOf(rows), Duration.ofNanos(System.nanoTime() - start),
                        "", compiled);
            }
        } catch (SQLException e) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start),
                    SqlErrors.message(e), compiled);
        }
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

    private static Path write(Path file, String sql) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql + System.lineSeparator(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write compiled test SQL to " + file, e);
        }
    }

    private void report(int index, int total, TestResult result) {
        DataTest test = result.test();
        String outcome = switch (result.status()) {
            case PASS -> result.failures() > 0 ? "PASS " + result.failures() : "PASS";
            case WARN -> "WARN " + result.failures();
            case FAIL -> "FAIL " + result.failures();
            case ERROR -> "ERROR";
        };
        String line = String.format(Locale.ROOT, "%3d of %d %s %s [%s in %.2fs]", index, total, outcome, test.name(), outcome,
                result.elapsed().toNanos() / 1e9);
        // one event with its details, at the result's level, so that mvn -q shows a failure with its rows and SQL
        switch (result.status()) {
            case PASS -> reporter.info(line);
            case WARN -> reporter.warn(withDetails(line, result));
            case FAIL, ERROR -> reporter.error(withDetails(line, result));
        }
    }

    private static String withDetails(String line, TestResult result) {
        return line + System.lineSeparator() + indent(result.details());
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }
}
