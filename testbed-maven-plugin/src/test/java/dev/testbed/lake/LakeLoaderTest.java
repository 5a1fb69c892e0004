package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.generate.GeneratorConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads generated files into a fresh DuckLake per test and checks tables, snapshots and atomicity. */
class LakeLoaderTest {

    @TempDir
    static Path root;
    static GeneratorConfig config42;
    static Path seed42;
    static Path seed43;

    @TempDir
    Path lakeDirectory;
    LakeLocation location;

    @BeforeAll
    static void generateTwoDataSets() {
        config42 = TestData.small(root.resolve("seed-42"), 42);
        seed42 = config42.outputDirectory();
        seed43 = root.resolve("seed-43");
        TestData.generate(config42);
        TestData.generate(TestData.small(seed43, 43));
    }

    @BeforeEach
    void freshLake() {
        location = new LakeLocation(lakeDirectory.resolve("catalog.ducklake").toString(), lakeDirectory.resolve("data").toString());
    }

    private LoadResult load(Path directory) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(directory, location, false);
    }

    /** Loads files that are not (or no longer) one generate-data set, as a user's own files are. */
    private LoadResult loadOwnFiles(Path directory) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET, false).load(directory, location, false);
    }

    private Lake openLake() {
        return Lake.open(location, DuckDbSettings.defaults());
    }

    /** What a reader of the lake sees: its snapshots, the rows of each raw table and the total sales amount. */
    record LakeState(List<Long> snapshotIds, Map<RawTable, Long> rows, String salesAmount) {
    }

    private LakeState state() throws SQLException {
        try (Lake lake = openLake()) {
            Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
            for (RawTable table : RawTable.values()) {
                rows.put(table, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake." + table.qualifiedName()));
            }
            String amount = DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales");
            return new LakeState(lake.snapshots().stream().map(Snapshot::id).toList(), rows, amount);
        }
    }

    /** Rows in the lake's table that are not in the file plus rows in the file that are not in the table. */
    private static long differences(Lake lake, RawTable table, Path directory) throws SQLException {
        String inLake = "SELECT " + table.columnList() + " FROM lake." + table.qualifiedName();
        String inFile = "SELECT " + table.columnList() + " FROM " + TestData.parquet(directory, table);
        return DuckDb.queryLong(lake.connection(), "SELECT (SELECT count(*) FROM (" + inLake + " EXCEPT ALL " + inFile + ")) "
                + "+ (SELECT count(*) FROM (" + inFile + " EXCEPT ALL " + inLake + "))");
    }

    private static Path copyOfDataSet(Path from, Path to) throws IOException {
        for (RawTable table : RawTable.values()) {
            copyFiles(from, to, table);
        }
        return to;
    }

    /** Copies a table's files (one file or a folder of them) from one data directory into another, replacing what is there. */
    private static void copyFiles(Path from, Path to, RawTable table) throws IOException {
        DataFiles.deleteAll(to, table);
        for (Path file : DataFiles.find(from, table)) {
            Path target = to.resolve(from.relativize(file));
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
    }

    @Test
    void loadFillsSchemaRawWithExactlyTheFilesContent() throws SQLException {
        LoadResult result = load(seed42);

        assertFalse(result.upToDate());
        try (Lake lake = openLake()) {
            assertEquals(RawTable.values().length, DuckDb.queryLong(lake.connection(),
                    "SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'raw'"));
            for (RawTable table : RawTable.values()) {
                long fileRows = DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + TestData.parquet(seed42, table));
                assertEquals(fileRows, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake." + table.qualifiedName()), table.tableName());
                assertEquals(fileRows, result.rows().get(table), table.tableName());
                assertEquals(0, differences(lake, table, seed42), table.tableName());
            }
        }
    }

    @Test
    void loadIsOneSnapshotWhoseCommitNamesTheDataSet() throws java.sql.SQLException {
        List<Snapshot> before;
        try (Lake lake = openLake()) {
            // a new lake gets schema raw in a snapshot of its own first (see LakeWriter.ensureSchemas)
            lake.writer().ensureSchemas(List.of("raw"));
            before = lake.snapshots();
        }

        LoadResult result = load(seed42);

        List<Snapshot> after;
        try (Lake lake = openLake()) {
            after = lake.snapshots();
        }
        assertEquals(before.size() + 1, after.size());
        Snapshot load = after.get(0);
        assertEquals(result.snapshotId(), load.id());
        assertTrue(load.id() > before.get(0).id());
        assertEquals("testbed", load.author());
        assertTrue(load.commitMessage().startsWith("load-ducklake: "), load.commitMessage());
        assertTrue(load.commitMessage().contains(config42.describe()), load.commitMessage());
        assertTrue(load.commitMessage().contains(config42.fingerprint()), load.commitMessage());
        assertTrue(load.commitMessage().contains(result.fingerprint()), load.commitMessage());
    }

    @Test
    void loadingTheSameFilesAgainIsUpToDateAndWritesNoSnapshot() throws SQLException {
        LoadResult first = load(seed42);
        LakeState loaded = state();

        LoadResult second = load(seed42);

        assertTrue(second.upToDate());
        assertEquals(first.snapshotId(), second.snapshotId());
        assertEquals(first.fingerprint(), second.fingerprint());
        assertEquals(loaded, state());
    }

    @Test
    void regeneratingWithAnotherSeedAndLoadingAddsOneSnapshotWithTheNewContent(@TempDir Path directory) throws SQLException {
        GeneratorConfig config = TestData.small(directory, 42);
        TestData.generate(config);
        LoadResult first = load(directory);
        LakeState firstState = state();
        TestData.generate(new GeneratorConfig(7, config.customers(), config.stores(), config.products(), config.sales(),
                config.startDate(), config.endDate(), directory));

        LoadResult second = load(directory);

        assertFalse(second.upToDate());
        assertNotEquals(first.fingerprint(), second.fingerprint());
        LakeState secondState = state();
        assertEquals(firstState.snapshotIds().size() + 1, secondState.snapshotIds().size());
        assertEquals(second.snapshotId(), secondState.snapshotIds().get(0));
        assertNotEquals(firstState.salesAmount(), secondState.salesAmount());
        try (Lake lake = openLake()) {
            for (RawTable table : RawTable.values()) {
                assertEquals(0, differences(lake, table, directory), table.tableName());
            }
            assertEquals(firstState.salesAmount(), DuckDb.queryString(lake.connection(),
                    "SELECT sum(amount) FROM lake.raw.raw_sales AT (VERSION => " + first.snapshotId() + ")"), "the first load stays readable");
        }
    }

    /** Overwrites the middle of the data pages with random bytes; the footer (schema, row count) stays intact. */
    static void corruptDataPages(Path file) throws IOException {
        long dataEnd = Files.size(file) - 8 - ParquetFooter.read(file).raw().length;
        byte[] garbage = new byte[(int) (dataEnd / 2)];
        new Random(1).nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), dataEnd / 4);
        }
    }

    @Test
    void loadThatFailsHalfWayLeavesTheLakeAtItsPreviousSnapshot(@TempDir Path directory) throws IOException, SQLException {
        load(seed43);
        LakeState before = state();
        Path corrupt = copyOfDataSet(seed42, directory);
        Path sales = DataFiles.find(corrupt, RawTable.SALES).get(20);
        corruptDataPages(sales);
        ParquetSchemaCheck.check(RawTable.SALES, ParquetFooter.read(sales)); // precondition: only reading the data fails

        TestbedException e = assertThrows(TestbedException.class, () -> loadOwnFiles(corrupt));

        assertTrue(e.getMessage().contains(sales.toString()) && e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(before, state());
        try (Lake lake = openLake()) {
            for (RawTable table : RawTable.values()) {
                assertEquals(0, differences(lake, table, seed43), table.tableName() + " still holds the previous load");
            }
        }
    }

    @Test
    void schemaMismatchFailsBeforeAnySnapshotIsWritten(@TempDir Path directory) throws IOException, SQLException {
        load(seed43);
        LakeState before = state();
        Path mismatched = copyOfDataSet(seed42, directory);
        Path stores = mismatched.resolve(RawTable.STORES.fileName());
        Files.delete(stores);
        try (Connection db = TestData.duckdb()) {
            DuckDb.execute(db, "COPY (SELECT * EXCLUDE (store_type) FROM " + TestData.parquet(seed42, RawTable.STORES) + ") TO '" + stores + "'");
        }

        TestbedException e = assertThrows(TestbedException.class, () -> loadOwnFiles(mismatched));

        assertTrue(e.getMessage().contains(stores.toString()) && e.getMessage().contains("store_type"), e.getMessage());
        assertEquals(before, state());
    }

    @Test
    void schemaMismatchDoesNotEvenCreateANewLake(@TempDir Path directory) throws IOException {
        Path mismatched = copyOfDataSet(seed42, directory);
        Files.writeString(mismatched.resolve(RawTable.PRODUCTS.fileName()), "not parquet");

        assertThrows(TestbedException.class, () -> loadOwnFiles(mismatched));

        assertFalse(Files.exists(Path.of(location.resolvedCatalog())));
    }

    @Test
    void secondLakeOnAnOpenFileCatalogFailsAndTheFirstKeepsWorking() {
        try (Lake first = openLake()) {
            long snapshot = first.currentSnapshotId();

            TestbedException e = assertThrows(TestbedException.class, this::openLake);

            assertTrue(e.getMessage().contains(location.resolvedCatalog()), e.getMessage());
            assertEquals(snapshot, first.currentSnapshotId());
        }
        try (Lake reopened = openLake()) {
            assertTrue(reopened.currentSnapshotId() >= 0, "closing the first lake releases the catalog");
        }
    }

    @Test
    void secondLakeOnAnOpenFileCatalogIsReportedAsLocked() {
        try (Lake first = openLake()) {
            TestbedException e = assertThrows(TestbedException.class, this::openLake);
            assertTrue(e.getMessage().contains("is locked"), e.getMessage());
        }
    }

    @Test
    void commitMessageDoesNotClaimTheManifestsDataSetForReplacedFiles(@TempDir Path directory) throws IOException {
        GeneratorConfig config = TestData.small(directory, 42);
        TestData.generate(config);
        copyFiles(seed43, directory, RawTable.SALES);

        loadOwnFiles(directory);

        try (Lake lake = openLake()) {
            String message = lake.snapshots().get(0).commitMessage();
            assertFalse(message.contains(config.describe()), message);
        }
    }
}
