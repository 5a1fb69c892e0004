package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load-ducklake refuses a data directory that does not hold one whole generate-data set, before it touches
 * the lake: a killed generate-data run leaves finished files, perhaps an unfinished {@code *.part} file and no
 * manifest, and those files alone would load without an error.
 */
class HalfGeneratedDataSetTest {

    /** Stands for kill -9: stops the generator where it stands, with no chance to clean up. */
    private static final class Killed extends Error {
    }

    @TempDir
    Path data;
    @TempDir
    Path lakeDirectory;
    LakeLocation location;
    GeneratorConfig config;

    @BeforeEach
    void generateAndLoadOneDataSet() {
        location = new LakeLocation(lakeDirectory.resolve("catalog.ducklake").toString(), lakeDirectory.resolve("data").toString());
        config = TestData.small(data, 42);
        monthFilesGenerator(TestData.QUIET).generate(config, false);
        load(data, true);
    }

    /** One sales file per month (36 files), as a 10-million-sale data set has by default. */
    private static DataGenerator monthFilesGenerator(Reporter reporter) {
        return new DataGenerator(DuckDbSettings.defaults(), reporter, DataGenerator.MIN_ROWS_PER_FILE);
    }

    private LoadResult load(Path directory, boolean requireManifest) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET, requireManifest).load(directory, location, false);
    }

    /** What a reader of the lake sees: its snapshots, the rows of each raw table and the total sales amount. */
    record LakeState(List<Long> snapshotIds, Map<RawTable, Long> rows, String salesAmount) {
    }

    private LakeState state() throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
            for (RawTable table : RawTable.values()) {
                rows.put(table, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake." + table.qualifiedName()));
            }
            String amount = DuckDb.queryString(lake.connection(), "SELECT sum(amount) FROM lake.raw.raw_sales");
            return new LakeState(lake.snapshots().stream().map(Snapshot::id).toList(), rows, amount);
        }
    }

    /** Regenerates with another seed and stops the run once the products are written (the queue writes them among the last files), before the manifest is. */
    private void killRegenerationBeforeTheManifest() {
        Reporter killer = event -> {
            if (event.message().strip().startsWith(RawTable.PRODUCTS.tableName())) {
                throw new Killed();
            }
        };
        GeneratorConfig other = new GeneratorConfig(7, config.customers(), config.stores(), config.products(), config.sales(),
                config.startDate(), config.endDate(), data);
        assertThrows(Killed.class, () -> monthFilesGenerator(killer).generate(other, false));
    }

    private TestbedException refused(boolean requireManifest) {
        return assertThrows(TestbedException.class, () -> load(data, requireManifest));
    }

    @Test
    void aKilledRegenerationIsRefusedForItsMissingManifestAndTheLakeIsUnchanged() throws SQLException {
        LakeState before = state();
        killRegenerationBeforeTheManifest();
        assertFalse(Files.exists(data.resolve(DatasetManifest.FILE_NAME)), "precondition: the killed run deleted the manifest");
        assertEquals(36, DataFiles.find(data, RawTable.SALES).size(), "precondition: every table still has files, so they would load");

        TestbedException e = refused(true);

        assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains(DatasetManifest.FILE_NAME)
                && e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.suggestion().contains("generate-data") && e.suggestion().contains("testbed.load.requireManifest=false"), e.suggestion());
        assertEquals(before, state());
    }

    @Test
    void leftoverPartFilesAreRefusedEvenForOwnFilesAndNamed() throws IOException, SQLException {
        LakeState before = state();
        Path partial = data.resolve("sales/sales-2025-07-000.parquet" + DataFiles.PARTIAL_SUFFIX);
        Files.write(partial, new byte[4096]);

        TestbedException strict = refused(true);
        TestbedException own = refused(false);

        for (TestbedException e : List.of(strict, own)) {
            assertTrue(e.getMessage().contains("sales/sales-2025-07-000.parquet.part") && e.getMessage().contains("unfinished"), e.getMessage());
            assertTrue(e.suggestion().contains("generate-data"), e.suggestion());
        }
        assertEquals(before, state());
    }

    @Test
    void missingExtraAndResizedFilesAreEachNamed() throws IOException, SQLException {
        LakeState before = state();
        int listed = DatasetManifest.read(data).orElseThrow().files().size();
        Files.delete(data.resolve("sales/sales-2024-02-000.parquet"));
        Files.delete(data.resolve("sales/sales-2024-03-000.parquet"));
        Files.copy(data.resolve("sales/sales-2025-12-000.parquet"), data.resolve("sales/sales-2026-01-000.parquet"));
        Files.write(data.resolve(RawTable.PRODUCTS.fileName()), new byte[] {0}, StandardOpenOption.APPEND);

        TestbedException e = refused(true);

        String message = e.getMessage();
        assertTrue(message.contains("2 of its " + listed + " files missing (sales/sales-2024-02-000.parquet, sales/sales-2024-03-000.parquet)"), message);
        assertTrue(message.contains("1 file it does not list (sales/sales-2026-01-000.parquet)"), message);
        assertTrue(message.contains("1 file of another size than written (products.parquet)"), message);
        assertTrue(message.contains(config.describe()), "names the data set the manifest describes: " + message);
        assertEquals(before, state());
    }

    @Test
    void ownFilesWithoutAManifestLoadWhenTheManifestIsNotRequired() throws IOException, SQLException {
        Files.delete(data.resolve(DatasetManifest.FILE_NAME));
        Files.delete(data.resolve("sales/sales-2024-02-000.parquet"));
        long salesInFiles;
        try (var db = TestData.duckdb()) {
            salesInFiles = DuckDb.queryLong(db, "SELECT count(*) FROM " + TestData.parquet(data, RawTable.SALES));
        }
        assertThrows(TestbedException.class, () -> load(data, true), "precondition: without the parameter they are refused");

        LoadResult result = load(data, false);

        assertFalse(result.upToDate());
        assertEquals(salesInFiles, state().rows().get(RawTable.SALES));
        assertTrue(salesInFiles < config.sales(), "precondition: a month is missing, and the user vouched for that");
    }

    @Test
    void generateDataAfterAKillRemovesTheUnfinishedFilesAndItsSetLoads() throws IOException, SQLException {
        killRegenerationBeforeTheManifest();
        // a file name this run does not write (each month fits in one file), as left by a run with other parameters
        Path partial = data.resolve("sales/sales-2024-05-001.parquet" + DataFiles.PARTIAL_SUFFIX);
        Files.write(partial, new byte[4096]);
        List<String> log = new ArrayList<>();

        monthFilesGenerator(event -> log.add(event.message())).generate(config, false);

        assertFalse(Files.exists(partial));
        assertEquals(List.of(), DataFiles.partialFiles(data));
        assertTrue(log.stream().anyMatch(l -> l.contains("Removed 1 unfinished file") && l.contains("sales-2024-05-001.parquet.part")), log.toString());
        LoadResult reload = load(data, true);
        assertTrue(reload.upToDate(), "the same seed-42 files as the first load, so the lake already holds them");
    }
}
