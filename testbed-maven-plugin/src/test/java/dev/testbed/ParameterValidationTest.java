package dev.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.inspect.InspectRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every numeric parameter of every goal is checked where the engine's configuration is built, so a bad value fails
 * before any work with a message that names the testbed.* property, the value and the allowed range.
 */
class ParameterValidationTest {

    private static final Path NOWHERE = Path.of("never-written");

    private static void assertRejected(String property, String value, String range, Executable build) {
        TestbedException e = assertThrows(TestbedException.class, build);
        assertTrue(e.getMessage().startsWith(property + " is " + value + ", but it must be " + range), e.getMessage());
        assertTrue(e.suggestion().contains("-D" + property), e.suggestion());
    }

    // --- every goal: DuckDB settings ----------------------------------------------------------------

    @Test
    void negativeThreadsAreRejected() {
        assertRejected("testbed.threads", "-1", "a whole number of at least 0 (0 uses one per available core)",
                () -> new DuckDbSettings(-1, null, null, null, null));
    }

    @Test
    void threadsZeroAndAboveReachDuckDb() throws Exception {
        try (Connection connection = DuckDb.open(DuckDbSettings.defaults().withThreads(3))) {
            assertEquals(3, DuckDb.queryLong(connection, "SELECT current_setting('threads')"));
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), DuckDbSettings.defaults().withThreads(0).effectiveThreads());
    }

    @ParameterizedTest
    @ValueSource(strings = {"80%", "4", "-1", "abc", "4 gigabytes", "GB"})
    void memoryLimitWithoutASizeAndUnitIsRejected(String limit) {
        assertRejected("testbed.memoryLimit", "'" + limit + "'", "a size with a unit", () -> new DuckDbSettings(0, limit, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4GB", "512 MiB", "2G", "1.5GB", "300mb", "1TB"})
    void everyAcceptedMemoryLimitIsOneDuckDbAccepts(String limit) throws Exception {
        try (Connection connection = DuckDb.open(new DuckDbSettings(1, limit, null, null, null))) {
            assertTrue(DuckDb.memoryLimitBytes(connection) >= 256L * 1000 * 1000, limit);
        }
    }

    // --- generate-data -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void scaleMustBePositive(double scale) {
        assertRejected("testbed.scale", String.valueOf(scale), "a positive number",
                () -> GeneratorConfig.scaled(scale, 42, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, NOWHERE));
    }

    @Test
    void startDateAfterEndDateIsRejectedNamingBoth() {
        GeneratorConfig reversed = GeneratorConfig.scaled(1, 42, GeneratorConfig.DEFAULT_END, GeneratorConfig.DEFAULT_START, NOWHERE);

        TestbedException e = assertThrows(TestbedException.class, reversed::validate);

        assertTrue(e.getMessage().startsWith("The sales window starts after it ends: testbed.startDate is 2025-12-31, testbed.endDate is 2023-01-01"),
                e.getMessage());
    }

    @Test
    void rowsPerFileBelowTheMinimumIsRejected() {
        TestbedException e = assertThrows(TestbedException.class, () -> new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, 0));

        assertTrue(e.getMessage().contains("rowsPerFile must be at least " + DataGenerator.MIN_ROWS_PER_FILE + ", got 0"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dtestbed.generate.rowsPerFile"), e.getMessage());
    }

    // --- inspect -------------------------------------------------------------------------------------

    private static InspectRequest inspect(int snapshots, Long atSnapshot, int rows) {
        return new InspectRequest(new LakeLocation("w.ducklake", "data/"), null, null, Map.of(), null, snapshots, atSnapshot, null, rows);
    }

    @Test
    void inspectCountsAndSnapshotIdCannotBeNegative() {
        assertRejected("testbed.inspect.snapshots", "-1", "a whole number of at least 0", () -> inspect(-1, null, 10));
        assertRejected("testbed.inspect.rows", "-5", "a whole number of at least 0", () -> inspect(20, null, -5));
        assertRejected("testbed.inspect.snapshot", "-2", "a whole number of at least 0", () -> inspect(20, -2L, 10));
        assertEquals(0, inspect(0, 0L, 0).sampleRows());
    }
}
