package dev.testbed.core;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An open DuckLake warehouse, attached under its location's alias ({@value #ALIAS} unless a dbt profile names
 * another) on its own DuckDB connection.
 * Closing it detaches the lake and releases the catalog for other processes.
 */
public final class Lake implements AutoCloseable {

    /** The alias a lake is attached as when nothing names another (a dbt profile's {@code database} does). */
    public static final String ALIAS = "lake";

    private static final Pattern LOCK_HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    /** Replaced by a fresh one after one of its commits is lost (see {@link #freshConnection}). */
    private Connection connection;
    private final LakeLocation location;
    /** Replaced when a later goal of the same build takes this lake over with its own threads and memory ({@link #reuse}). */
    private DuckDbSettings settings;
    private final String attachSql;
    private final LakeWriter writer = new LakeWriter(this);
    /** Asked at {@link #close()} whether to keep this lake open for a later goal of the build; null closes it. */
    private Keeper keeper;

    /** Keeps a lake open past {@link #close()}, for a later goal of the same build. */
    @FunctionalInterface
    public interface Keeper {
        /** Takes {@code lake} into its keeping and returns true, or returns false to have it closed now. */
        boolean keep(Lake lake);
    }

    private Lake(Connection connection, LakeLocation location, DuckDbSettings settings, String attachSql) {
        this.connection = connection;
        this.location = location;
        this.settings = settings;
        this.attachSql = attachSql;
    }

    /** Attaches the lake, creating an empty one if the catalog does not exist yet. */
    public static Lake open(LakeLocation location, DuckDbSettings settings) {
        return attach(location, settings, null, true, true);
    }

    /**
     * Attaches an existing lake read-only, as it is now or, with a {@code snapshot} id, as it was at that
     * snapshot (DuckLake time travel). Check {@link #exists(LakeLocation)} first for a clear message.
     */
    public static Lake openReadOnly(LakeLocation location, DuckDbSettings settings, Long snapshot) {
        String options = "READ_ONLY" + (snapshot == null ? "" : ", SNAPSHOT_VERSION " + snapshot);
        try {
            return attach(location, settings, options, false, true);
        } catch (TestbedException e) {
            if (snapshot == null || MissingSnapshot.requested(e.getMessage()) < 0) {
                throw e;
            }
            // says whether the snapshot was expired or is yet to come, which DuckLake's message does not
            try (Lake current = attach(location, settings, "READ_ONLY", false, false)) {
                throw MissingSnapshot.of(location, snapshot, current.currentSnapshotId());
            }
        }
    }

    /** False when the catalog is a DuckDB file that does not exist yet; other catalogs are assumed to exist. */
    public static boolean exists(LakeLocation location) {
        return !location.isFileCatalog() || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(location.resolvedCatalog()));
    }

    private static Lake attach(LakeLocation location, DuckDbSettings settings, String moreOptions, boolean create, boolean probe) {
        Connection connection = DuckDb.open(settings, location.session().databasePath());
        try {
            DuckDb.checkVersion(connection);
            DuckDb.loadExtension(connection, "ducklake", settings);
            if (location.isPostgresCatalog()) {
                DuckDb.loadExtension(connection, "postgres_scanner", settings);
            }
            if (!location.isLocalDataPath() || location.access().s3().configured()) {
                DuckDb.loadExtension(connection, "httpfs", settings);
            }
            if (!location.isFileCatalog()) {
                // DuckLake 1.5.5's own silent commit retry once wrote a view with a garbage schema id while
                // several processes committed at once (likely duckdb/ducklake#1248, see openWorkerConnections).
                // Without it a commit that loses the race fails, and the plugin reruns the whole transaction.
                try {
                    DuckDb.execute(connection, "SET ducklake_max_retry_count = 0");
                } catch (SQLException e) {
                    throw new TestbedException("DuckDB rejected SET ducklake_max_retry_count: " + SqlErrors.message(e), null, e);
                }
            }
            location.session().prepare(connection, settings);
            String catalogSecret = LakeSecrets.create(connection, location);
            if (create) {
                location.prepareLocalFolders();
            }
            String attachSql = location.attachSql(location.alias(), catalogSecret, moreOptions);
            try {
                DuckDb.execute(connection, attachSql);
            } catch (SQLException e) {
                throw attachFailure(location, e);
            }
            if (probe) {
                LakeSecrets.probeDataPath(connection, location);
            }
            return new Lake(connection, location, settings, attachSql);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The object store's refusal of a write, said with the credentials that were used and where to fix them;
     * null when {@code message} is no such refusal. The data-path check at {@link #open} catches wrong keys, but
     * an object store may allow listing and refuse writing (anonymous access, read-only keys).
     */
    public static TestbedException storageRefusal(LakeLocation location, String message) {
        if (location.isLocalDataPath() || !LakeSecrets.isRefusal(message)) {
            return null;
        }
        return LakeSecrets.dataPathFailure(location, location.access().redact(message));
    }

    private static TestbedException attachFailure(LakeLocation location, SQLException e) {
        String message = location.access().redact(SqlErrors.message(e));
        boolean otherProcess = message.contains("Could not set lock on file");
        if (otherProcess || message.contains("Unique file handle conflict")) {
            Matcher pid = LOCK_HOLDER.matcher(message);
            String holder = !otherProcess ? "this process (another connection still has it attached)"
                    : pid.find() ? "process " + pid.group(1) : "another process";
            return new TestbedException("The DuckLake catalog " + location.access().redact(location.resolvedCatalog()) + " is locked by " + holder
                    + " (a DuckDB-file catalog admits one process at a time, readers included).",
                    "Wait for that process to finish or stop it; for concurrent builds use a PostgreSQL catalog (-Dtestbed.catalog=postgres:...).");
        }
        if (message.contains("No snapshot found at version")) {
            return new TestbedException("The DuckLake warehouse " + location + " has no such snapshot: " + message.lines().findFirst().orElse(message),
                    "Pick a snapshot id from the list that mvn testbed:inspect prints.");
        }
        if (location.isPostgresCatalog()) {
            return LakeSecrets.catalogFailure(location, message);
        }
        FileErrors.Kind kind = FileErrors.kindOfText(message);
        String fileHint = location.isFileCatalog() ? FileErrors.hint(kind, location.resolvedCatalog()) : null;
        return new TestbedException("Cannot attach the DuckLake warehouse " + location + ": " + message,
                fileHint != null ? fileHint + " (-Dtestbed.catalog); nothing was written to the lake."
                        : "Check -Dtestbed.catalog and -Dtestbed.dataPath; a new file catalog is created automatically.");
    }

    public Connection connection() {
        return connection;
    }

    public LakeLocation location() {
        return location;
    }

    /** The one writer of this lake: every commit goes through it. */
    public LakeWriter writer() {
        return writer;
    }

    /**
     * Connections to this lake for {@code workers} threads that run lake transactions side by side; the caller
     * closes them. On a DuckDB-file catalog they are more connections to this lake's DuckDB (such a catalog
     * admits one DuckDB). On a shared catalog each is the lake attached in a DuckDB of its own, with an equal
     * share of this lake's threads and memory and, with a temp directory set, a spill folder of its own, so that
     * one DuckDB never runs two lake transactions at once: DuckLake 1.5.5 keeps a DuckDB's catalog snapshots in
     * a cache that concurrent transactions of that DuckDB can free under each other (duckdb/ducklake#1248).
     * Against a catalog that other processes change all the time, that showed as a view committed with a
     * garbage schema id (the lake could not be loaded any more) and as a JVM crash in {@code StringUtil::CIHash}
     * (bench/ducklake-race.sh reproduces it).
     */
    public List<Connection> openWorkerConnections(int workers) throws SQLException {
        boolean ownDuckDbs = !location.isFileCatalog() && workers > 1;
        DuckDbSettings share = ownDuckDbs ? settings.shareOf(workers, DuckDb.memoryLimitBytes(connection)) : settings;
        List<Connection> opened = new ArrayList<>();
        try {
            for (int worker = 0; worker < workers; worker++) {
                opened.add(ownDuckDbs ? attach(location, share.forWorker(worker), null, false, false).connection : freshConnection(connection));
            }
        } catch (SQLException | RuntimeException e) {
            opened.forEach(Lake::closeQuietly);
            throw e;
        }
        return opened;
    }

    public long currentSnapshotId() {
        try {
            return DuckDb.queryLong(connection, "SELECT id FROM " + location.alias() + ".current_snapshot()");
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the current snapshot of " + location + ": " + SqlErrors.message(e), null, e);
        }
    }

    /** All snapshots, newest first. */
    public List<Snapshot> snapshots() {
        try {
            return snapshots(connection, location.alias());
        } catch (SQLException e) {
            throw new TestbedException("Cannot list the snapshots of " + location + ": " + SqlErrors.message(e), null, e);
        }
    }

    /** All snapshots of the lake attached as {@code alias}, newest first, read on {@code connection}. */
    public static List<Snapshot> snapshots(Connection connection, String alias) throws SQLException {
        String sql = "SELECT snapshot_id, snapshot_time, author, commit_message, CAST(changes AS VARCHAR) "
                + "FROM ducklake_snapshots(" + Sql.literal(alias) + ") ORDER BY snapshot_id DESC";
        List<Snapshot> snapshots = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                snapshots.add(new Snapshot(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        }
        return snapshots;
    }

    /** True when {@code schema.table} exists in the lake. */
    public boolean tableExists(String schema, String table) {
        String sql = "SELECT count(*) FROM information_schema.tables WHERE table_catalog = " + Sql.literal(location.alias())
                + " AND table_schema = " + Sql.literal(schema) + " AND table_name = " + Sql.literal(table);
        try {
            return DuckDb.queryLong(connection, sql) > 0;
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the tables of " + location + ": " + SqlErrors.message(e), null, e);
        }
    }

    /**
     * Detaches and attaches the lake again on this connection, so that its catalog is what is committed (see
     * {@link LakeWriter#ensureSchemas}). Call it after creating schemas, while no other connection of this process uses the lake.
     */
    void reattach() throws SQLException {
        DuckDb.execute(connection, "DETACH " + location.alias());
        DuckDb.execute(connection, attachSql);
    }

    boolean schemaExists(String schema) throws SQLException {
        return DuckDb.queryLong(connection, "SELECT count(*) FROM information_schema.schemata WHERE catalog_name = "
                + Sql.literal(location.alias()) + " AND schema_name = " + Sql.literal(schema)) > 0;
    }

    /**
     * Replaces this lake's own connection, one of whose commits was just lost, by a fresh connection to the
     * same DuckDB (see {@link #freshConnection}); {@link #connection()} returns the new one from now on.
     */
    void renewConnectionAfterLostCommit() throws SQLException {
        Connection lost = connection;
        connection = freshConnection(lost);
        closeQuietly(lost);
    }

    /**
     * A new connection to the same DuckDB (and so the same attached lake), for running a transaction again
     * after its commit was lost: {@link LakeWriter#commit} runs each attempt on a connection of its
     * own, and {@link #renewConnectionAfterLostCommit()} replaces the lake's own connection, so nothing a failed
     * commit left on a connection (duckdb_jdbc, for one, still believes its transaction open) reaches later work.
     */
    public static Connection freshConnection(Connection connection) throws SQLException {
        return DuckDbDriver.duplicate(connection);
    }

    /**
     * From now on {@link #close()} hands this lake to {@code keeper} instead of closing it, once, and only when no
     * transaction is open on it: the next goal of the build reuses this DuckDB with the lake attached, and saves starting
     * DuckDB, loading the extensions and attaching the catalog again.
     */
    public void keepOnClose(Keeper keeper) {
        this.keeper = keeper;
    }

    /**
     * This lake, still attached, for a later goal of the same build with {@code settings}: its DuckDB gets their threads
     * and memory limit. A DuckDB is reused only with the extension folder and spill folder it was started with (DuckDB
     * cannot move its spill folder once used, and the extensions are loaded); with other ones, false.
     */
    public boolean reuse(LakeLocation wanted, DuckDbSettings next) {
        if (!location.equals(wanted) || !Objects.equals(settings.tempDirectory(), next.tempDirectory())
                || !Objects.equals(settings.extensionDirectory(), next.extensionDirectory())
                || !Objects.equals(settings.extensionRepository(), next.extensionRepository())) {
            return false;
        }
        try {
            DuckDb.tune(connection, next);
        } catch (SQLException e) {
            return false;
        }
        settings = next;
        return true;
    }

    @Override
    public void close() {
        Keeper handing = keeper;
        keeper = null;
        if (handing != null && !writer.inBuild() && idle() && handing.keep(this)) {
            return;
        }
        try {
            DuckDb.execute(connection, "DETACH " + location.alias());
        } catch (SQLException ignored) {
            // closing the connection below releases the catalog anyway
        }
        closeQuietly(connection);
    }

    /** True when no transaction is open on the lake's connection (a kept lake must not carry one into the next goal). */
    private boolean idle() {
        try {
            return !connection.isClosed() && connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing useful to report while already failing or closing
        }
    }
}
