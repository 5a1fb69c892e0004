package dev.testbed.lake;

import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.Snapshot;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.core.Throughput;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads the four Parquet files into schema {@code raw} of a DuckLake warehouse as one transaction, so
 * one load is one snapshot and a failed load leaves the lake at its previous snapshot. Files are
 * registered as they are where possible (see {@link LoadMode}), else their rows are inserted.
 */
public final class LakeLoader {

    /** Commit messages of loads start with this, followed by the data set and fingerprint. */
    public static final String COMMIT_PREFIX = "load-ducklake: ";
    public static final String AUTHOR = "testbed";

    private final DuckDbSettings settings;
    private final Reporter reporter;

    public LakeLoader(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    public LoadResult load(Path sourceDirectory, LakeLocation location, boolean force) {
        return load(sourceDirectory, location, force, LoadMode.AUTO);
    }

    public LoadResult load(Path sourceDirectory, LakeLocation location, boolean force, LoadMode mode) {
        long started = System.nanoTime();
        Path directory = sourceDirectory.toAbsolutePath();
        Map<RawTable, ParquetFooter> footers = new EnumMap<>(RawTable.class);
        for (RawTable table : RawTable.values()) {
            ParquetFooter footer = ParquetFooter.read(directory.resolve(table.fileName()));
            ParquetSchemaCheck.check(table, footer);
            footers.put(table, footer);
        }
        String fingerprint = fingerprint(footers);
        Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
        footers.forEach((table, footer) -> rows.put(table, footer.rows()));
        // The manifest names the data set only while the files are still the ones it describes.
        String dataset = DatasetManifest.read(directory).filter(m -> m.filesUnchanged(directory))
                .map(m -> "dataset " + m.description() + " (" + m.fingerprint() + ")")
                .orElse("files from " + directory);
        String message = COMMIT_PREFIX + dataset + ", files fingerprint=" + fingerprint;

        try (Lake lake = Lake.open(location, settings)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return loadOnce(lake, directory, footers, rows, fingerprint, message, force, mode, started);
                } catch (CommitConflict conflict) {
                    String reason = Lake.conflictReason(conflict.cause);
                    if (attempt >= MAX_ATTEMPTS) {
                        throw new TestbedException("Loading into " + location + " lost " + MAX_ATTEMPTS + " commit conflicts in a row with"
                                + " other writers (" + reason + "); each time the transaction was rolled back, so the lake holds the"
                                + " other writers' snapshots and nothing half-loaded.",
                                "Run the build again when the other builds have finished, or load into separate lakes.");
                    }
                    Lake.backOff(attempt);
                    reporter.warn("DuckLake refused the load's commit (" + reason + "): another process wrote to the lake at the"
                            + " same time; loading again, attempt " + (attempt + 1) + " of " + MAX_ATTEMPTS);
                }
            }
        }
    }

    /** A load, rerun whole when another writer commits a conflicting change first (see {@link Lake#isCommitConflict}). */
    public static final int MAX_ATTEMPTS = Lake.MAX_COMMIT_ATTEMPTS;

    /** The load's transaction lost a commit conflict and was rolled back. */
    private static final class CommitConflict extends Exception {
        private final SQLException cause;

        CommitConflict(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private LoadResult loadOnce(Lake lake, Path directory, Map<RawTable, ParquetFooter> footers, Map<RawTable, Long> rows,
                                String fingerprint, String message, boolean force, LoadMode mode, long started) throws CommitConflict {
        LakeLocation location = lake.location();
        Optional<Snapshot> loaded = force ? Optional.empty() : alreadyLoaded(lake, fingerprint, rows);
        if (loaded.isPresent()) {
            long snapshot = lake.currentSnapshotId();
            reporter.info("Lake is up to date: " + location + " already holds these files (fingerprint " + fingerprint
                    + ", loaded in snapshot " + loaded.get().id() + ", lake now at snapshot " + snapshot + "); no new snapshot.");
            return new LoadResult(true, snapshot, fingerprint, rows, Duration.ofNanos(System.nanoTime() - started));
        }
        try {
            lake.ensureSchemas(List.of(RawTable.SCHEMA));
        } catch (SQLException e) {
            throw new TestbedException("Cannot create schema " + RawTable.SCHEMA + " in " + location + ": " + SqlErrors.message(e), null, e);
        }
        long before = lake.currentSnapshotId();
        reporter.info("Loading " + directory + " into " + location);
        List<Path> copies = new ArrayList<>();
        try {
            lake.inTransaction(AUTHOR, message, connection -> {
                DuckDb.execute(connection, "CREATE SCHEMA IF NOT EXISTS " + Lake.ALIAS + "." + RawTable.SCHEMA);
                for (RawTable table : RawTable.values()) {
                    loadTable(connection, table, footers.get(table), fileCopyTarget(location, mode, table, fingerprint), copies);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            copies.forEach(LakeLoader::deleteQuietly); // registered only in the rolled-back transaction
            if (e instanceof SQLException sql && Lake.isCommitConflict(sql)) {
                throw new CommitConflict(sql);
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
                    "Fix or regenerate the files in " + directory + " and run the load again.", e);
        }
        long snapshot = lake.currentSnapshotId();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LoadResult result = new LoadResult(false, snapshot, fingerprint, rows, elapsed);
        reporter.info("Loaded " + Throughput.rows(result.totalRows()) + " rows in " + Throughput.seconds(elapsed) + " ("
                + Throughput.rate(result.totalRows(), elapsed) + ") as snapshot " + snapshot + ": " + message);
        return result;
    }

    /**
     * Where {@link LoadMode#AUTO} would copy the table's file inside the lake's data path, or null when
     * rows must be inserted (insert mode, or a data path this process cannot write files to directly).
     */
    private static Path fileCopyTarget(LakeLocation location, LoadMode mode, RawTable table, String fingerprint) {
        if (mode != LoadMode.AUTO || !location.isLocalDataPath()) {
            return null;
        }
        String name = "testbed-load-" + fingerprint + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + table.fileName();
        return Path.of(location.resolvedDataPath(), RawTable.SCHEMA, table.tableName(), name);
    }

    private void loadTable(Connection connection, RawTable table, ParquetFooter footer, Path copyTarget, List<Path> copies)
            throws SQLException {
        long started = System.nanoTime();
        String target = Lake.ALIAS + "." + table.qualifiedName();
        String file = footer.file().toString();
        String how;
        try {
            DuckDb.execute(connection, "DROP TABLE IF EXISTS " + target);
            DuckDb.execute(connection, "CREATE TABLE " + target + " (" + table.columnDefinitions() + ")");
            decodeEveryValue(connection, table, footer);
            if (copyTarget != null && hasExactTypes(connection, table, file)) {
                registerCopy(connection, table, footer, copyTarget, copies);
                how = "file copied";
            } else {
                insertRows(connection, table, footer, target);
                how = "rows inserted";
            }
            long loaded = DuckDb.queryLong(connection, "SELECT count(*) FROM " + target);
            if (loaded != footer.rows()) {
                throw new SQLException(file + " declares " + footer.rows() + " rows but " + loaded + " were loaded");
            }
        } catch (SQLException e) {
            throw new SQLException("table " + table.qualifiedName() + " from " + file + ": " + SqlErrors.message(e), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        reporter.info(String.format("  %-17s %12s rows  %9s  %s  (%s)", table.qualifiedName(), Throughput.rows(footer.rows()),
                Throughput.seconds(took), Throughput.rate(footer.rows(), took), how));
    }

    private static void insertRows(Connection connection, RawTable table, ParquetFooter footer, String target) throws SQLException {
        DuckDb.execute(connection, "INSERT INTO " + target + " SELECT " + table.columnList()
                + " FROM read_parquet(" + Sql.literal(footer.file().toString()) + ")");
    }

    /**
     * Reads every value of the file once. DuckLake does not read a file it registers, so a corrupt page
     * must be found here rather than by a later query; and a failure here can be reported as what it
     * is, a damaged file, rather than as a failed insert.
     */
    private static void decodeEveryValue(Connection connection, RawTable table, ParquetFooter footer) throws SQLException {
        try {
            DuckDb.queryString(connection, "SELECT bit_xor(hash(" + table.columnList() + ")) FROM read_parquet("
                    + Sql.literal(footer.file().toString()) + ")");
        } catch (SQLException e) {
            throw new SQLException("its footer and columns are valid but its data cannot be read, so the file is damaged"
                    + " (regenerate it with -Dtestbed.generate.force): " + SqlErrors.message(e), e);
        }
    }

    /** Registers a copy of the file, already decoded once, as the table's data. */
    private static void registerCopy(Connection connection, RawTable table, ParquetFooter footer, Path copyTarget, List<Path> copies)
            throws SQLException {
        try {
            Files.createDirectories(copyTarget.getParent());
            copies.add(copyTarget);
            Files.copy(footer.file(), copyTarget, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + footer.file() + " into the lake at " + copyTarget, e);
        }
        DuckDb.execute(connection, "CALL ducklake_add_data_files(" + Sql.literal(Lake.ALIAS) + ", " + Sql.literal(table.tableName())
                + ", " + Sql.literal(copyTarget.toString()) + ", schema => " + Sql.literal(RawTable.SCHEMA) + ")");
    }

    /** True when DuckDB reads the file with exactly the table's column names, order and types. */
    private static boolean hasExactTypes(Connection connection, RawTable table, String file) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + Sql.literal(file) + ")")) {
            while (rs.next()) {
                found.add(rs.getString("column_name") + " " + rs.getString("column_type"));
            }
        }
        return found.equals(table.columns().stream().map(c -> c.name() + " " + c.type().sql()).toList());
    }

    private static String failure(Exception e) {
        if (e instanceof SQLException sql) {
            return SqlErrors.message(sql);
        }
        return e.getMessage();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an unreferenced file in the data path is harmless
        }
    }

    /** The newest load carries this fingerprint and the raw tables still hold its row counts. */
    private static Optional<Snapshot> alreadyLoaded(Lake lake, String fingerprint, Map<RawTable, Long> rows) {
        Optional<Snapshot> lastLoad = lake.snapshots().stream()
                .filter(s -> s.commitMessage() != null && s.commitMessage().startsWith(COMMIT_PREFIX))
                .findFirst();
        if (lastLoad.isEmpty() || !lastLoad.get().commitMessage().endsWith("fingerprint=" + fingerprint)) {
            return Optional.empty();
        }
        try {
            for (RawTable table : RawTable.values()) {
                if (!lake.tableExists(RawTable.SCHEMA, table.tableName())
                        || DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + Lake.ALIAS + "." + table.qualifiedName()) != rows.get(table)) {
                    return Optional.empty();
                }
            }
            return lastLoad;
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Hash of each file's name, length and footer: cheap even for billions of rows, and changes with the data. */
    static String fingerprint(Map<RawTable, ParquetFooter> footers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            footers.forEach((table, footer) -> {
                digest.update(table.fileName().getBytes(StandardCharsets.UTF_8));
                digest.update(Long.toString(footer.file().toFile().length()).getBytes(StandardCharsets.UTF_8));
                digest.update(footer.raw());
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
