package dev.testbed.maintain;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.Reporter;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.history.BuildSnapshots;
import dev.testbed.maintain.MaintenanceResult.LakeFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Expires the snapshots a {@link Retention} does not keep and deletes the files nothing references any more, with
 * DuckLake's own functions: {@code ducklake_expire_snapshots}, {@code ducklake_cleanup_old_files},
 * {@code ducklake_delete_orphaned_files}, then {@code ducklake_flush_inlined_data} and {@code ducklake_merge_adjacent_files}.
 * Never DuckLake's lake-wide {@code set_option}: in 1.5.5 it crashes the process when the lake holds a view.
 *
 * <p>What a concurrent build still needs stays. On a DuckDB-file catalog nothing can run beside this: the catalog admits
 * one process, and a build of this process with an unpublished transaction makes maintenance refuse. On a shared
 * catalog the retention keeps every snapshot that was current within {@code keepFor}, and files are deleted only once
 * they have been unreferenced (scheduled for deletion) or, for orphans, written more than {@code keepFor} ago: a build
 * that started within {@code keepFor} keeps its snapshot, its files and the files it is writing before its commit.
 */
public final class LakeMaintenance {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private LakeSource lakes = LakeSource.FRESH;

    public LakeMaintenance(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /** Where to get the lake: by default it is attached afresh. */
    public LakeMaintenance lakesFrom(LakeSource source) {
        this.lakes = source;
        return this;
    }

    public MaintenanceResult maintain(MaintainRequest request) {
        LakeLocation location = request.location();
        if (!Lake.exists(location)) {
            throw new TestbedException("There is no DuckLake warehouse at " + location + " to maintain.",
                    "Build it first (mvn verify), or point -Dtestbed.catalog at the lake to maintain.");
        }
        try (Lake lake = lakes.open(location, settings)) {
            if (lake.writer().inBuild()) {
                throw new TestbedException("This build's models are not published yet (an open atomic build transaction on " + location
                        + "), and maintenance must not delete what it is writing.", "Run testbed:maintain after verify, e.g. mvn verify testbed:maintain.");
            }
            return request.dryRun() ? dryRun(lake, request.retention()) : run(lake, request.retention());
        } catch (SQLException e) {
            throw new TestbedException("Maintenance of " + location + " failed: " + location.access().redact(SqlErrors.message(e)),
                    "Nothing that a kept snapshot references was deleted; run testbed:maintain again, or with -X for details.", e);
        }
    }

    /** Plans, expires and lists inside a transaction that is rolled back: DuckLake's own answer, and the lake unchanged. */
    private MaintenanceResult dryRun(Lake lake, Retention retention) throws SQLException {
        Instant now = Instant.now();
        Connection connection = lake.connection();
        RetentionPlan plan = plan(lake, retention, now);
        connection.setAutoCommit(false);
        try {
            expire(lake, plan);
            List<LakeFile> oldFiles = sized(connection, listed(connection, cleanupCall(lake, retention, true)));
            List<LakeFile> orphans = sized(connection, listed(connection, orphanCall(lake, retention, true)));
            return new MaintenanceResult(true, plan, oldFiles, orphans, 0, 0, 0);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private MaintenanceResult run(Lake lake, Retention retention) throws SQLException {
        Instant now = Instant.now();
        Connection connection = lake.connection();
        RetentionPlan plan = plan(lake, retention, now);
        expire(lake, plan);
        List<LakeFile> oldFiles = deleted(connection, cleanupCall(lake, retention, true), cleanupCall(lake, retention, false));
        List<LakeFile> orphans = deleted(connection, orphanCall(lake, retention, true), orphanCall(lake, retention, false));
        String alias = Sql.literal(lake.location().alias());
        long flushed = lake.writer().commit("testbed:maintain: flush inlined data",
                c -> sum(c, "SELECT coalesce(sum(rows_flushed), 0) FROM ducklake_flush_inlined_data(" + alias + ")").get(0));
        List<Long> merged = lake.writer().commit("testbed:maintain: merge adjacent files",
                c -> sum(c, "SELECT coalesce(sum(files_processed), 0), coalesce(sum(files_created), 0) FROM ducklake_merge_adjacent_files(" + alias + ")"));
        return new MaintenanceResult(false, plan, oldFiles, orphans, merged.get(0), merged.get(1), flushed);
    }

    private RetentionPlan plan(Lake lake, Retention retention, Instant now) {
        return RetentionPlan.of(lake.snapshots(), BuildSnapshots.read(lake).builds(), retention, now);
    }

    private static void expire(Lake lake, RetentionPlan plan) throws SQLException {
        if (plan.expired().isEmpty()) {
            return;
        }
        String versions = plan.expired().stream().map(s -> Long.toString(s.id())).collect(Collectors.joining(", ", "[", "]"));
        try (Statement statement = lake.connection().createStatement();
             ResultSet ignored = statement.executeQuery("SELECT * FROM ducklake_expire_snapshots(" + Sql.literal(lake.location().alias())
                     + ", versions => " + versions + ")")) {
            // the result lists the expired snapshots, which the plan already has
        }
    }

    /**
     * The call of {@code ducklake_cleanup_old_files}: on a file catalog every file no kept snapshot references; on a shared
     * one only those unreferenced for more than {@code keepFor}, which no build in flight reads any more.
     */
    private static String cleanupCall(Lake lake, Retention retention, boolean dryRun) {
        return "ducklake_cleanup_old_files(" + Sql.literal(lake.location().alias()) + ", dry_run => " + dryRun + ", " + ageBound(lake, retention) + ")";
    }

    /** The call of {@code ducklake_delete_orphaned_files}, bounded in age as {@link #cleanupCall}: a shared catalog's writer may be about to commit a young file. */
    private static String orphanCall(Lake lake, Retention retention, boolean dryRun) {
        return "ducklake_delete_orphaned_files(" + Sql.literal(lake.location().alias()) + ", dry_run => " + dryRun + ", " + ageBound(lake, retention) + ")";
    }

    /** Taken when the call is made, after the expiry: with {@code keepFor} 0s the files the expiry just scheduled go too. */
    private static String ageBound(Lake lake, Retention retention) {
        if (lake.location().isFileCatalog()) {
            return "cleanup_all => true";
        }
        Instant cutoff = Instant.now().minus(retention.keepFor());
        return "older_than => TIMESTAMPTZ " + Sql.literal(cutoff.toString());
    }

    /** Lists the files {@code dryCall} names with their sizes, then deletes them with {@code call}; returns those deleted. */
    private static List<LakeFile> deleted(Connection connection, String dryCall, String call) throws SQLException {
        Map<String, Long> sizes = new HashMap<>();
        sized(connection, listed(connection, dryCall)).forEach(file -> sizes.put(file.path(), file.bytes()));
        List<LakeFile> deleted = new ArrayList<>();
        for (String path : listed(connection, call)) {
            deleted.add(new LakeFile(path, sizes.getOrDefault(path, 0L)));
        }
        return deleted;
    }

    private static List<String> listed(Connection connection, String call) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT path FROM " + call)) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    /** The files with their sizes, read from the file system or object store (read_blob reads no content when asked only the size). */
    private static List<LakeFile> sized(Connection connection, List<String> paths) throws SQLException {
        if (paths.isEmpty()) {
            return List.of();
        }
        Map<String, Long> sizes = new HashMap<>();
        String list = paths.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT filename, size FROM read_blob(" + list + ")")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return paths.stream().map(path -> new LakeFile(path, sizes.getOrDefault(path, 0L))).toList();
    }

    private static List<Long> sum(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            List<Long> values = new ArrayList<>();
            for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                values.add(rs.getLong(column));
            }
            return values;
        }
    }
}
