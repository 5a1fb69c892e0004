package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.testbed.SmallDisk;
import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.generate.GeneratorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * load-ducklake into a lake whose data path fills up part way, both when the loader copies files (auto) and when
 * DuckDB writes them (insert): the error keeps "No space left on device", names the data path, and hints at disk
 * space rather than at the input files, which are fine.
 */
class FullDiskLoadTest {

    @TempDir
    static Path root;
    static Path data;

    @BeforeAll
    static void generate() {
        GeneratorConfig config = TestData.small(root.resolve("testbed-data"), 42);
        TestData.generate(config);
        data = config.outputDirectory();
    }

    @ParameterizedTest
    @EnumSource(value = LoadMode.class, names = {"AUTO", "INSERT"})
    void aFullDataPathIsReportedWithTheOsReasonAndTheLakeIsUnchanged(LoadMode mode, @TempDir Path lakeDirectory) throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(lakeDirectory.resolve("data"), SmallDisk.sizeOf(data) / 4);
        assumeTrue(mounted.isPresent(), "needs root to mount a small tmpfs; the full-disk error is not simulated");
        try (SmallDisk disk = mounted.get()) {
            LakeLocation location = new LakeLocation(lakeDirectory.resolve("catalog.ducklake").toString(), disk.folder().toString());
            List<Snapshot> before;
            try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
                lake.writer().ensureSchemas(List.of("raw"));
                before = lake.snapshots();
            }

            TestbedException e = assertThrows(TestbedException.class,
                    () -> new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(data, location, false, mode));

            assertTrue(e.getMessage().contains(disk.folder().toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertFalse(e.getMessage().contains("No space left on device: " + data), "the input files' disk is not full: " + e.getMessage());
            assertTrue(e.suggestion().contains("Free space") && e.suggestion().contains(disk.folder().toString()), e.suggestion());
            assertFalse(e.suggestion().contains(data.toString()), "the input files are fine: " + e.suggestion());
            try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
                assertEquals(before, lake.snapshots());
            }
        }
    }
}
