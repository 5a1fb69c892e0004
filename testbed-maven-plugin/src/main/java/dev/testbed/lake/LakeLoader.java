package dev.testbed.lake;

import dev.testbed.core.DataFiles;
import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbDriver;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.FileErrors;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.Snapshot;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.core.Throughput;
import dev.testbed.core.WrittenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads the Parquet files of the four tables (one file or a folder of files each, see {@link DataFiles})
 * into schema {@code raw} of a DuckLake warehouse as one transaction, so one load is one snapshot and a
 * failed load leaves the lake at its previous snapshot. {@code raw_sales} is partitioned by the year and
 * month of {@code sale_date}. Files are registered as they are where possible (see {@link LoadMode}),
 * else their rows are inserted.
 */
public final class LakeLoader {

    /** Commit messages of loads start with this, followed by the data set and fingerprint. */
    public static final String COMMIT_PREFIX = "load-ducklake: ";

    private final DuckDbSettings settings;
    private LakeSource lakes = LakeSource.FRESH;
    private final Reporter reporter;
    private final boolean requireManifest;
    private WrittenFiles trusted = WrittenFiles.NONE;

    /** A loader that loads only one complete generate-data set (see {@link CompleteDataSet}). */
    public LakeLoader(DuckDbSettings settings, Reporter reporter) {
        this(settings, reporter, true);
    }

    /**
     * @param requireManifest true: load only a complete generate-data set, its manifest present and matching the files;
     *                        false: any Parquet files of the right shape, such as a user's own (unfinished {@code *.part}
     *                        files are refused either way)
     */
    public LakeLoader(DuckDbSettings settings, Reporter reporter, boolean requireManifest) {
        this.settings = settings;
        this.reporter = reporter;
        this.requireManifest = requireManifest;
    }

    /** Where this task gets its lake: by default it attaches the lake afresh; a build can hand it one an earlier goal left attached. */
    public LakeLoader lakesFrom(LakeSource lakes) {
        this.lakes = lakes;
        return this;
    }

    /**
     * Files generate-data wrote earlier in this process: each one still as it was written is neither decoded again nor
     * searched for its month, which it was written for (see {@link WrittenFiles}). Every other file is decoded. The lake
     * is the same either way; only the time to prove it readable differs.
     */
    public LakeLoader trusting(WrittenFiles written) {
        this.trusted = written;
        return this;
    }

    public LoadResult load(Path sourceDirectory, LakeLocation location, boolean force) {
        return load(sourceDirectory, location, force, LoadMode.AUTO);
    }

    public LoadResult load(Path sourceDirectory, LakeLocation location, boolean force, LoadMode mode) {
        long started = System.nanoTime();
        Path directory = sourceDirectory.toAbsolutePath();
        if (mode == LoadMode.LINK && !location.isLocalDataPath()) {
            throw new TestbedException("Load mode link hard-links files into the lake's data path, but " + location.resolvedDataPath()
                    + " is not a local folder.", "Use -Dtestbed.load.mode=auto or insert for an object-store data path.");
        }
        CompleteDataSet.verify(directory, requireManifest);
        if (!force) {
            Optional<LoadResult> proven = provenUpToDate(directory, location, started);
            if (proven.isPresent()) {
                return proven.get();
            }
        }
        Map<RawTable, List<ParquetFooter>> footers = readAndCheck(directory);
        String fingerprint = fingerprint(directory, footers);
        Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
        footers.forEach((table, files) -> rows.put(table, files.stream().mapToLong(ParquetFooter::rows).sum()));
        // The manifest names the data set only while the files are still the ones it describes.
        String dataset = DatasetManifest.read(directory).filter(m -> m.filesUnchanged(directory))
                .map(m -> "dataset " + m.description() + " (" + m.fingerprint() + ")")
                .orElse("files from " + directory);
        String message = COMMIT_PREFIX + dataset + ", files fingerprint=" + fingerprint;

        Map<String, String> catalogBefore = LoadProof.applies(location) ? LoadProof.catalogStamps(location) : Map.of();
        Outcome outcome;
        try (Lake lake = lakes.open(location, settings)) {
            outcome = lake.writer().rerun(() -> loadOnce(lake, directory, footers, rows, fingerprint, message, force, mode, started),
                    (next, lost) -> reporter.warn("DuckLake refused the load's commit (" + LakeWriter.conflictReason(lost) + "): another process"
                            + " wrote to the lake at the same time; loading again, attempt " + next + " of " + LakeWriter.MAX_ATTEMPTS));
        } catch (SQLException e) {
            if (!LakeWriter.isCommitConflict(e)) {
                throw new TestbedException("Cannot open a new connection to " + location + " after a lost commit: " + SqlErrors.message(e),
                        "Run the build again.", e);
            }
            throw new TestbedException("Loading into " + location + " lost " + LakeWriter.MAX_ATTEMPTS + " commit conflicts in a row with"
                    + " other writers (" + LakeWriter.conflictReason(e) + "); each time the transaction was rolled back, so the lake holds the"
                    + " other writers' snapshots and nothing half-loaded.",
                    "Run the build again when the other builds have finished, or load into separate lakes.", e);
        }
        remember(directory, location, outcome, catalogBefore);
        return outcome.result();
    }

    /**
     * Decides "up to date" from stamps alone when an earlier check with DuckDB left a proof that still holds (see
     * {@link LoadProof}): no DuckDB, no extension, no Parquet footer.
     */
    private Optional<LoadResult> provenUpToDate(Path directory, LakeLocation location, long started) {
        if (!LoadProof.applies(location)) {
            return Optional.empty();
        }
        Optional<LoadProof> proof = LoadProof.read(directory).filter(p -> p.stillHolds(directory, location));
        proof.ifPresent(p -> reporter.info("Lake is up to date: " + location + " already holds these files (fingerprint " + p.fingerprint()
                + ", loaded in snapshot " + p.loadSnapshot() + "); the files, the catalog and the raw tables' data files are unchanged since"
                + " the lake was checked at snapshot " + p.lakeSnapshot() + ", so it was not opened. No new snapshot."));
        return proof.map(p -> new LoadResult(true, p.lakeSnapshot(), p.fingerprint(), p.rows(),
                Duration.ofNanos(System.nanoTime() - started), LoadResult.Check.STAMPS));
    }

    /**
     * After the lake was found up to date with DuckDB, keeps the proof for next time, but only when no process wrote to
     * the catalog from before this run opened it until after it closed it (a file catalog admits one writing process at
     * a time, so unchanged stamps on both sides mean the lake the check saw is the lake the stamps show). After a load,
     * the old proof goes: the next run checks the new lake with DuckDB once.
     */
    private void remember(Path directory, LakeLocation location, Outcome outcome, Map<String, String> catalogBefore) {
        LoadResult result = outcome.result();
        if (!LoadProof.applies(location) || !result.upToDate() || !catalogBefore.equals(LoadProof.catalogStamps(location))) {
            LoadProof.forget(directory);
            return;
        }
        LoadProof.stamp(directory, location, result.fingerprint(), outcome.loadSnapshot(), result.snapshotId(), result.rows(), outcome.rawDataFiles())
                .flatMap(proof -> proof.write(directory))
                .ifPresent(e -> reporter.debug("Could not keep the up-to-date proof in " + directory + " (" + FileErrors.describe(e)
                        + "); the next run checks the lake with DuckDB again."));
    }

    /** A run's result, with what an up-to-date check saw: the snapshot of the load and the raw tables' data files. */
    private record Outcome(LoadResult result, long loadSnapshot, List<Path> rawDataFiles) {
    }

    private Outcome loadOnce(Lake lake, Path directory, Map<RawTable, List<ParquetFooter>> footers, Map<RawTable, Long> rows,
                             String fingerprint, String message, boolean force, LoadMode mode, long started) throws SQLException {
        LakeLocation location = lake.location();
        Optional<Loaded> loaded = force ? Optional.empty() : alreadyLoaded(lake, fingerprint, rows);
        if (loaded.isPresent()) {
            long snapshot = lake.currentSnapshotId();
            reporter.info("Lake is up to date: " + location + " already holds these files (fingerprint " + fingerprint
                    + ", loaded in snapshot " + loaded.get().load().id() + ", lake now at snapshot " + snapshot + "); no new snapshot.");
            return new Outcome(new LoadResult(true, snapshot, fingerprint, rows, Duration.ofNanos(System.nanoTime() - started), LoadResult.Check.LAKE),
                    loaded.get().load().id(), loaded.get().rawDataFiles());
        }
        try {
            lake.writer().ensureSchemas(List.of(RawTable.SCHEMA));
        } catch (SQLException e) {
            throw new TestbedException("Cannot create schema " + RawTable.SCHEMA + " in " + location + ": " + SqlErrors.message(e), null, e);
        }
        long before = lake.currentSnapshotId();
        reporter.info("Loading " + directory + " into " + location + " (mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
        List<Path> placed = new ArrayList<>();
        try {
            lake.writer().once(message, connection -> {
                DuckDb.execute(connection, "CREATE SCHEMA IF NOT EXISTS " + location.alias() + "." + RawTable.SCHEMA);
                for (RawTable table : RawTable.values()) {
                    loadTable(connection, location.alias(), table, footers.get(table), new FilePlacement(location, mode, fingerprint), placed);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            placed.forEach(LakeLoader::deleteQuietly); // registered only in the rolled-back transaction
            if (e instanceof SQLException sql && LakeWriter.isCommitConflict(sql)) {
                throw sql; // rerun whole by the writer
            }
            if (e instanceof RuntimeException runtime && !(e instanceof UncheckedIOException)) {
                throw runtime;
            }
            TestbedException refused = Lake.storageRefusal(location, failure(e));
            if (refused != null) {
                throw refused;
            }
            throw new TestbedException("Loading into " + location + " failed: " + failure(e)
                    + "\nThe transaction was rolled back; the lake is unchanged at snapshot " + before + ".",
                    hint(FileErrors.reason(e), location, directory), e);
        }
        long snapshot = lake.currentSnapshotId();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LoadResult result = new LoadResult(false, snapshot, fingerprint, rows, elapsed, force ? LoadResult.Check.FORCED : LoadResult.Check.LAKE);
        reporter.info("Loaded " + Throughput.rows(result.totalRows()) + " rows in " + Throughput.seconds(elapsed) + " ("
                + Throughput.rate(result.totalRows(), elapsed) + ") as snapshot " + snapshot + ": " + message);
        return new Outcome(result, snapshot, List.of());
    }

    /** Every table's files, each footer read and checked against the contract before anything touches the lake. */
    private static Map<RawTable, List<ParquetFooter>> readAndCheck(Path directory) {
        Map<RawTable, List<ParquetFooter>> footers = new EnumMap<>(RawTable.class);
        for (RawTable table : RawTable.values()) {
            List<Path> files = DataFiles.find(directory, table);
            if (files.isEmpty()) {
                throw new TestbedException("No Parquet file for table " + table.qualifiedName() + " in " + directory + ": expected "
                        + table.fileName() + " or files in " + table.folderName() + "/.",
                        "Run the generate-data goal first (mvn generate-resources), or point -Dtestbed.dataDirectory at the folder holding the files.");
            }
            List<ParquetFooter> checked = new ArrayList<>();
            for (Path file : files) {
                ParquetFooter footer = ParquetFooter.read(file);
                ParquetSchemaCheck.check(table, footer);
                checked.add(footer);
            }
            footers.put(table, checked);
        }
        return footers;
    }

    private void loadTable(Connection connection, String alias, RawTable table, List<ParquetFooter> footers, FilePlacement placement, List<Path> placed)
            throws SQLException {
        long started = System.nanoTime();
        String target = alias + "." + table.qualifiedName();
        long expected = footers.stream().mapToLong(ParquetFooter::rows).sum();
        Map<String, Integer> how = new TreeMap<>();
        DuckDb.execute(connection, "DROP TABLE IF EXISTS " + target);
        DuckDb.execute(connection, "CREATE TABLE " + target + " (" + table.columnDefinitions() + ")");
        Optional<String> monthColumn = table.monthPartitionColumn();
        if (monthColumn.isPresent()) {
            DuckDb.execute(connection, "ALTER TABLE " + target + " SET PARTITIONED BY (year(" + monthColumn.get() + "), month("
                    + monthColumn.get() + "))");
        }
        Map<Path, Optional<YearMonth>> months = new HashMap<>();
        List<ParquetFooter> unproven = new ArrayList<>();
        for (ParquetFooter footer : footers) {
            trusted.unchanged(footer.file()).ifPresentOrElse(month -> months.put(footer.file(), month), () -> unproven.add(footer));
        }
        if (!unproven.isEmpty()) {
            months.putAll(decodeEveryValue(connection, table, unproven));
        }
        List<Path> registered = new ArrayList<>();
        for (ParquetFooter footer : footers) {
            Optional<YearMonth> month = months.get(footer.file());
            Optional<Path> placedFile = registrable(table, footer, month) ? placement.place(table, footer.file(), month, placed) : Optional.empty();
            if (placedFile.isPresent()) {
                registered.add(placedFile.get());
                how.merge(placement.verb(), 1, Integer::sum);
            } else {
                try {
                    insertRows(connection, table, footer, target);
                } catch (SQLException e) {
                    throw new SQLException("table " + table.qualifiedName() + " from " + footer.file() + ": " + SqlErrors.message(e), e);
                }
                how.merge("inserted", 1, Integer::sum);
            }
        }
        if (!registered.isEmpty()) {
            // one call for all files: DuckLake reads each footer and takes its partition from its folder
            String files = registered.stream().map(f -> Sql.literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
            try {
                DuckDb.execute(connection, "CALL ducklake_add_data_files(" + Sql.literal(alias) + ", " + Sql.literal(table.tableName())
                        + ", " + files + ", schema => " + Sql.literal(RawTable.SCHEMA) + ")");
            } catch (SQLException e) {
                throw new SQLException("table " + table.qualifiedName() + ": registering " + registered.size() + " files failed: "
                        + SqlErrors.message(e), e);
            }
        }
        long loaded = DuckDb.queryLong(connection, "SELECT count(*) FROM " + target);
        if (loaded != expected) {
            throw new SQLException("table " + table.qualifiedName() + ": its files declare " + expected + " rows but " + loaded + " were loaded");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String files = how.entrySet().stream().map(e -> e.getValue() + (e.getValue() == 1 ? " file " : " files ") + e.getKey())
                .collect(Collectors.joining(", ")) + trustedNote(footers.size(), footers.size() - unproven.size());
        reporter.info(String.format("  %-17s %12s rows  %9s  %s  (%s)", table.qualifiedName(), Throughput.rows(expected),
                Throughput.seconds(took), Throughput.rate(expected, took), files));
    }

    /** For a table's log line: how many of its files were taken as generate-data wrote them rather than decoded. */
    private static String trustedNote(int files, int trustedFiles) {
        if (trustedFiles == 0) {
            return "";
        }
        String which = trustedFiles < files ? trustedFiles + " of them " : files == 1 ? "" : "all ";
        return "; " + which + "written by generate-data in this build, not decoded again";
    }

    /**
     * True when the file can become one of the table's data files as it is: its columns are exactly the
     * table's and, in a month-partitioned table, its rows fall in one month.
     */
    private static boolean registrable(RawTable table, ParquetFooter footer, Optional<YearMonth> month) {
        if (footer.rows() == 0 || (table.monthPartitionColumn().isPresent() && month.isEmpty())) {
            return false;
        }
        return ParquetSchemaCheck.exact(table, footer);
    }

    private static void insertRows(Connection connection, RawTable table, ParquetFooter footer, String target) throws SQLException {
        DuckDb.execute(connection, "INSERT INTO " + target + " SELECT " + table.columnList() + " FROM " + readParquet(footer.file()));
    }

    /** read_parquet of one file, never taking folder names such as {@code year=2024} for columns. */
    private static String readParquet(Path file) {
        return "read_parquet(" + Sql.literal(file.toString()) + ", hive_partitioning = false)";
    }

    /**
     * Reads every value of the given files once, all in one query (the files {@link #trusting} vouches for are left
     * out before). DuckLake does not read a file it
     * registers, so a corrupt page must be found here rather than by a later query; and a failure here can
     * be reported as what it is, a damaged file, rather than as a failed insert. For a month-partitioned
     * table the same pass finds, per file, the month all its rows fall in, if there is one.
     */
    private static Map<Path, Optional<YearMonth>> decodeEveryValue(Connection connection, RawTable table, List<ParquetFooter> footers)
            throws SQLException {
        String column = table.monthPartitionColumn().orElse(null);
        String range = column == null ? "NULL, NULL" : "min(" + column + "), max(" + column + ")";
        String files = footers.stream().map(f -> Sql.literal(f.file().toString())).collect(Collectors.joining(", ", "[", "]"));
        Map<Path, Optional<YearMonth>> months = new HashMap<>();
        footers.forEach(f -> months.put(f.file(), Optional.empty()));
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT filename, bit_xor(hash(" + table.columnList() + ")), " + range
                     + " FROM read_parquet(" + files + ", filename = true, hive_partitioning = false) GROUP BY filename")) {
            while (rs.next()) {
                LocalDate first = rs.getObject(3, LocalDate.class);
                LocalDate last = rs.getObject(4, LocalDate.class);
                if (first != null && YearMonth.from(first).equals(YearMonth.from(last))) {
                    months.put(Path.of(rs.getString(1)), Optional.of(YearMonth.from(first)));
                }
            }
            return months;
        } catch (SQLException e) {
            throw damagedFile(connection, table, footers, e);
        }
    }

    /**
     * After reading all files failed: reads them one by one to name the damaged one, on a fresh connection
     * to the same DuckDB, since the failure has aborted the load's transaction.
     */
    private static SQLException damagedFile(Connection connection, RawTable table, List<ParquetFooter> footers, SQLException failure) {
        for (ParquetFooter footer : footers) {
            try (Connection fresh = DuckDbDriver.duplicate(connection)) {
                DuckDb.queryString(fresh, "SELECT bit_xor(hash(" + table.columnList() + ")) FROM " + readParquet(footer.file()));
            } catch (SQLException e) {
                return new SQLException("table " + table.qualifiedName() + " from " + footer.file() + ": its footer and columns are valid"
                        + " but its data cannot be read, so the file is damaged (regenerate it with -Dtestbed.generate.force): "
                        + SqlErrors.message(e), e);
            }
        }
        return new SQLException("table " + table.qualifiedName() + ": reading its files failed: " + SqlErrors.message(failure), failure);
    }

    private static String failure(Exception e) {
        if (e instanceof SQLException sql) {
            return SqlErrors.message(sql);
        }
        // An UncheckedIOException's own message names the files; the operating system's reason is only in its cause. Of a
        // copy, the JDK names the source file beside the reason even when the target's disk is full, so only the reason is kept.
        Throwable cause = e.getCause();
        if (cause == null) {
            return e.getMessage();
        }
        return e.getMessage() + ": " + (cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : FileErrors.describe(cause));
    }

    /**
     * What to do about a failed load. A full or read-only disk can only be the lake's, since the load writes nothing
     * else: the hint then names the lake's file system, never the input files, which are fine.
     */
    private static String hint(FileErrors.Reason reason, LakeLocation location, Path directory) {
        if (reason.kind() == FileErrors.Kind.NO_SPACE || reason.kind() == FileErrors.Kind.READ_ONLY) {
            String written = reason.text().contains(location.resolvedCatalog()) ? location.resolvedCatalog() : location.resolvedDataPath();
            return FileErrors.hint(reason.kind(), written) + "; then run the load again.";
        }
        return "Fix or regenerate the files in " + directory + " and run the load again.";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an unreferenced file in the data path is harmless
        }
    }

    /**
     * The newest load carries this fingerprint, the raw tables still hold its row counts, and every data
     * file the lake lists for them still exists (a lake whose files were deleted is reloaded, not trusted).
     */
    private Optional<Loaded> alreadyLoaded(Lake lake, String fingerprint, Map<RawTable, Long> rows) {
        Optional<Snapshot> lastLoad = lake.snapshots().stream()
                .filter(s -> s.commitMessage() != null && s.commitMessage().startsWith(COMMIT_PREFIX))
                .findFirst();
        if (lastLoad.isEmpty() || !lastLoad.get().commitMessage().endsWith("fingerprint=" + fingerprint)) {
            return Optional.empty();
        }
        try {
            for (RawTable table : RawTable.values()) {
                if (!lake.tableExists(RawTable.SCHEMA, table.tableName())
                        || DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + lake.location().alias() + "." + table.qualifiedName()) != rows.get(table)) {
                    return Optional.empty();
                }
            }
            List<Path> listed = MissingDataFiles.listed(lake, RawTable.SCHEMA, java.util.Arrays.stream(RawTable.values()).map(RawTable::tableName).toList());
            List<Path> missing = listed.stream().filter(file -> !Files.exists(file)).toList();
            if (!missing.isEmpty()) {
                reporter.warn(missing.size() + " data file(s) of the loaded raw tables are missing from " + lake.location() + ", e.g. "
                        + missing.get(0) + "; loading the files again.");
                return Optional.empty();
            }
            return lastLoad.map(load -> new Loaded(load, listed));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The load that put these files in the lake, and the data files the lake lists for the raw tables (empty for a remote data path). */
    private record Loaded(Snapshot load, List<Path> rawDataFiles) {
    }

    /**
     * Bump when the shape of the loaded tables changes for the same files (version 2: raw_sales partitioned
     * by month), so that a lake loaded by an older plugin is loaded again rather than reported up to date.
     */
    private static final String LOAD_LAYOUT = "raw tables v2";

    /** Hash of each file's name, length and footer: cheap even for billions of rows, and changes with the data. */
    static String fingerprint(Path directory, Map<RawTable, List<ParquetFooter>> footers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(LOAD_LAYOUT.getBytes(StandardCharsets.UTF_8));
            footers.forEach((table, files) -> files.forEach(footer -> {
                digest.update(DataFiles.relative(directory, footer.file()).getBytes(StandardCharsets.UTF_8));
                digest.update(Long.toString(footer.file().toFile().length()).getBytes(StandardCharsets.UTF_8));
                digest.update(footer.raw());
            }));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
