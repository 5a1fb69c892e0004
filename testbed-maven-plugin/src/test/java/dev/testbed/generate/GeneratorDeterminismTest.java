package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The same parameters always give the same files, whatever the thread count; re-runs do only the work needed. */
class GeneratorDeterminismTest {

    @TempDir
    static Path root;
    static GeneratorConfig config;
    static Path oneThread;
    static Path twoThreads;
    static Path otherSeed;
    static Path smallFiles;
    static Connection db;

    @BeforeAll
    static void generateWithOneAndTwoThreadsAndAnotherSeed() throws SQLException {
        // more sales than one Parquet row group (122,880 rows), so parallel writing could reorder them
        config = TestData.small(root.resolve("one-thread"), 42).withCounts(null, null, null, 150_000L);
        oneThread = config.outputDirectory();
        twoThreads = root.resolve("two-threads");
        otherSeed = root.resolve("other-seed");
        new DataGenerator(DuckDbSettings.defaults().withThreads(1), TestData.QUIET).generate(config, false);
        new DataGenerator(DuckDbSettings.defaults().withThreads(2), TestData.QUIET).generate(config.withOutputDirectory(twoThreads), false);
        smallFiles = root.resolve("small-files");
        new DataGenerator(DuckDbSettings.defaults().withThreads(2), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE)
                .generate(config.withOutputDirectory(smallFiles), false);
        GeneratorConfig seed43 = new GeneratorConfig(43, config.customers(), config.stores(), config.products(), config.sales(),
                config.startDate(), config.endDate(), otherSeed);
        TestData.generate(seed43);
        db = TestData.duckdb();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static long rowsOnlyIn(Path left, Path right, RawTable table) throws SQLException {
        return DuckDb.queryLong(db, "SELECT count(*) FROM (SELECT * FROM " + TestData.parquet(left, table)
                + " EXCEPT ALL SELECT * FROM " + TestData.parquet(right, table) + ")");
    }

    private static long rows(Path directory, RawTable table) throws SQLException {
        return DuckDb.queryLong(db, "SELECT count(*) FROM " + TestData.parquet(directory, table));
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void oneAndTwoThreadsGiveTheSameRows(RawTable table) throws SQLException {
        assertSameRows(oneThread, twoThreads, table);
    }

    private static void assertSameRows(Path left, Path right, RawTable table) throws SQLException {
        assertEquals(rows(left, table), rows(right, table));
        assertEquals(0, rowsOnlyIn(left, right, table));
        assertEquals(0, rowsOnlyIn(right, left, table));
    }

    /**
     * A hash over every row and its position in the files read in name order: equal only if the rows
     * come in the same order, however they are split into files.
     */
    private static long orderedSalesHash(Path directory) throws SQLException {
        return DuckDb.queryLong(db, "SELECT sum(hash(position, " + RawTable.SALES.columnList() + ") % 1000000007) FROM ("
                + "SELECT *, row_number() OVER (ORDER BY filename, file_row_number) AS position FROM read_parquet("
                + TestData.fileList(directory, RawTable.SALES) + ", filename = true, file_row_number = true))");
    }

    @Test
    void oneAndTwoThreadsWriteTheSalesInTheSameOrder() throws SQLException {
        assertEquals(orderedSalesHash(oneThread), orderedSalesHash(twoThreads));
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void smallFilesHoldTheSameRowsAsLargeFiles(RawTable table) throws SQLException {
        assertSameRows(oneThread, smallFiles, table);
    }

    @Test
    void smallFilesHoldTheSalesInTheSameOrderAsLargeFiles() throws SQLException {
        List<Path> files = DataFiles.find(smallFiles, RawTable.SALES);
        assertTrue(files.size() > 36, "150,000 sales at 1,000 per file must be split within months, got " + files.size());
        assertEquals(36, DataFiles.find(oneThread, RawTable.SALES).size(), "one file per month of the window");
        assertEquals(orderedSalesHash(oneThread), orderedSalesHash(smallFiles));
    }

    @Test
    void everyChangedParameterRegenerates(@TempDir Path directory) {
        GeneratorConfig small = TestData.small(directory, 42);
        TestData.generate(small);
        List<GeneratorConfig> changed = List.of(
                new GeneratorConfig(43, small.customers(), small.stores(), small.products(), small.sales(), small.startDate(), small.endDate(), directory),
                small.withCounts(small.customers() + 1, null, null, null),
                small.withCounts(null, small.stores() + 1, null, null),
                small.withCounts(null, null, small.products() + 1, null),
                small.withCounts(null, null, null, small.sales() + 1),
                new GeneratorConfig(small.seed(), small.customers(), small.stores(), small.products(), small.sales(),
                        small.startDate().plusDays(1), small.endDate(), directory),
                new GeneratorConfig(small.seed(), small.customers(), small.stores(), small.products(), small.sales(),
                        small.startDate(), small.endDate().minusDays(1), directory));
        for (GeneratorConfig config : changed) {
            assertFalse(TestData.generate(config).upToDate(), config.describe());
            assertTrue(TestData.generate(config).upToDate(), config.describe());
        }
    }

    @Test
    void anotherFileSizeIsRegeneratedAndTheSameIsUpToDate(@TempDir Path directory) {
        GeneratorConfig small = TestData.small(directory, 42);
        DataGenerator split = new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE);
        TestData.generate(small);

        assertFalse(split.generate(small, false).upToDate());
        assertTrue(split.generate(small, false).upToDate());
        assertFalse(Files.exists(directory.resolve(RawTable.CUSTOMERS.fileName())), "the single file is replaced by the split ones");
        assertFalse(TestData.generate(small).upToDate());
        assertFalse(Files.exists(directory.resolve(RawTable.CUSTOMERS.folderName())), "the split files are replaced by the single one");
        assertEquals(36, DataFiles.find(directory, RawTable.SALES).size());
    }

    @Test
    void tooSmallFilesAreRejectedNamingTheParameter() {
        TestbedException e = assertThrows(TestbedException.class,
                () -> new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE - 1));
        assertTrue(e.getMessage().contains("-Dtestbed.generate.rowsPerFile"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void anotherSeedGivesMostlyDifferentRows(RawTable table) throws SQLException {
        long rows = rows(oneThread, table);
        long different = rowsOnlyIn(oneThread, otherSeed, table);
        assertTrue(different > rows / 2, different + " of " + rows + " rows differ");
    }

    @Test
    void fingerprintChangesWithEveryContentParameterButNotWithTheOutputDirectory() {
        GeneratorConfig c = config;
        String fingerprint = c.fingerprint();
        assertEquals(fingerprint, c.withOutputDirectory(root.resolve("elsewhere")).fingerprint());
        List<GeneratorConfig> variants = List.of(
                new GeneratorConfig(c.seed() + 1, c.customers(), c.stores(), c.products(), c.sales(), c.startDate(), c.endDate(), c.outputDirectory()),
                c.withCounts(c.customers() + 1, null, null, null),
                c.withCounts(null, c.stores() + 1, null, null),
                c.withCounts(null, null, c.products() + 1, null),
                c.withCounts(null, null, null, c.sales() + 1),
                new GeneratorConfig(c.seed(), c.customers(), c.stores(), c.products(), c.sales(), c.startDate().minusDays(1), c.endDate(), c.outputDirectory()),
                new GeneratorConfig(c.seed(), c.customers(), c.stores(), c.products(), c.sales(), c.startDate(), c.endDate().plusDays(1), c.outputDirectory()));
        for (GeneratorConfig variant : variants) {
            assertNotEquals(fingerprint, variant.fingerprint(), variant.describe());
        }
    }

    // --- re-runs, each on its own small data set ------------------------------------------------

    /** Identity (inode) and modification time of each table's files: both change when a file is rewritten. */
    private static Map<RawTable, List<Object>> stamps(Path directory) throws IOException {
        Map<RawTable, List<Object>> stamps = new EnumMap<>(RawTable.class);
        for (RawTable table : RawTable.values()) {
            List<Object> stamp = new java.util.ArrayList<>();
            for (Path file : DataFiles.find(directory, table)) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamp.add(List.of(attributes.fileKey(), attributes.lastModifiedTime()));
            }
            stamps.put(table, stamp);
        }
        return stamps;
    }

    @Test
    void secondRunWithTheSameConfigIsUpToDateAndTouchesNoFile(@TempDir Path directory) throws IOException {
        GeneratorConfig small = TestData.small(directory, 42);
        GenerationResult first = TestData.generate(small);
        Map<RawTable, List<Object>> before = stamps(directory);

        GenerationResult second = TestData.generate(small);

        assertFalse(first.upToDate());
        assertTrue(second.upToDate());
        assertEquals(first.rows(), second.rows());
        assertEquals(small.fingerprint(), second.fingerprint());
        assertEquals(before, stamps(directory));
    }

    @Test
    void forceRegeneratesTheSameContent(@TempDir Path directory) throws IOException, SQLException {
        GeneratorConfig small = TestData.small(directory, 42);
        TestData.generate(small);
        Map<RawTable, List<Object>> before = stamps(directory);
        long salesHash = orderedSalesHash(directory);

        GenerationResult forced = new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET).generate(small, true);

        assertFalse(forced.upToDate());
        Map<RawTable, List<Object>> after = stamps(directory);
        for (RawTable table : RawTable.values()) {
            assertNotEquals(before.get(table), after.get(table), table.fileName() + " was not rewritten");
        }
        assertEquals(salesHash, orderedSalesHash(directory));
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncate", "delete"})
    void damagedFileIsRegeneratedOnTheNextRun(String damage, @TempDir Path directory) throws IOException, SQLException {
        GeneratorConfig small = TestData.small(directory, 42);
        TestData.generate(small);
        Path products = directory.resolve(RawTable.PRODUCTS.fileName());
        if (damage.equals("truncate")) {
            try (FileChannel channel = FileChannel.open(products, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() / 2);
            }
        } else {
            Files.delete(products);
        }

        GenerationResult rerun = TestData.generate(small);

        assertFalse(rerun.upToDate());
        assertEquals(small.products(), rows(directory, RawTable.PRODUCTS));
    }

    @Test
    void aFileThatCannotBeWrittenFailsNamingItAndLeavesNoPartialFileOrManifest(@TempDir Path directory) throws IOException {
        GeneratorConfig small = TestData.small(directory, 42);
        Path blocker = Files.writeString(directory.resolve(RawTable.SALES.folderName()), "not a folder");

        TestbedException e = assertThrows(TestbedException.class, () -> TestData.generate(small));

        assertTrue(e.getMessage().contains(blocker.toString()), e.getMessage());
        assertFalse(Files.exists(directory.resolve(dev.testbed.core.DatasetManifest.FILE_NAME)), "no manifest for a failed run");
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".part")).toList());
        }
        Files.delete(blocker);
        assertFalse(TestData.generate(small).upToDate(), "the next run generates the data");
    }

    // --- validation -----------------------------------------------------------------------------

    @Test
    void windowShorterThanNinetyDaysIsRejectedNamingTheDates() {
        GeneratorConfig base = TestData.small(root.resolve("never-written"), 42);
        GeneratorConfig ninetyDays = new GeneratorConfig(42, 10, 3, 10, 100, base.startDate(), base.startDate().plusDays(89), base.outputDirectory());
        GeneratorConfig eightyNineDays = new GeneratorConfig(42, 10, 3, 10, 100, base.startDate(), base.startDate().plusDays(88), base.outputDirectory());

        ninetyDays.validate();
        TestbedException e = assertThrows(TestbedException.class, eightyNineDays::validate);
        assertTrue(e.getMessage().contains("testbed.startDate") && e.getMessage().contains("testbed.endDate"), e.getMessage());
        assertTrue(e.getMessage().contains(eightyNineDays.endDate().toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers", "stores", "products", "sales"})
    void zeroCountIsRejectedNamingTheParameter(String parameter) {
        Path directory = root.resolve("never-written-" + parameter);
        GeneratorConfig base = TestData.small(directory, 42);
        GeneratorConfig zero = switch (parameter) {
            case "customers" -> base.withCounts(0L, null, null, null);
            case "stores" -> base.withCounts(null, 0L, null, null);
            case "products" -> base.withCounts(null, null, 0L, null);
            default -> base.withCounts(null, null, null, 0L);
        };

        TestbedException e = assertThrows(TestbedException.class, () -> TestData.generate(zero));
        assertTrue(e.getMessage().startsWith(parameter + " must be at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dtestbed." + parameter), e.getMessage());
        assertFalse(Files.exists(directory), "nothing is written for an invalid configuration");
    }
}
