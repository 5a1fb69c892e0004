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
import dev.testbed.core.TestbedException;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data sets split into many files (sales month by month) load completely in every mode; raw_sales is
 * partitioned by month, registered files sit in their month's partition, and a one-month query reads
 * only that month's files; link mode shares the generated files' bytes and survives their deletion.
 */
class SplitFilesLoadTest {

    @TempDir
    static Path root;
    static Path split;
    static Path oneSalesFile;

    @TempDir
    Path lakeDirectory;
    LakeLocation location;

    @BeforeAll
    static void generateSplitAndOneSalesFileDataSets() throws SQLException, IOException {
        split = root.resolve("split");
        // 5,000 sales over 36 months at most 1,000 per file: one file per month; customers in two files
        new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE).generate(TestData.small(split, 42), false);
        // the same data with all sales in one file, as a user might bring them
        oneSalesFile = root.resolve("one-sales-file");
        TestData.generate(TestData.small(oneSalesFile, 42));
        try (java.sql.Connection db = TestData.duckdb()) {
            DuckDb.execute(db, "COPY (SELECT * FROM " + TestData.parquet(oneSalesFile, RawTable.SALES) + ") TO '"
                    + oneSalesFile.resolve(RawTable.SALES.fileName()) + "' (FORMAT parquet)");
        }
        java.nio.file.Files.walk(oneSalesFile.resolve(RawTable.SALES.folderName())).sorted(java.util.Comparator.reverseOrder())
                .forEach(f -> f.toFile().delete());
    }

    @BeforeEach
    void freshLake() {
        location = new LakeLocation(lakeDirectory.resolve("catalog.ducklake").toString(), lakeDirectory.resolve("data").toString());
    }

    private LoadResult load(Path directory, LoadMode mode) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(directory, location, false, mode);
    }

    /** Loads files that are not (or no longer) one generate-data set, as a user's own files are. */
    private LoadResult loadOwnFiles(Path directory, LoadMode mode) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET, false).load(directory, location, false, mode);
    }

    private Lake openLake() {
        return Lake.open(location, DuckDbSettings.defaults());
    }

    private static long differences(Lake lake, RawTable table, Path directory) throws SQLException {
        String inLake = "SELECT " + table.columnList() + " FROM lake." + table.qualifiedName();
        String inFile = "SELECT " + table.columnList() + " FROM " + TestData.parquet(directory, table);
        return DuckDb.queryLong(lake.connection(), "SELECT (SELECT count(*) FROM (" + inLake + " EXCEPT ALL " + inFile + ")) "
                + "+ (SELECT count(*) FROM (" + inFile + " EXCEPT ALL " + inLake + "))");
    }

    /** The lake's current data files of a raw table. */
    private static List<Path> lakeFiles(Lake lake, RawTable table) throws SQLException {
        List<Path> files = new ArrayList<>();
        try (Statement statement = lake.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT data_file FROM ducklake_list_files('lake', '" + table.tableName() + "', schema => 'raw')")) {
            while (rs.next()) {
                files.add(Path.of(rs.getString(1)));
            }
        }
        return files;
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** "Total Files Read" of the lake scan in the query's EXPLAIN ANALYZE. */
    private static long filesRead(Lake lake, String query) throws SQLException {
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery("EXPLAIN ANALYZE " + query)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(2));
            }
            Matcher m = Pattern.compile("Total Files Read: (\\d+)").matcher(plan);
            assertTrue(m.find(), plan.toString());
            return Long.parseLong(m.group(1));
        }
    }

    @ParameterizedTest
    @EnumSource(LoadMode.class)
    void everyModeLoadsExactlyTheSplitFilesContent(LoadMode mode) throws SQLException {
        assertTrue(DataFiles.find(split, RawTable.SALES).size() >= 36 && DataFiles.find(split, RawTable.CUSTOMERS).size() > 1,
                "precondition: the data set is split");

        LoadResult result = load(split, mode);

        try (Lake lake = openLake()) {
            for (RawTable table : RawTable.values()) {
                assertEquals(0, differences(lake, table, split), table.tableName());
                assertEquals(DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + TestData.parquet(split, table)),
                        result.rows().get(table), table.tableName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = LoadMode.class, names = {"AUTO", "LINK"})
    void monthFilesAreRegisteredInTheirMonthPartition(LoadMode mode) throws SQLException, IOException {
        load(split, mode);

        List<Path> generated = DataFiles.find(split, RawTable.SALES);
        try (Lake lake = openLake()) {
            List<Path> registered = lakeFiles(lake, RawTable.SALES);
            assertEquals(generated.size(), registered.size(), "every month file registered as it is, none rewritten");
            for (Path file : registered) {
                String name = file.getFileName().toString();
                String month = name.substring(name.indexOf("sales-") + "sales-".length(), name.indexOf("sales-") + "sales-2023-01".length());
                assertEquals("year=" + month.substring(0, 4), file.getParent().getParent().getFileName().toString(), file.toString());
                assertEquals("month=" + Integer.parseInt(month.substring(5)), file.getParent().getFileName().toString(), file.toString());
                Path source = split.resolve(RawTable.SALES.folderName()).resolve(name.substring(name.indexOf("sales-")));
                assertEquals(mode == LoadMode.LINK, inode(source).equals(inode(file)), "link shares the bytes, auto copies: " + file);
            }
            assertEquals((long) generated.size() * 2, DuckDb.queryLong(lake.connection(),
                    "SELECT count(*) FROM __ducklake_metadata_lake.ducklake_file_partition_value v "
                            + "JOIN __ducklake_metadata_lake.ducklake_table t USING (table_id) WHERE t.table_name = 'raw_sales' AND t.end_snapshot IS NULL"),
                    "a year and a month partition value per file");
        }
    }

    @ParameterizedTest
    @EnumSource(LoadMode.class)
    void aOneMonthQueryReadsOnlyThatMonthsFiles(LoadMode mode) throws SQLException {
        load(split, mode);

        try (Lake lake = openLake()) {
            long all = lakeFiles(lake, RawTable.SALES).size();
            assertTrue(all >= 36, all + " files");
            assertEquals(all, filesRead(lake, "SELECT sum(amount) FROM lake.raw.raw_sales"));
            assertEquals(1, filesRead(lake, "SELECT sum(amount) FROM lake.raw.raw_sales WHERE sale_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'"));
            assertEquals(DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + TestData.parquet(split, RawTable.SALES)
                            + " WHERE sale_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'"),
                    DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake.raw.raw_sales WHERE sale_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'"));
        }
    }

    @Test
    void aSalesFileSpanningMonthsIsInsertedAndPartitionedByTheLake() throws SQLException {
        assertEquals(List.of(oneSalesFile.resolve(RawTable.SALES.fileName())), DataFiles.find(oneSalesFile, RawTable.SALES));

        loadOwnFiles(oneSalesFile, LoadMode.AUTO);

        try (Lake lake = openLake()) {
            assertEquals(0, differences(lake, RawTable.SALES, oneSalesFile));
            assertTrue(lakeFiles(lake, RawTable.SALES).size() >= 36, "DuckLake wrote one file per month");
            assertEquals(1, filesRead(lake, "SELECT count(*) FROM lake.raw.raw_sales WHERE sale_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'"));
        }
    }

    @Test
    void afterALinkLoadTheDataDirectoryCanBeRegeneratedOrDeleted(@TempDir Path directory) throws SQLException, IOException {
        GeneratorConfig config = TestData.small(directory, 42);
        DataGenerator generator = new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE);
        generator.generate(config, false);
        load(directory, LoadMode.LINK);
        String amount;
        try (Lake lake = openLake()) {
            amount = DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales");
        }

        generator.generate(new GeneratorConfig(7, config.customers(), config.stores(), config.products(), config.sales(),
                config.startDate(), config.endDate(), directory), false);
        try (Lake lake = openLake()) {
            assertEquals(amount, DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales"), "after regenerating");
            assertNotEquals(amount, DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM " + TestData.parquet(directory, RawTable.SALES)));
        }
        for (RawTable table : RawTable.values()) {
            DataFiles.deleteAll(directory, table);
        }
        try (Lake lake = openLake()) {
            assertEquals(amount, DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales"), "after deleting");
        }
    }

    @Test
    void aLakeWithMissingDataFilesIsLoadedAgainRatherThanTrusted() throws SQLException, IOException {
        load(split, LoadMode.LINK);
        Path lost;
        try (Lake lake = openLake()) {
            lost = lakeFiles(lake, RawTable.SALES).get(3);
        }
        Files.delete(lost);
        try (Lake lake = openLake()) {
            SQLException e = assertThrows(SQLException.class, () -> DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales"));
            assertTrue(e.getMessage().contains(lost.toString()), "DuckDB names the missing file: " + e.getMessage());
        }
        List<String> warnings = new ArrayList<>();

        LoadResult reload = new LakeLoader(DuckDbSettings.defaults(), event -> {
            if (event.level() == dev.testbed.core.Reporter.Level.WARN) {
                warnings.add(event.message());
            }
        }).load(split, location, false, LoadMode.LINK);

        assertFalse(reload.upToDate());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("missing") && w.contains(lost.toString())), warnings.toString());
        try (Lake lake = openLake()) {
            assertEquals(0, differences(lake, RawTable.SALES, split));
        }
    }

    /** A copy of the split data set in which the sales are missing, or both a sales.parquet and a sales/ folder exist. */
    private static Path copyOfSplitWithSales(Path directory, boolean folder, boolean singleFile) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(split)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = directory.resolve(split.relativize(file));
                boolean sales = target.startsWith(directory.resolve(RawTable.SALES.folderName()));
                if (!sales || folder) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        if (singleFile) {
            Files.copy(oneSalesFile.resolve(RawTable.SALES.fileName()), directory.resolve(RawTable.SALES.fileName()));
        }
        return directory;
    }

    @Test
    void aTableWithoutFilesFailsNamingBothLayoutsBeforeTheLakeIsCreated(@TempDir Path directory) throws IOException {
        copyOfSplitWithSales(directory, false, false);

        TestbedException e = assertThrows(TestbedException.class, () -> loadOwnFiles(directory, LoadMode.AUTO));

        assertTrue(e.getMessage().contains("raw.raw_sales") && e.getMessage().contains("sales.parquet")
                && e.getMessage().contains("sales/"), e.getMessage());
        assertFalse(Files.exists(Path.of(location.resolvedCatalog())));
    }

    @Test
    void aTableWithBothAFileAndAFolderIsAmbiguousAndFails(@TempDir Path directory) throws IOException {
        copyOfSplitWithSales(directory, true, true);

        TestbedException e = assertThrows(TestbedException.class, () -> loadOwnFiles(directory, LoadMode.AUTO));

        assertTrue(e.getMessage().contains(directory.resolve("sales.parquet").toString()) && e.getMessage().contains("not clear"), e.getMessage());
        assertFalse(Files.exists(Path.of(location.resolvedCatalog())));
    }

    @Test
    void aFileWithANarrowerDecimalPassesTheCheckButIsInsertedNotRegistered(@TempDir Path directory) throws IOException, SQLException {
        copyOfSplitWithSales(directory, true, false);
        Path march = directory.resolve("sales/sales-2024-03-000.parquet");
        Path original = split.resolve("sales/sales-2024-03-000.parquet");
        Files.delete(march);
        try (java.sql.Connection db = TestData.duckdb()) {
            DuckDb.execute(db, "COPY (SELECT * REPLACE (CAST(unit_price AS DECIMAL(9,2)) AS unit_price) FROM read_parquet('" + original
                    + "')) TO '" + march + "' (FORMAT parquet)");
        }
        List<String> log = new ArrayList<>();
        dev.testbed.core.Reporter reporter = event -> log.add(event.message());

        new LakeLoader(DuckDbSettings.defaults(), reporter, false).load(directory, location, false, LoadMode.LINK);

        int months = DataFiles.find(directory, RawTable.SALES).size();
        assertTrue(log.stream().anyMatch(l -> l.contains("raw.raw_sales") && l.contains("(1 file inserted, " + (months - 1) + " files linked)")),
                log.toString());
        try (Lake lake = openLake()) {
            assertEquals(0, differences(lake, RawTable.SALES, split), "the narrower decimals were widened on insert");
        }
    }

    @Test
    void linkModeNeedsALocalDataPath() {
        location = new LakeLocation(lakeDirectory.resolve("catalog.ducklake").toString(), "s3://bucket/lake/");

        TestbedException e = assertThrows(TestbedException.class, () -> load(split, LoadMode.LINK));

        assertTrue(e.getMessage().contains("link") && e.getMessage().contains("s3://bucket/lake/"), e.getMessage());
        assertFalse(Files.exists(Path.of(location.resolvedCatalog())), "nothing was created");
    }
}
