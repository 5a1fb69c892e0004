package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.testbed.SmallDisk;
import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate-data on a disk that fills up part way: the error says so, and the run leaves nothing behind. */
class FullDiskGenerationTest {

    @Test
    void aFullDataDiskIsReportedWithTheOsReasonAndTheRunRemovesItsFiles(@TempDir Path root) throws Exception {
        GeneratorConfig fits = TestData.small(root.resolve("measured"), 42);
        new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE).generate(fits, false);
        long dataSetBytes = SmallDisk.sizeOf(fits.outputDirectory());
        Optional<SmallDisk> mounted = SmallDisk.mount(root.resolve("disk"), dataSetBytes / 2);
        assumeTrue(mounted.isPresent(), "needs root to mount a small tmpfs; the full-disk error is not simulated");
        try (SmallDisk disk = mounted.get()) {
            Path directory = disk.folder().resolve("testbed-data");
            GeneratorConfig config = fits.withOutputDirectory(directory);

            TestbedException e = assertThrows(TestbedException.class,
                    () -> new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE).generate(config, false));

            assertTrue(e.getMessage().contains(directory.toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.suggestion().contains("Free space") && e.suggestion().contains(directory.toString()), e.suggestion());
            assertFalse(e.suggestion().contains("memory") || e.suggestion().contains("parameters"), e.suggestion());
            assertEquals(0, disk.bytesUsed(), "the files of the failed run are removed, freeing the disk");
        }
    }
}
