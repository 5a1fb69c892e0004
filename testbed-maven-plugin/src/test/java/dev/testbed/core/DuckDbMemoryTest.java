package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's memory limit and spill folder: what does not fit is spilled, not failed, and a failure says what to set. */
class DuckDbMemoryTest {

    /** Distinct pairs of 3 M numbers: a hash table larger than a 64 MB limit (it fails without spilling, below). */
    private static final String LARGER_THAN_64_MB = "SELECT count(*) FROM (SELECT DISTINCT i, i * 2 AS j FROM range(3000000) t(i))";

    @TempDir
    Path work;

    private static Path spillFolder(Connection connection) throws SQLException {
        return Path.of(DuckDb.queryString(connection, "SELECT current_setting('temp_directory')"));
    }

    @Test
    void aQueryLargerThanTheLimitSpillsIntoAFolderOfItsOwnThatIsRemovedOnClose() throws SQLException {
        Path temp = work.resolve("target/testbed/duckdb-tmp"); // missing parents: DuckDB would fail to create them
        Path folder;
        try (Connection connection = DuckDb.open(new DuckDbSettings(1, "64MB", temp, null, null))) {
            folder = spillFolder(connection);
            assertEquals(temp.toAbsolutePath(), folder.getParent());
            assertFalse(Files.exists(folder), "DuckDB creates the folder when it first spills");

            assertEquals(3_000_000, DuckDb.queryLong(connection, LARGER_THAN_64_MB));

            assertTrue(Files.isDirectory(folder), "the query spilled into " + folder);
        }
        assertFalse(Files.exists(folder), "DuckDB removes the folder it created, with its files, when it closes");
        assertTrue(Files.isDirectory(temp));
    }

    @Test
    void withoutSpillingTheSameQueryFailsNamingTheLimitAndThePluginsParameters() throws SQLException {
        try (Connection connection = DuckDb.open(new DuckDbSettings(1, "64MB", work, null, null))) {
            DuckDb.execute(connection, "SET temp_directory = ''");

            SQLException e = assertThrows(SQLException.class, () -> DuckDb.queryLong(connection, LARGER_THAN_64_MB));

            String message = SqlErrors.message(e);
            assertTrue(message.startsWith("Out of Memory Error"), message);
            // 64 MB = 64,000,000 bytes = 61.04 MiB, as DuckDB writes it
            assertTrue(message.contains("its limit was 61.0 MiB"), message);
            assertTrue(message.contains("-Dtestbed.memoryLimit") && message.contains("-Dtestbed.tempDirectory")
                    && message.contains("-Dtestbed.threads"), message);
            assertFalse(message.contains("SET memory_limit") || message.contains("SET temp_directory") || message.contains("SET threads"),
                    "DuckDB's SQL remedies are not for a Maven user: " + message);
        }
    }

    @Test
    void twoDuckDbsGivenOneTempDirectorySpillIntoDifferentFolders() throws SQLException {
        DuckDbSettings settings = new DuckDbSettings(1, "64MB", work, null, null);
        try (Connection first = DuckDb.open(settings); Connection second = DuckDb.open(settings)) {
            assertEquals(spillFolder(first).getParent(), spillFolder(second).getParent());
            assertNotEquals(spillFolder(first), spillFolder(second));
        }
    }

    @Test
    void withoutALimitDuckDbGetsItsOwnDefaultLessEightyPercentOfTheHeap() throws SQLException {
        long duckDbDefault;
        try (Connection plain = DriverManager.getConnection("jdbc:duckdb:")) {
            duckDbDefault = DuckDb.memoryLimitBytes(plain);
        }
        long expected = duckDbDefault - Runtime.getRuntime().maxMemory() / 5 * 4;
        try (Connection connection = DuckDb.open(DuckDbSettings.defaults())) {
            long limit = DuckDb.memoryLimitBytes(connection);
            // DuckDB reports limits rounded to a tenth of their unit (GiB here)
            assertTrue(Math.abs(limit - expected) < expected / 100, limit + " bytes against " + expected);
        }
    }

    @Test
    void theDefaultLimitLeavesRoomForAFullHeapAndNeverGoesBelowWhatAModelBuildNeeds() {
        long gib = 1024L * 1024 * 1024;
        long duckDbDefault = 16 * gib / 5 * 4; // DuckDB's 80% of 16 GiB

        assertEquals(9.6 * gib, DuckDbSettings.defaultMemoryLimitBytes(duckDbDefault, 4 * gib), 8, "80% of the 12 GiB a 4 GiB heap leaves");
        assertEquals(256L * 1024 * 1024, DuckDbSettings.defaultMemoryLimitBytes(gib / 5 * 4, gib));
    }
}
