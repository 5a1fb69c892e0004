package dev.testbed.generate;

import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.core.Throughput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the four source tables as Parquet files, deterministically for a given {@link GeneratorConfig}.
 * DuckDB does the work (see {@link RetailSql}); this class orders the steps, writes each file under a
 * temporary name and renames it into place, and keeps the manifest that makes re-runs free.
 */
public final class DataGenerator {

    private final DuckDbSettings settings;
    private final Reporter reporter;

    public DataGenerator(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /** Generates the data unless the output directory already holds exactly this data set. */
    public GenerationResult generate(GeneratorConfig config, boolean force) {
        config.validate();
        long started = System.nanoTime();
        Path directory = config.outputDirectory().toAbsolutePath();
        Optional<DatasetManifest> existing = DatasetManifest.read(directory);
        if (!force && existing.isPresent() && existing.get().fingerprint().equals(config.fingerprint())
                && existing.get().filesUnchanged(directory)) {
            reporter.info("Data is up to date in " + directory + " (" + config.describe() + "); nothing to generate.");
            return new GenerationResult(true, config.fingerprint(), existing.get().rows(), Duration.ofNanos(System.nanoTime() - started));
        }
        createDirectory(directory);
        // Invalidate first: if this run dies half-way, the next one must not trust the old manifest.
        DatasetManifest.delete(directory);
        reporter.info("Generating " + config.describe() + " with " + settings.effectiveThreads()
                + (settings.effectiveThreads() == 1 ? " thread" : " threads") + " into " + directory);

        RetailSql sql = new RetailSql(config);
        Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
        Map<RawTable, DatasetManifest.FileStamp> stamps = new EnumMap<>(RawTable.class);
        try (Connection connection = DuckDb.open(settings)) {
            for (String macro : sql.macros()) {
                DuckDb.execute(connection, macro);
            }
            DuckDb.execute(connection, sql.customerKeys());
            DuckDb.execute(connection, sql.storeKeys());
            DuckDb.execute(connection, sql.salesDays());
            Map<RawTable, String> queries = sql.tableQueries(readCalendar(connection));
            for (RawTable table : RawTable.values()) {
                long tableStarted = System.nanoTime();
                Path file = directory.resolve(table.fileName());
                long expectedBytes = table == RawTable.SALES ? config.sales() * RetailSql.SALES_BYTES_PER_ROW : 0;
                long count = writeParquet(connection, table, queries.get(table), file, expectedBytes);
                Duration took = Duration.ofNanos(System.nanoTime() - tableStarted);
                rows.put(table, count);
                stamps.put(table, DatasetManifest.FileStamp.of(file));
                reporter.info(String.format("  %-13s %12s rows  %9s  %s", table.tableName(), Throughput.rows(count),
                        Throughput.seconds(took), Throughput.rate(count, took)));
            }
        } catch (SQLException e) {
            throw new TestbedException("Generating the data failed: " + SqlErrors.message(e),
                    "Check the generator parameters; if DuckDB ran out of memory, set -Dtestbed.memoryLimit and -Dtestbed.tempDirectory.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new DatasetManifest(config.describe(), config.fingerprint(), rows, stamps).write(directory);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        GenerationResult result = new GenerationResult(false, config.fingerprint(), rows, elapsed);
        reporter.info("Generated " + Throughput.rows(result.totalRows()) + " rows in " + Throughput.seconds(elapsed)
                + " (" + Throughput.rate(result.totalRows(), elapsed) + "), fingerprint " + config.fingerprint());
        return result;
    }

    private long writeParquet(Connection connection, RawTable table, String query, Path file, long expectedBytes)
            throws SQLException, IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(partial);
        long count;
        try (Statement statement = connection.createStatement();
             QueryProgressLogger ignored = new QueryProgressLogger(partial, table.tableName(), expectedBytes, reporter)) {
            count = statement.execute(RetailSql.copyToParquet(table, query, partial)) ? firstLong(statement.getResultSet())
                    : statement.getUpdateCount();
        } catch (SQLException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }

    private static SalesCalendar readCalendar(Connection connection) throws SQLException {
        List<long[]> days = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(RetailSql.SALES_CALENDAR)) {
            while (rs.next()) {
                days.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            }
        }
        return new SalesCalendar(days.stream().mapToLong(d -> d[0]).toArray(), days.stream().mapToLong(d -> d[1]).toArray(),
                days.stream().mapToLong(d -> d[2]).toArray());
    }

    private static long firstLong(ResultSet resultSet) throws SQLException {
        try (ResultSet rs = resultSet) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TestbedException("Cannot create the output directory " + directory + ": " + e.getMessage(),
                    "Check the path given as -Dtestbed.dataDirectory and its permissions.", e);
        }
    }
}
