package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load-ducklake's cheap up-to-date check: once the lake was found up to date with DuckDB, the next run decides from
 * file stamps alone, and any change to the files or the lake sends it back to asking the lake (or loading).
 */
class LoadUpToDateCheckTest {

    @TempDir
    static Path root;
    static Path original;
    static Path otherSeed;

    @TempDir
    Path work;
    Path data;
    LakeLocation location;

    @BeforeAll
    static void generate() {
        original = root.resolve("seed-42");
        otherSeed = root.resolve("seed-43");
        TestData.generate(TestData.small(original, 42));
        TestData.generate(TestData.small(otherSeed, 43));
    }

    /** Each test gets its own copy of the data set (the proof is kept beside it) and a fresh lake. */
    @BeforeEach
    void freshLakeAndData() throws IOException {
        data = work.resolve("data");
        try (Stream<Path> files = Files.walk(original)) {
            for (Path file : files.sorted().toList()) {
                Path target = data.resolve(original.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    // keeps the modification times, so generate-data's manifest still matches the copies
                    Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        location = lakeAt(work.resolve("lake"));
    }

    private static LakeLocation lakeAt(Path folder) {
        return new LakeLocation(folder.resolve("catalog.ducklake").toString(), folder.resolve("files").toString());
    }

    private LoadResult load() {
        return load(location, false);
    }

    private LoadResult load(LakeLocation lake, boolean force) {
        return new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET, false).load(data, lake, force, LoadMode.AUTO);
    }

    /** Loads, then checks with DuckDB once, which leaves the proof the next run can use. */
    private LoadResult loadedAndProven() {
        LoadResult loaded = load();
        assertFalse(loaded.upToDate());
        LoadResult checked = load();
        assertTrue(checked.upToDate());
        assertEquals(LoadResult.Check.LAKE, checked.check());
        return checked;
    }

    private List<Long> snapshots() {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return lake.snapshots().stream().map(Snapshot::id).toList();
        }
    }

    @Test
    void anUnchangedLakeIsUpToDateWithoutBeingOpened() {
        LoadResult proven = loadedAndProven();
        List<Long> before = snapshots();

        // While another connection holds the file catalog, DuckDB cannot open it: only a run that never opens the lake succeeds.
        LoadResult again;
        try (Lake holder = Lake.open(location, DuckDbSettings.defaults())) {
            again = load();
        }

        assertTrue(again.upToDate());
        assertEquals(LoadResult.Check.STAMPS, again.check());
        assertEquals(proven.snapshotId(), again.snapshotId());
        assertEquals(proven.fingerprint(), again.fingerprint());
        assertEquals(proven.rows(), again.rows());
        assertEquals(before, snapshots());
    }

    @Test
    void aTouchedInputFileIsCheckedAgainstTheLake() throws IOException {
        loadedAndProven();
        Path file = DataFiles.find(data, RawTable.STORES).get(0);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));

        LoadResult again = load();

        assertTrue(again.upToDate(), "the content is the same, as the lake says");
        assertEquals(LoadResult.Check.LAKE, again.check());
    }

    @Test
    void aReplacedInputFileIsLoaded() throws IOException {
        LoadResult proven = loadedAndProven();
        Path file = DataFiles.find(data, RawTable.CUSTOMERS).get(0);
        Files.copy(DataFiles.find(otherSeed, RawTable.CUSTOMERS).get(0), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        LoadResult again = load();

        assertFalse(again.upToDate());
        assertTrue(again.snapshotId() > proven.snapshotId());
    }

    @Test
    void anAddedInputFileIsLoaded() throws IOException {
        loadedAndProven();
        Path file = DataFiles.find(data, RawTable.PRODUCTS).get(0);
        Path folder = Files.createDirectories(data.resolve(RawTable.PRODUCTS.folderName()));
        Files.move(file, folder.resolve("products-000.parquet"));
        Files.copy(DataFiles.find(otherSeed, RawTable.PRODUCTS).get(0), folder.resolve("products-001.parquet"));

        LoadResult again = load();

        assertFalse(again.upToDate());
    }

    @Test
    void aLakeChangedByAnotherProcessIsAskedAndReloadedWhenItLostTheData() throws SQLException {
        LoadResult proven = loadedAndProven();
        TestData.sql(location, "DELETE FROM lake.raw.raw_stores WHERE store_id % 2 = 0");

        LoadResult again = load();

        assertFalse(again.upToDate(), "the lake no longer holds the loaded stores");
        assertTrue(again.snapshotId() > proven.snapshotId() + 1);
        assertEquals(proven.rows().get(RawTable.STORES),
                Long.valueOf(TestData.rows(location, "SELECT count(*) FROM lake.raw.raw_stores").get(0).get(0)));
    }

    @Test
    void aLakeWrittenElsewhereIsAskedAndStillUpToDate() throws SQLException {
        loadedAndProven();
        TestData.sql(location, "CREATE TABLE lake.main.unrelated AS SELECT 1 AS x");

        LoadResult again = load();

        assertTrue(again.upToDate());
        assertEquals(LoadResult.Check.LAKE, again.check());
        assertEquals(LoadResult.Check.STAMPS, load().check(), "that check left a new proof");
    }

    @Test
    void aLakeWithADeletedDataFileIsLoaded() throws IOException {
        loadedAndProven();
        Path raw = Path.of(location.resolvedDataPath()).resolve(RawTable.SCHEMA);
        Path lost;
        try (Stream<Path> files = Files.walk(raw)) {
            lost = files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).findFirst().orElseThrow();
        }
        Files.delete(lost);

        LoadResult again = load();

        assertFalse(again.upToDate());
    }

    @Test
    void aMissingLakeIsLoaded() throws IOException {
        loadedAndProven();
        try (Stream<Path> files = Files.walk(work.resolve("lake"))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        LoadResult again = load();

        assertFalse(again.upToDate());
        assertTrue(Files.exists(Path.of(location.resolvedCatalog())));
    }

    @Test
    void anotherLakeForTheSameFilesIsLoaded() {
        loadedAndProven();

        LoadResult other = load(lakeAt(work.resolve("other-lake")), false);

        assertFalse(other.upToDate());
    }

    @Test
    void forceLoadsDespiteAProof() {
        LoadResult proven = loadedAndProven();

        LoadResult forced = load(location, true);

        assertFalse(forced.upToDate());
        assertEquals(LoadResult.Check.FORCED, forced.check());
        assertEquals(proven.snapshotId() + 1, forced.snapshotId());
        assertEquals(LoadResult.Check.LAKE, load().check(), "a load leaves no proof: the next run asks the lake");
    }
}
