package dev.testbed.generate;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import dev.testbed.core.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ways to write the generator's sales as several Parquet files, timed side by side on the generator's own
 * SQL (hence this package: {@link RetailSql} is package-private). Usage: {@code FileSplitBenchmark SALES RUNS WORK_DIR}.
 * Only the sales table; the same rows in every variant.
 */
public final class FileSplitBenchmark {

    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FileSplitBenchmark SALES RUNS WORK_DIR");
            System.exit(2);
        }
        long sales = Long.parseLong(args[0]);
        Path work = Path.of(args[2]).toAbsolutePath();
        try {
            new FileSplitBenchmark().run(sales, Integer.parseInt(args[1]), work);
        } finally {
            deleteTree(work);
        }
    }

    @FunctionalInterface
    private interface Variant {
        void write(Path folder) throws Exception;
    }

    private void run(long sales, int runs, Path work) throws Exception {
        GeneratorConfig config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, work);
        RetailSql sql = new RetailSql(config);
        int threads = DuckDbSettings.defaults().effectiveThreads();
        System.out.println("File split benchmark: " + config.describe() + ", DuckDB threads " + threads + ", " + runs + " rounds");
        try (Connection main = DuckDb.open(DuckDbSettings.defaults())) {
            List<String> setup = sql.connectionSetup();
            for (String statement : setup) {
                DuckDb.execute(main, statement);
            }
            DuckDb.execute(main, sql.salesDays());
            SalesCalendar calendar = DataGenerator.readCalendar(main);
            List<SalesCalendar.RowRange> months = calendar.months(config.startDate(), sales);
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put("one COPY, one file (a table that fits)", folder -> copy(main, sql.sales(calendar, 0, sales), folder.resolve("sales.parquet"), ""));
            variants.put("one COPY per month, one after another", folder -> {
                for (SalesCalendar.RowRange month : months) {
                    copy(main, sql.sales(calendar, month.from(), month.to()), folder.resolve("sales-" + month.month() + ".parquet"), "");
                }
            });
            for (int workers : new int[] {threads, threads + 1}) {
                variants.put("one COPY per month, " + workers + " connections at once" + (workers == threads ? " (generate-data)" : ""), folder -> {
                    try (ParallelFileWriter writer = new ParallelFileWriter(main, setup, workers)) {
                        writer.write(months.stream().map(m -> new ParallelFileWriter.Job(RawTable.SALES, sql.sales(calendar, m.from(), m.to()),
                                folder.resolve("sales-" + m.month() + ".parquet"))).toList());
                    }
                });
            }
            long rowGroups = Math.max(1, sales / months.size() / 122_880);
            variants.put("one COPY, ROW_GROUPS_PER_FILE " + rowGroups + " (months mixed)",
                    folder -> copy(main, sql.sales(calendar, 0, sales), folder.resolve("rg"), ", ROW_GROUPS_PER_FILE " + rowGroups));
            variants.put("one COPY, PER_THREAD_OUTPUT (order lost)",
                    folder -> copy(main, sql.sales(calendar, 0, sales), folder.resolve("pt"), ", PER_THREAD_OUTPUT"));
            variants.put("one COPY, PARTITION_BY (year, month)", folder -> DuckDb.execute(main,
                    "COPY (SELECT *, year(sale_date) AS year, month(sale_date) AS month FROM (" + RetailSql.typed(RawTable.SALES, sql.sales(calendar, 0, sales))
                            + ")) TO " + Sql.literal(folder.resolve("pb").toString())
                            + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2, PARTITION_BY (year, month))"));
            for (int round = 1; round <= runs; round++) {
                System.out.println("round " + round + "/" + runs);
                for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                    Path folder = work.resolve("round-" + round);
                    deleteTree(folder);
                    Files.createDirectories(folder);
                    long started = System.nanoTime();
                    variant.getValue().write(folder);
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    seconds.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(elapsed);
                    long rows = DuckDb.queryLong(main, "SELECT count(*) FROM read_parquet(" + Sql.literal(folder + "/**/*.parquet") + ")");
                    if (rows != sales) {
                        throw new IllegalStateException(variant.getKey() + " wrote " + rows + " rows, expected " + sales);
                    }
                    System.out.printf(Locale.ROOT, "  %-58s %8.3f s  %,12.0f rows/s%n", variant.getKey(), elapsed, sales / elapsed);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%-58s %9s %9s %14s %14s%n", "variant (" + sales + " sales)", "best s", "median s", "best rows/s", "median rows/s");
        seconds.forEach((name, list) -> {
            List<Double> sorted = list.stream().sorted().toList();
            double best = sorted.get(0);
            double median = sorted.get(sorted.size() / 2);
            System.out.printf(Locale.ROOT, "%-58s %9.3f %9.3f %,14.0f %,14.0f%n", name, best, median, sales / best, sales / median);
        });
    }

    private static void copy(Connection connection, String query, Path target, String options) throws SQLException {
        DuckDb.execute(connection, "COPY (" + RetailSql.typed(RawTable.SALES, query) + ") TO " + Sql.literal(target.toString())
                + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2" + options + ")");
    }

    private static void deleteTree(Path root) throws IOException {
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
