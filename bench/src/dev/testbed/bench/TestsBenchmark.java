package dev.testbed.bench;

import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import dev.testbed.results.DataTest;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * verify-metrics at scale: the sample project's data tests through {@link DataTestRunner}, next to the same compiled
 * test queries run directly, one after another, in one plain DuckDB session, alternating which goes first.
 *
 * <p>Both sides do the same work per test: count the failing rows of the compiled query; for a test with
 * {@code store_failures}, first replace its audit table in a transaction and count that. The engine adds loading
 * and parsing the project, collecting and compiling the tests, parallel workers, the console lines, JUnit XML and
 * the artifacts. Every round checks that both sides counted the same failing rows for every test.
 *
 * <p>Usage: {@code TestsBenchmark SALES RUNS WORK_DIR SAMPLE_PROJECT_DIR}.
 */
public final class TestsBenchmark {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    /** Shows warnings and errors only. */
    private static final Reporter QUIET = event -> {
        if (event.level() == Reporter.Level.WARN || event.level() == Reporter.Level.ERROR) {
            System.out.println("      | " + event.message());
        }
    };

    private final long sales;
    private final int runs;
    private final Path work;
    private final Path sample;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final List<Long> engine = new ArrayList<>();
    private final List<Long> direct = new ArrayList<>();

    private TestsBenchmark(String[] args) {
        sales = Long.parseLong(args[0]);
        runs = Integer.parseInt(args[1]);
        work = Path.of(args[2]).toAbsolutePath();
        sample = Path.of(args[3]).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TestsBenchmark SALES RUNS WORK_DIR SAMPLE_PROJECT_DIR");
            System.exit(2);
        }
        TestsBenchmark benchmark = new TestsBenchmark(args);
        try {
            benchmark.run();
        } finally {
            FoundationBenchmark.deleteTree(benchmark.work);
        }
    }

    private void run() throws Exception {
        System.out.println("Testbed verify-metrics benchmark: the sample project's data tests at " + String.format(Locale.ROOT, "%,d", sales)
                + " sales; " + runs + " rounds; load average " + ModelsBenchmark.loadAverage());
        System.out.println(FoundationBenchmark.machine(threads));
        LakeLocation location = generateAndLoad(sales, work, QUIET, "generate, load and run-models once (not timed): ");
        if (new RunModelsTask(DuckDbSettings.defaults(), QUIET).run(new RunRequest(sample, location, TARGET, Map.of(), null, null, false,
                work.resolve("out"))).failed()) {
            throw new IllegalStateException("the sample project's models did not build");
        }
        // an untimed engine run warms the JVM and yields the compiled tests the direct session runs
        List<DataTest> tests = engineRun(location).results().stream().map(TestResult::test).toList();
        System.out.println("  " + tests.size() + " data tests");
        for (int round = 1; round <= runs; round++) {
            boolean engineFirst = round % 2 == 1;
            Map<String, Long> engineCounts = null;
            Map<String, Long> directCounts = null;
            for (int side = 0; side < 2; side++) {
                long started = System.nanoTime();
                if ((side == 0) == engineFirst) {
                    engineCounts = counts(engineRun(location));
                    engine.add(System.nanoTime() - started);
                } else {
                    directCounts = directRun(location, tests);
                    direct.add(System.nanoTime() - started);
                }
            }
            if (!engineCounts.equals(directCounts)) {
                throw new IllegalStateException("engine and direct failing-row counts differ:\n  " + engineCounts + "\n  " + directCounts);
            }
            System.out.printf(Locale.ROOT, "round %d/%d (%s first): engine %.3f s, direct %.3f s; same failing-row counts for all %d tests%n", round,
                    runs, engineFirst ? "engine" : "direct", engine.get(round - 1) / 1e9, direct.get(round - 1) / 1e9, tests.size());
        }
        System.out.println("load average at the end: " + ModelsBenchmark.loadAverage());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %9s %9s%n", "measurement (" + tests.size() + " data tests)", "best s", "median s");
        print("engine: DataTestRunner.run (" + threads + " workers)", engine);
        print("direct: one session, queries one after another", direct);
        List<Long> differences = new ArrayList<>();
        for (int i = 0; i < engine.size(); i++) {
            differences.add(engine.get(i) - direct.get(i));
        }
        System.out.printf(Locale.ROOT, "engine / direct: %.2f (best), %.2f (median); paired difference median %+.3f s%n",
                ModelsBenchmark.best(engine) / (double) ModelsBenchmark.best(direct), ModelsBenchmark.median(engine) / (double) ModelsBenchmark.median(direct),
                ModelsBenchmark.median(differences) / 1e9);
    }

    /**
     * Generates {@code sales} sales (seed 42, the default window) under {@code work}, emptied first, and loads them into
     * a fresh lake there; prints {@code untimed} and the data set first.
     */
    static LakeLocation generateAndLoad(long sales, Path work, Reporter reporter, String untimed) throws Exception {
        Path data = work.resolve("data");
        LakeLocation location = new LakeLocation(work.resolve("lake/catalog.ducklake").toString(), work.resolve("lake/data") + "/");
        GeneratorConfig config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, data);
        System.out.println(untimed + config.describe());
        FoundationBenchmark.deleteTree(work);
        new DataGenerator(DuckDbSettings.defaults(), reporter).generate(config, true);
        new LakeLoader(DuckDbSettings.defaults(), reporter).load(data, location, true);
        return location;
    }

    private static void print(String what, List<Long> nanos) {
        System.out.printf(Locale.ROOT, "%-58s %9.3f %9.3f%n", what, ModelsBenchmark.best(nanos) / 1e9, ModelsBenchmark.median(nanos) / 1e9);
    }

    private TestRunResult engineRun(LakeLocation location) {
        TestRequest request = new TestRequest(sample, location, TARGET, Map.of(), null, null, work.resolve("out"));
        TestRunResult result = new VerifyMetricsTask(DuckDbSettings.defaults(), QUIET).run(request);
        if (result.failed()) {
            throw new IllegalStateException("data tests failed: " + result.results().stream().filter(r -> !r.message().isEmpty()).toList());
        }
        return result;
    }

    private static Map<String, Long> counts(TestRunResult result) {
        Map<String, Long> counts = new TreeMap<>();
        result.results().forEach(r -> counts.put(r.test().name(), r.failures()));
        return counts;
    }

    /** The same queries in one plain session: connect, LOAD, ATTACH, then each test's count (and audit table), then close. */
    private Map<String, Long> directRun(LakeLocation location, List<DataTest> tests) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            ModelsBenchmark.execute(connection, "SET threads = " + threads);
            ModelsBenchmark.execute(connection, "LOAD ducklake");
            ModelsBenchmark.execute(connection, location.attachSql(Lake.ALIAS));
            for (DataTest test : tests) {
                String failing = "(\n" + test.sql() + "\n) t";
                TestConfig.AuditTable audit = test.config().storeFailures();
                if (audit != null) {
                    connection.setAutoCommit(false);
                    ModelsBenchmark.execute(connection, "CREATE OR REPLACE TABLE " + audit.relation() + " AS " + test.sql());
                    connection.commit();
                    connection.setAutoCommit(true);
                    failing = audit.relation();
                }
                try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery("select count(*) from " + failing)) {
                    count.next();
                    counts.put(test.name(), count.getLong(1));
                }
            }
            ModelsBenchmark.execute(connection, "DETACH " + Lake.ALIAS);
        }
        return counts;
    }
}
