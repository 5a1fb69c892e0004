package dev.testbed.bench;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * generate-data, table by table, next to the bare-DuckDB reference of bench/reference/generate.sql (the same four
 * tables, same shapes and sizes, in plain SQL, one COPY per table in one session), in one JVM, the two alternating
 * round by round. Usage: {@code GenerateBenchmark SALES RUNS WORK_DIR REFERENCE_SQL}.
 *
 * <p>The reference's tables run one after another, so its per-table seconds add up to its total; generate-data writes
 * all tables' files from one queue on several connections, so its per-table figures are when the table was complete
 * (from the queue's start) and the seconds its files took to write, which overlap.
 */
public final class GenerateBenchmark {

    private static final String TOTAL = "total (connect..close)";

    private final GeneratorConfig config;
    private final int runs;
    private final Path work;
    private final Path referenceSql;
    private final Map<String, List<Double>> reference = new LinkedHashMap<>();
    private final Map<String, List<Double>> oursDone = new LinkedHashMap<>();
    private final Map<String, List<Double>> oursWriting = new LinkedHashMap<>();

    private GenerateBenchmark(long sales, int runs, Path work, Path referenceSql) {
        this.config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, work.resolve("generated"));
        this.runs = runs;
        this.work = work;
        this.referenceSql = referenceSql;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: GenerateBenchmark SALES RUNS WORK_DIR REFERENCE_SQL");
            System.exit(2);
        }
        Path work = Path.of(args[2]).toAbsolutePath();
        GenerateBenchmark benchmark = new GenerateBenchmark(Long.parseLong(args[0]), Integer.parseInt(args[1]), work,
                Path.of(args[3]));
        try {
            benchmark.run();
        } finally {
            FoundationBenchmark.deleteTree(work);
        }
    }

    private void run() throws Exception {
        FoundationBenchmark.deleteTree(work);
        Files.createDirectories(work.resolve("reference"));
        System.out.println("generate-data next to the bare-DuckDB reference: " + config.describe() + "; " + runs + " rounds, alternating");
        System.out.println(FoundationBenchmark.machine(DuckDbSettings.defaults().effectiveThreads()));
        for (int round = 1; round <= runs; round++) {
            // the order alternates, so that neither side always runs on a machine warmed (or tired) by the other
            if (round % 2 == 1) {
                reference();
                ours();
            } else {
                ours();
                reference();
            }
            System.out.printf(Locale.ROOT, "round %d/%d: reference %.2f s, generate-data %.2f s%n", round, runs,
                    last(reference.get(TOTAL)), last(oursDone.get(TOTAL)));
        }
        print();
    }

    /** The reference's statements in one fresh in-memory DuckDB, each timed; the total from connect to close. */
    private void reference() throws SQLException {
        List<String> statements = SqlScript.read(referenceSql, Map.of("customers", Long.toString(config.customers()),
                "stores", Long.toString(config.stores()), "products", Long.toString(config.products()),
                "sales", Long.toString(config.sales()), "dir", work.resolve("reference").toString())).statements();
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String statement : statements) {
                long statementStarted = System.nanoTime();
                try (Statement s = connection.createStatement()) {
                    s.execute(statement);
                }
                tableOf(statement).ifPresent(table -> add(reference, table, (System.nanoTime() - statementStarted) / 1e9));
            }
        }
        add(reference, TOTAL, (System.nanoTime() - started) / 1e9);
    }

    /** The raw table a COPY statement writes; empty for the script's helper statements (its macros). */
    private static Optional<String> tableOf(String statement) {
        for (RawTable table : RawTable.values()) {
            if (statement.contains("/" + table.tableName() + ".parquet'")) {
                return Optional.of(table.tableName());
            }
        }
        return Optional.empty();
    }

    private void ours() throws IOException {
        TimingReporter reporter = new TimingReporter(false);
        long started = System.nanoTime();
        new DataGenerator(DuckDbSettings.defaults(), reporter).generate(config, true);
        add(oursDone, TOTAL, (System.nanoTime() - started) / 1e9);
        for (RawTable table : RawTable.values()) {
            double[] seconds = reporter.printedSeconds(table.tableName());
            add(oursDone, table.tableName(), seconds[0]);
            add(oursWriting, table.tableName(), seconds[1]);
        }
    }

    private static void add(Map<String, List<Double>> samples, String key, double seconds) {
        samples.computeIfAbsent(key, k -> new ArrayList<>()).add(seconds);
    }

    private static double last(List<Double> list) {
        return list.get(list.size() - 1);
    }

    private void print() {
        System.out.println();
        System.out.println("seconds, median [min-max] of " + runs + " rounds");
        System.out.printf(Locale.ROOT, "%-24s %-22s %-22s %-22s%n", "table", "reference", "generate-data: done at", "generate-data: writing");
        for (RawTable table : List.of(RawTable.CUSTOMERS, RawTable.STORES, RawTable.PRODUCTS, RawTable.SALES)) {
            String name = table.tableName();
            System.out.printf(Locale.ROOT, "%-24s %-22s %-22s %-22s%n", name, summary(reference.get(name)), summary(oursDone.get(name)),
                    summary(oursWriting.get(name)));
        }
        System.out.printf(Locale.ROOT, "%-24s %-22s %-22s%n", TOTAL, summary(reference.get(TOTAL)), summary(oursDone.get(TOTAL)));
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ratios.add(oursDone.get(TOTAL).get(i) / reference.get(TOTAL).get(i));
        }
        System.out.printf(Locale.ROOT, "generate-data / reference, round by round: %s%n", summary(ratios).replace(" s", ""));
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", sorted.get((sorted.size() - 1) / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
