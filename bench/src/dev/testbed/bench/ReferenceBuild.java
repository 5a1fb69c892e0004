package dev.testbed.bench;

import dev.testbed.generate.GeneratorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * The bare-DuckDB reference that bench/speed.sh measures the sample build against: one JDBC session, no Maven, no
 * plugin code on the way, running bench/reference/generate.sql (four raw tables to Parquet), load.sql (into a fresh
 * DuckLake) and models.sql (the seed's staging and metrics SQL). Only the row counts come from the plugin
 * ({@link GeneratorConfig#scaled}), so that the reference always has generate-data's sizes.
 * <pre>
 *   ReferenceBuild REFERENCE_SQL_DIR WORK_DIR SALES
 * </pre>
 * Prints one line a stage, {@code reference <stage> seconds=<s> rows=<n>} (generate and load: rows of all four tables;
 * models: the sales rows the metrics read), then {@code reference total seconds=<s>} (the three stages, in the session)
 * and the metrics' key figures ({@link MetricsSummary}). WORK_DIR must not exist; it is left for the caller to delete.
 */
public final class ReferenceBuild {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ReferenceBuild REFERENCE_SQL_DIR WORK_DIR SALES");
            System.exit(2);
        }
        Path sql = Path.of(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        GeneratorConfig sizes = GeneratorConfig.scaled(Long.parseLong(args[2]) / (double) GeneratorConfig.SALES_PER_SCALE,
                GeneratorConfig.DEFAULT_SEED, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, work);
        Path data = Files.createDirectories(work.resolve("data"));
        Path lake = Files.createDirectories(work.resolve("lake"));
        Map<String, String> values = Map.of("customers", Long.toString(sizes.customers()), "stores", Long.toString(sizes.stores()),
                "products", Long.toString(sizes.products()), "sales", Long.toString(sizes.sales()),
                "dir", data.toString(), "lake", lake.toString(), "source", "lake.raw", "target", "lake.main");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            run(connection, "SET autoinstall_known_extensions = false");
            double total = stage(connection, SqlScript.read(sql.resolve("generate.sql"), values), "generate",
                    "SELECT count(*) FROM read_parquet('" + data + "/*.parquet', union_by_name = true)");
            total += stage(connection, SqlScript.read(sql.resolve("load.sql"), values), "load",
                    "SELECT (SELECT count(*) FROM lake.raw.raw_customers) + (SELECT count(*) FROM lake.raw.raw_stores)"
                            + " + (SELECT count(*) FROM lake.raw.raw_products) + (SELECT count(*) FROM lake.raw.raw_sales)");
            total += stage(connection, SqlScript.read(sql.resolve("models.sql"), values), "models",
                    "SELECT count(*) FROM lake.raw.raw_sales");
            System.out.printf(Locale.ROOT, "reference total seconds=%.3f%n", total);
            System.out.println(MetricsSummary.of(connection, "lake.main").line("reference"));
        }
    }

    /**
     * Runs one stage's script and prints its wall time and the CPU time the process spent meanwhile (DuckDB's own threads
     * included, which a shared machine slows down less than wall time); the row count is read afterwards, outside both.
     */
    private static double stage(Connection connection, SqlScript script, String name, String rowsQuery) throws Exception {
        long started = System.nanoTime();
        double cpuBefore = processCpuSeconds();
        script.run(connection);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = processCpuSeconds() - cpuBefore;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(rowsQuery)) {
            rows.next();
            System.out.printf(Locale.ROOT, "reference %s seconds=%.3f rows=%d cpu=%.2f%n", name, seconds, rows.getLong(1), cpu);
        }
        return seconds;
    }

    /** User + system CPU seconds of this process so far, from Linux's /proc/self/stat (fields 14 and 15, clock ticks of 1/100 s). */
    private static double processCpuSeconds() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
