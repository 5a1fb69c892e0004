package dev.testbed.bench;

import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Sql;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GenerationResult;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import dev.testbed.lake.LoadMode;
import dev.testbed.lake.LoadResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * generate-data and load-ducklake throughput next to what plain DuckDB does with rows of the same
 * shape, in one JVM on one machine. Each round runs, in order: baseline generate, our generator,
 * baseline load, our loader. Usage: {@code FoundationBenchmark SALES RUNS WORK_DIR}.
 */
public final class FoundationBenchmark {

    private static final String BASE_GENERATE = "DuckDB COPY to Parquet (baseline)";
    private static final String OUR_GENERATE_SALES = "generate-data: raw_sales only";
    private static final String OUR_GENERATE_ALL = "generate-data: whole run, 4 tables";
    private static final String BASE_LOAD_CTAS = "DuckDB CTAS into DuckLake: statement";
    private static final String BASE_LOAD_ALL = "DuckDB CTAS into DuckLake: connect..close";
    private static final String OUR_LOAD_SALES = "load-ducklake: raw_sales only";
    private static final String OUR_LOAD_ALL = "load-ducklake: whole run, 4 tables";
    private static final String OUR_INSERT_SALES = "load-ducklake mode=insert: raw_sales";
    private static final String OUR_INSERT_ALL = "load-ducklake mode=insert: whole run";
    private static final String OUR_LINK_SALES = "load-ducklake mode=link: raw_sales";
    private static final String OUR_LINK_ALL = "load-ducklake mode=link: whole run";
    /** Each measurement and the baseline its ratio is taken against (itself for a baseline). */
    private static final Map<String, String> BASELINE_OF = new LinkedHashMap<>();

    static {
        BASELINE_OF.put(BASE_GENERATE, BASE_GENERATE);
        BASELINE_OF.put(OUR_GENERATE_SALES, BASE_GENERATE);
        BASELINE_OF.put(OUR_GENERATE_ALL, BASE_GENERATE);
        BASELINE_OF.put(BASE_LOAD_CTAS, BASE_LOAD_CTAS);
        BASELINE_OF.put(OUR_LOAD_SALES, BASE_LOAD_CTAS);
        BASELINE_OF.put(BASE_LOAD_ALL, BASE_LOAD_ALL);
        BASELINE_OF.put(OUR_LOAD_ALL, BASE_LOAD_ALL);
        BASELINE_OF.put(OUR_INSERT_SALES, BASE_LOAD_CTAS);
        BASELINE_OF.put(OUR_INSERT_ALL, BASE_LOAD_ALL);
        BASELINE_OF.put(OUR_LINK_SALES, BASE_LOAD_CTAS);
        BASELINE_OF.put(OUR_LINK_ALL, BASE_LOAD_ALL);
    }

    /** BENCH_ROWS_PER_FILE: the generator's most rows per file (below the sales count, sales are split by month). */
    private static final long ROWS_PER_FILE = Long.parseLong(System.getenv().getOrDefault("BENCH_ROWS_PER_FILE",
            Long.toString(DataGenerator.DEFAULT_ROWS_PER_FILE)));

    /** BENCH_VERBOSE=1 echoes the engine's own log (per-table timings) under each measurement. */
    private static final boolean VERBOSE = "1".equals(System.getenv("BENCH_VERBOSE"));

    private final long sales;
    private final int runs;
    private final Path work;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    private record Sample(long rows, long nanos) {
        double rate() {
            return rows / (nanos / 1e9);
        }
    }

    private FoundationBenchmark(long sales, int runs, Path work) {
        this.sales = sales;
        this.runs = runs;
        this.work = work;
        BASELINE_OF.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FoundationBenchmark SALES RUNS WORK_DIR");
            System.exit(2);
        }
        FoundationBenchmark benchmark = new FoundationBenchmark(Long.parseLong(args[0]), Integer.parseInt(args[1]),
                Path.of(args[2]).toAbsolutePath());
        try {
            benchmark.run();
        } finally {
            deleteTree(benchmark.work);
        }
    }

    private void run() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        GeneratorConfig config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, work.resolve("data"));
        System.out.println("Testbed foundation benchmark: " + config.describe() + ", at most " + ROWS_PER_FILE + " rows per file; " + runs + " rounds");
        System.out.println(machine(threads));
        for (int round = 1; round <= runs; round++) {
            System.out.println("round " + round + "/" + runs);
            baselineGenerate(config);
            ourGenerate(config);
            baselineLoad(DataFiles.find(config.outputDirectory(), RawTable.SALES), round);
            ourLoad(config.outputDirectory(), round, LoadMode.AUTO, OUR_LOAD_SALES, OUR_LOAD_ALL);
            ourLoad(config.outputDirectory(), round, LoadMode.INSERT, OUR_INSERT_SALES, OUR_INSERT_ALL);
            ourLoad(config.outputDirectory(), round, LoadMode.LINK, OUR_LINK_SALES, OUR_LINK_ALL);
        }
        checkSameShape(DataFiles.find(config.outputDirectory(), RawTable.SALES).get(0));
        printTable();
    }

    /** Plain DuckDB writes SALES random rows shaped like raw_sales, with the generator's Parquet options. */
    private void baselineGenerate(GeneratorConfig config) throws SQLException, IOException {
        Path file = work.resolve("baseline").resolve("sales.parquet");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (Connection connection = plainDuckDb()) {
            long started = System.nanoTime();
            long rows = update(connection, "COPY (" + baselineSalesQuery(config) + ") TO " + Sql.literal(file.toString())
                    + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)");
            record(BASE_GENERATE, rows, System.nanoTime() - started, Files.size(file));
        }
    }

    static String baselineSalesQuery(GeneratorConfig config) {
        return "SELECT i + 1 AS transaction_id, "
                + "CAST(1 + floor(random() * " + config.customers() + ") AS BIGINT) AS customer_id, "
                + "CAST(1 + floor(random() * " + config.stores() + ") AS BIGINT) AS store_id, "
                + "CAST(1 + floor(random() * " + config.products() + ") AS BIGINT) AS product_id, "
                + "DATE '" + config.startDate() + "' + CAST(floor(random() * " + config.windowDays() + ") AS INTEGER) AS sale_date, "
                + "CAST(1 + floor(random() * 10) AS INTEGER) AS quantity, "
                + "CAST(1 + random() * 1499 AS DECIMAL(10,2)) AS unit_price, "
                + "CAST(1 + random() * 14999 AS DECIMAL(12,2)) AS amount "
                + "FROM range(" + config.sales() + ") t(i)";
    }

    private void ourGenerate(GeneratorConfig config) throws IOException {
        TimingReporter reporter = new TimingReporter(VERBOSE);
        long started = System.nanoTime();
        GenerationResult result = new DataGenerator(DuckDbSettings.defaults(), reporter, ROWS_PER_FILE).generate(config, true);
        long elapsed = System.nanoTime() - started;
        long salesRows = result.rows().get(RawTable.SALES);
        // the tables share one queue: the sales are done this long after it started, the customers' file written alongside
        record(OUR_GENERATE_SALES, salesRows, Math.round(reporter.printedSeconds(RawTable.SALES.tableName())[0] * 1e9),
                totalSize(DataFiles.find(config.outputDirectory(), RawTable.SALES)));
        record(OUR_GENERATE_ALL, result.totalRows(), elapsed, -1);
    }

    private static long totalSize(List<Path> files) throws IOException {
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        return bytes;
    }

    /**
     * Plain DuckDB: a fresh DuckLake, one CREATE TABLE AS over our sales file(s), one commit, unpartitioned.
     * Timed twice: the statement alone, and everything from connect to close (as LakeLoader.load is timed).
     */
    private void baselineLoad(List<Path> salesFiles, int round) throws SQLException, IOException {
        Path lake = work.resolve("lake-baseline-" + round);
        Files.createDirectories(lake.resolve("data"));
        String source = "read_parquet([" + String.join(", ", salesFiles.stream().map(f -> Sql.literal(f.toString())).toList()) + "])";
        long rows;
        try (Connection connection = plainDuckDb()) {
            rows = queryLong(connection, "SELECT count(*) FROM " + source); // footer only; outside the timing
        }
        long started = System.nanoTime();
        long statementNanos;
        long checkNanos; // the row-count check is not part of the load
        try (Connection connection = plainDuckDb()) {
            update(connection, "LOAD ducklake");
            update(connection, "ATTACH " + Sql.literal("ducklake:" + lake.resolve("catalog.ducklake")) + " AS lake (DATA_PATH "
                    + Sql.literal(lake.resolve("data") + "/") + ")");
            connection.setAutoCommit(false);
            long statementStarted = System.nanoTime();
            update(connection, "CREATE TABLE lake.s AS SELECT * FROM " + source);
            statementNanos = System.nanoTime() - statementStarted;
            connection.commit();
            connection.setAutoCommit(true);
            long checkStarted = System.nanoTime();
            long loaded = queryLong(connection, "SELECT count(*) FROM lake.s");
            if (loaded != rows) {
                throw new IllegalStateException("baseline load wrote " + loaded + " rows, expected " + rows);
            }
            checkNanos = System.nanoTime() - checkStarted;
            update(connection, "DETACH lake");
        }
        record(BASE_LOAD_CTAS, rows, statementNanos, -1);
        record(BASE_LOAD_ALL, rows, System.nanoTime() - started - checkNanos, -1);
        deleteTree(lake);
    }

    /** LakeLoader in the given mode: auto (verified file copies registered with DuckLake), insert (re-encoded rows) or link (hard links registered). */
    private void ourLoad(Path dataDirectory, int round, LoadMode mode, String salesRow, String allRow) throws IOException {
        Path lake = work.resolve("lake-testbed-" + round);
        TimingReporter reporter = new TimingReporter(VERBOSE);
        LakeLocation location = new LakeLocation(lake.resolve("catalog.ducklake").toString(), lake.resolve("data").toString());
        long started = System.nanoTime();
        LoadResult result = new LakeLoader(DuckDbSettings.defaults(), reporter).load(dataDirectory, location, true, mode);
        long elapsed = System.nanoTime() - started;
        record(salesRow, result.rows().get(RawTable.SALES), reporter.tableNanos(RawTable.SALES.qualifiedName()), -1);
        record(allRow, result.totalRows(), elapsed, -1);
        deleteTree(lake);
    }

    private void record(String name, long rows, long nanos, long bytes) {
        Sample sample = new Sample(rows, nanos);
        samples.get(name).add(sample);
        System.out.printf(Locale.ROOT, "  %-42s %,14d rows %9.3f s %,14.0f rows/s%s%n", name, rows, nanos / 1e9, sample.rate(),
                bytes < 0 ? "" : String.format(Locale.ROOT, "  (%.1f bytes/row)", bytes / (double) rows));
    }

    /** The baseline must write the same column types as raw_sales, else the comparison means nothing. */
    private void checkSameShape(Path ourSales) throws SQLException {
        try (Connection connection = plainDuckDb()) {
            String ours = describe(connection, "SELECT * FROM read_parquet(" + Sql.literal(ourSales.toString()) + ")");
            String baseline = describe(connection, "SELECT * FROM read_parquet(" + Sql.literal(work.resolve("baseline").resolve("sales.parquet").toString()) + ")");
            if (!ours.equals(baseline)) {
                throw new IllegalStateException("baseline shape differs from raw_sales:\n  ours:     " + ours + "\n  baseline: " + baseline);
            }
            System.out.println("shape check: baseline and raw_sales Parquet files have the same columns and types: " + ours);
        }
    }

    private static String describe(Connection connection, String query) throws SQLException {
        StringBuilder columns = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("DESCRIBE " + query)) {
            while (rs.next()) {
                columns.append(columns.length() == 0 ? "" : ", ").append(rs.getString("column_name")).append(' ').append(rs.getString("column_type"));
            }
        }
        return columns.toString();
    }

    private void printTable() {
        System.out.println();
        System.out.printf(Locale.ROOT, "Results (%d rounds; ratio = rows/s divided by the DuckDB baseline's, best vs best and median vs median)%n", runs);
        String header = String.format(Locale.ROOT, "%-42s %14s %9s %9s %14s %14s %7s %7s",
                "measurement", "rows", "best s", "median s", "best rows/s", "median rows/s", "ratio", "ratio");
        System.out.println(header);
        System.out.printf(Locale.ROOT, "%-42s %14s %9s %9s %14s %14s %7s %7s%n", "", "", "", "", "", "", "best", "median");
        System.out.println("-".repeat(header.length()));
        for (Map.Entry<String, List<Sample>> entry : samples.entrySet()) {
            String name = entry.getKey();
            List<Sample> list = entry.getValue();
            List<Sample> baseline = samples.get(BASELINE_OF.get(name));
            boolean isBaseline = BASELINE_OF.get(name).equals(name);
            System.out.printf(Locale.ROOT, "%-42s %,14d %9.3f %9.3f %,14.0f %,14.0f %7s %7s%n", name, list.get(0).rows(),
                    best(list).nanos() / 1e9, median(list).nanos() / 1e9, best(list).rate(), median(list).rate(),
                    isBaseline ? "1.00" : String.format(Locale.ROOT, "%.2f", best(list).rate() / best(baseline).rate()),
                    isBaseline ? "1.00" : String.format(Locale.ROOT, "%.2f", median(list).rate() / median(baseline).rate()));
        }
    }

    private static Sample best(List<Sample> list) {
        return list.stream().max(Comparator.comparingDouble(Sample::rate)).orElseThrow();
    }

    /** The median by rate; for an even count, the lower middle (the slower of the two). */
    private static Sample median(List<Sample> list) {
        List<Sample> sorted = list.stream().sorted(Comparator.comparingDouble(Sample::rate)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** One line describing the machine, JVM and DuckDB, for the head of a benchmark's output. */
    static String machine(int threads) {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it unknown
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        String duckdb;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            duckdb = queryString(connection, "SELECT version()") + " (" + jarName(org.duckdb.DuckDBDriver.class) + ")";
        } catch (SQLException e) {
            duckdb = "unknown (" + e.getMessage() + ")";
        }
        return String.format(Locale.ROOT, "machine: %d cores (%s), %.1f GiB RAM, %s %s %s; JVM %s %s; DuckDB %s; DuckDB threads %d",
                Runtime.getRuntime().availableProcessors(), cpu, memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), duckdb, threads);
    }

    /** The jar a class was loaded from, e.g. duckdb_jdbc-1.5.5.1.jar. */
    private static String jarName(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (Exception e) {
            return "jar unknown";
        }
    }

    private Connection plainDuckDb() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        update(connection, "SET threads = " + threads);
        return connection;
    }

    private static long update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rs = statement.getResultSet()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
            return statement.getUpdateCount();
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
