package dev.testbed.generate;

import dev.testbed.core.DataFiles;
import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.FileErrors;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.core.Throughput;
import dev.testbed.core.WrittenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the four source tables as Parquet files, deterministically for a given {@link GeneratorConfig}.
 * DuckDB does the work (see {@link RetailSql}); this class orders the steps, cuts each table into files
 * of at most {@code rowsPerFile} rows (see {@link FileSplit}), writes each file under a temporary name
 * and renames it into place, and keeps the manifest that makes re-runs free. The files of all four tables
 * are written from one queue by several connections at once (see {@link ParallelFileWriter}), as many as
 * DuckDB has threads, so memory depends on the file size and the thread count, not on the data set's size.
 */
public final class DataGenerator {

    /** Default most rows per file: about 100 MB of sales. */
    public static final long DEFAULT_ROWS_PER_FILE = 10_000_000;
    /** Below this, files would be smaller than one Parquet row group and only cost overhead. */
    public static final long MIN_ROWS_PER_FILE = 1_000;

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final long rowsPerFile;

    public DataGenerator(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, DEFAULT_ROWS_PER_FILE);
    }

    /** @param rowsPerFile the most rows written to one Parquet file; a layout choice that never changes the rows */
    public DataGenerator(DuckDbSettings settings, Reporter reporter, long rowsPerFile) {
        if (rowsPerFile < MIN_ROWS_PER_FILE) {
            throw new TestbedException("rowsPerFile must be at least " + MIN_ROWS_PER_FILE + ", got " + rowsPerFile,
                    "Set -Dtestbed.generate.rowsPerFile to at least " + MIN_ROWS_PER_FILE + " (default " + DEFAULT_ROWS_PER_FILE + ").");
        }
        this.settings = settings;
        this.reporter = reporter;
        this.rowsPerFile = rowsPerFile;
    }

    /** Generates the data unless the output directory already holds exactly this data set. */
    public GenerationResult generate(GeneratorConfig config, boolean force) {
        config.validate();
        long started = System.nanoTime();
        Path directory = config.outputDirectory().toAbsolutePath();
        removeUnfinishedFiles(directory);
        Optional<DatasetManifest> existing = DatasetManifest.read(directory);
        if (!force && existing.isPresent() && existing.get().fingerprint().equals(config.fingerprint())
                && existing.get().rowsPerFile() == rowsPerFile && existing.get().filesUnchanged(directory)) {
            reporter.info("Data is up to date in " + directory + " (" + config.describe() + "); nothing to generate.");
            // not just written, so not vouched for: see WrittenFiles on why load-ducklake decodes these as before
            return new GenerationResult(true, config.fingerprint(), existing.get().rows(), Duration.ofNanos(System.nanoTime() - started),
                    WrittenFiles.NONE);
        }
        createDirectory(directory);
        // Invalidate first: if this run dies half-way, the next one must not trust the old manifest.
        DatasetManifest.delete(directory);
        reporter.info("Generating " + config.describe() + " with " + settings.effectiveThreads()
                + (settings.effectiveThreads() == 1 ? " thread" : " threads") + " into " + directory
                + " (at most " + Throughput.rows(rowsPerFile) + " rows per file)");

        Written written;
        try {
            written = writeDataSet(config, directory);
        } catch (SQLException | IOException | RuntimeException e) {
            // a data set without its manifest is never loaded, so what was written only takes disk space (maybe the last of it)
            removeIncompleteDataSet(directory, e);
            throw e instanceof RuntimeException runtime && !(e instanceof UncheckedIOException) ? runtime : failure(e, directory);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        GenerationResult result = new GenerationResult(false, config.fingerprint(), written.rows(), elapsed, written.files());
        reporter.info("Generated " + Throughput.rows(result.totalRows()) + " rows in " + Throughput.seconds(elapsed)
                + " (" + Throughput.rate(result.totalRows(), elapsed) + "), fingerprint " + config.fingerprint());
        return result;
    }

    /** Each table's rows, and the files written with what load-ducklake may take from them. */
    private record Written(Map<RawTable, Long> rows, WrittenFiles files) {
    }

    /** Writes every table's files and, last, the manifest that marks them as one complete data set. */
    private Written writeDataSet(GeneratorConfig config, Path directory) throws SQLException, IOException {
        RetailSql sql = new RetailSql(config);
        Map<RawTable, Long> rows;
        Map<String, DatasetManifest.FileStamp> stamps = new TreeMap<>();
        Map<Path, Optional<YearMonth>> months = new HashMap<>();
        try (Connection connection = DuckDb.open(settings)) {
            List<String> setup = sql.connectionSetup();
            for (String statement : setup) {
                DuckDb.execute(connection, statement);
            }
            DuckDb.execute(connection, sql.salesDays());
            SalesCalendar calendar = readCalendar(connection);
            try (ParallelFileWriter writer = new ParallelFileWriter(connection, setup, settings.effectiveThreads())) {
                rows = writeTables(writer, new TableSource(sql, calendar, config, directory), stamps, months);
            }
        }
        new DatasetManifest(config.describe(), config.fingerprint(), rowsPerFile, rows, stamps).write(directory);
        return new Written(rows, WrittenFiles.recordedNow(months));
    }

    /**
     * The failure of a run, its files already removed. The hint follows the operating system's reason: a full or
     * read-only disk is not a matter of the generator's parameters or of memory.
     */
    private static TestbedException failure(Exception e, Path directory) {
        FileErrors.Reason reason = FileErrors.reason(e);
        String problem = "Generating the data into " + directory + " failed: "
                + (e instanceof SQLException sql ? SqlErrors.message(sql) : reason.text())
                + "\nThe files written so far were removed and the data is not marked as generated, so the next run writes it again.";
        String hint = FileErrors.hint(reason.kind(), directory.toString());
        if (hint == null) {
            hint = e instanceof SQLException
                    ? "Check the generator parameters; if DuckDB ran out of memory, set -Dtestbed.memoryLimit and -Dtestbed.tempDirectory."
                    : "Check that nothing else occupies the file or folder named.";
        }
        return new TestbedException(problem, hint, e);
    }

    /** Deletes the {@code *.part} files a killed earlier run left behind: nothing will ever finish them. */
    private void removeUnfinishedFiles(Path directory) {
        List<Path> partial = DataFiles.partialFiles(directory);
        for (Path file : partial) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                FileErrors.Reason reason = FileErrors.reason(e);
                throw new TestbedException("Cannot delete " + file + ", an unfinished file of an earlier generate-data run: " + reason.text(),
                        Optional.ofNullable(FileErrors.hint(reason.kind(), file.toString())).orElse("Delete it by hand."), e);
            }
        }
        if (!partial.isEmpty()) {
            reporter.info("Removed " + partial.size() + " unfinished file(s) of an earlier generate-data run that was stopped part way"
                    + " (" + DataFiles.relative(directory, partial.get(0)) + (partial.size() > 1 ? ", …" : "") + ")");
        }
    }

    /** After a failed run: deletes every table's files and the unfinished ones, keeping any failure to delete beside the cause. */
    private static void removeIncompleteDataSet(Path directory, Exception cause) {
        try {
            for (RawTable table : RawTable.values()) {
                DataFiles.deleteAll(directory, table);
            }
            for (Path file : DataFiles.partialFiles(directory)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** What a table's files are made from: the SQL, the sales calendar, the data set and where its files go. */
    private record TableSource(RetailSql sql, SalesCalendar calendar, GeneratorConfig config, Path directory) {
    }

    /**
     * Replaces every table's files with new ones in one queue, records their stamps and months and returns each table's rows.
     * One queue rather than one table after another: a table whose files are fewer than the workers (the customers,
     * one file up to 2.5 million keys) would otherwise leave the other workers idle while it is written.
     */
    private Map<RawTable, Long> writeTables(ParallelFileWriter writer, TableSource source, Map<String, DatasetManifest.FileStamp> stamps,
                                            Map<Path, Optional<YearMonth>> months) throws SQLException, IOException {
        Path directory = source.directory();
        Map<RawTable, TableProgress> progress = new EnumMap<>(RawTable.class);
        for (RawTable table : RawTable.values()) {
            DataFiles.deleteAll(directory, table);
        }
        List<FileSplit.OutputFile> files = FileSplit.queue(source.sql(), source.calendar(), source.config(), rowsPerFile);
        for (RawTable table : RawTable.values()) {
            progress.put(table, new TableProgress((int) files.stream().filter(f -> f.table() == table).count()));
        }
        List<ParallelFileWriter.Job> jobs = files.stream().map(f -> new ParallelFileWriter.Job(f.table(),
                source.sql().rows(f.table(), source.calendar(), f.from(), f.to()), directory.resolve(f.relativePath()))).toList();
        long started = System.nanoTime();
        try (QueryProgressLogger ignored = new QueryProgressLogger(writer::bytesWritten, "data set",
                source.config().sales() * RetailSql.SALES_BYTES_PER_ROW, reporter)) {
            writer.write(jobs, (job, rows, nanos) -> progress.get(job.table()).fileDone(job.table(), rows, nanos, started));
        }
        for (FileSplit.OutputFile file : files) {
            stamps.put(file.relativePath(), DatasetManifest.FileStamp.of(directory.resolve(file.relativePath())));
            months.put(directory.resolve(file.relativePath()), file.month());
        }
        Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
        progress.forEach((table, p) -> rows.put(table, p.rows));
        return rows;
    }

    /** A table's files written so far; logs the table's line when its last file is done. */
    private final class TableProgress {
        private final int files;
        private int done;
        private long rows;
        private long busyNanos;

        TableProgress(int files) {
            this.files = files;
        }

        /** @param stageStarted when the queue started, the start of a table's time: its files share the workers with the others */
        synchronized void fileDone(RawTable table, long fileRows, long nanos, long stageStarted) {
            rows += fileRows;
            busyNanos += nanos;
            if (++done < files) {
                return;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - stageStarted);
            reporter.info(String.format("  %-13s %12s rows  %9s  %s%s", table.tableName(), Throughput.rows(rows),
                    Throughput.seconds(took), Throughput.rate(rows, took),
                    "  (" + (files == 1 ? "" : files + " files in " + table.folderName() + "/, ")
                    + Throughput.seconds(Duration.ofNanos(busyNanos)) + " of writing)"));
        }
    }

    static SalesCalendar readCalendar(Connection connection) throws SQLException {
        List<long[]> days = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(RetailSql.SALES_CALENDAR)) {
            while (rs.next()) {
                days.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            }
        }
        return new SalesCalendar(days.stream().mapToLong(d -> d[0]).toArray(), days.stream().mapToLong(d -> d[1]).toArray(),
                days.stream().mapToLong(d -> d[2]).toArray());
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
