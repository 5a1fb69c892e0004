package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine connections: extension loading online and offline, and the error text users get to read. */
class DuckDbTest {

    private static boolean loaded(Connection connection, String extension) throws SQLException {
        return DuckDb.queryLong(connection, "SELECT count(*) FROM duckdb_extensions() WHERE extension_name = '" + extension + "' AND loaded") == 1;
    }

    @Test
    void aHookRunsOnceBeforeTheNextStartWhicheverThreadStartsIt() throws Exception {
        java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        DuckDb.beforeNextStart(() -> ran.add("replaced before it ran"));
        DuckDb.beforeNextStart(() -> ran.add(Thread.currentThread().getName()));
        Thread starter = new Thread(() -> {
            try (Connection connection = DuckDb.open(DuckDbSettings.defaults())) {
                ran.add("started " + DuckDb.queryLong(connection, "SELECT 42"));
            } catch (SQLException e) {
                ran.add(e.toString());
            }
        }, "first-starter");
        starter.start();
        starter.join();
        try (Connection again = DuckDb.open(DuckDbSettings.defaults())) {
            assertEquals(1, DuckDb.queryLong(again, "SELECT 1"));
        }

        assertEquals(java.util.List.of("first-starter", "started 42"), ran, "once, first, on the starting thread, the last hook given");
    }

    @Test
    void engineIsTheExpectedVersionAndLoadsTheInstalledDuckLakeExtension() throws SQLException {
        try (Connection connection = DuckDb.open(DuckDbSettings.defaults())) {
            DuckDb.checkVersion(connection);
            DuckDb.loadExtension(connection, "ducklake", DuckDbSettings.defaults());

            assertTrue(loaded(connection, "ducklake"));
        }
    }

    @Test
    void theScaleOutExtensionsAreProvisionedOfflineAndLoad() throws SQLException {
        try (Connection connection = DuckDb.open(DuckDbSettings.defaults())) {
            DuckDb.loadExtension(connection, "httpfs", DuckDbSettings.defaults());
            DuckDb.loadExtension(connection, "postgres_scanner", DuckDbSettings.defaults());

            assertTrue(loaded(connection, "httpfs"));
            // DuckDB reports the file postgres_scanner.duckdb_extension as extension "postgres_scanner"
            assertTrue(loaded(connection, "postgres_scanner"));
        }
    }

    @Test
    void settingsConfigureTheConnection(@TempDir Path extensions) throws SQLException {
        DuckDbSettings settings = DuckDbSettings.defaults().withThreads(1).withExtensionDirectory(extensions);
        try (Connection connection = DuckDb.open(settings)) {
            assertEquals(1, DuckDb.queryLong(connection, "SELECT current_setting('threads')"));
            assertEquals(extensions.toAbsolutePath().toString(), DuckDb.queryString(connection, "SELECT current_setting('extension_directory')"));
            assertEquals("false", DuckDb.queryString(connection, "SELECT current_setting('autoinstall_known_extensions')"));
        }
    }

    @Test
    void missingExtensionWithEveryRouteUnreachableFailsNamingWhatWasTriedAndTheRemedies(@TempDir Path emptyExtensionDirectory) throws SQLException {
        DuckDbSettings settings = DuckDbSettings.defaults()
                .withExtensionDirectory(emptyExtensionDirectory)
                .withExtensionRepository("http://127.0.0.1:9") // the discard port: nothing listens there
                .withExtensionIndex(new ExtensionIndex("http://127.0.0.1:9/simple", TestData.QUIET));
        try (Connection connection = DuckDb.open(settings)) {
            TestbedException e = assertThrows(TestbedException.class, () -> DuckDb.loadExtension(connection, "ducklake", settings));

            assertTrue(e.getMessage().contains("installed copy: " + emptyExtensionDirectory.resolve(DuckDb.EXPECTED_VERSION)), e.getMessage());
            assertTrue(e.getMessage().contains("DuckDB's install from http://127.0.0.1:9 -> "), e.getMessage());
            assertTrue(e.getMessage().contains("from the package index http://127.0.0.1:9/simple -> cannot fetch "
                    + "http://127.0.0.1:9/simple/duckdb-extension-ducklake/"), e.getMessage());
            assertTrue(e.getMessage().contains("testbed.extensionIndex"), e.getMessage());
            assertTrue(e.getMessage().contains("testbed.extensionDirectory"), e.getMessage());
            assertFalse(loaded(connection, "ducklake"));
        }
    }

    @Test
    void sqlErrorOfAStatementIsTheRealErrorNotThePendingQueryWrapper() throws SQLException {
        try (Connection connection = TestData.duckdb(); Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM nosuch"));

            String message = SqlErrors.message(e);
            assertTrue(message.startsWith("Catalog Error: Table with name nosuch does not exist"), message);
            assertTrue(message.contains("LINE 1:"), "keeps DuckDB's pointer into the query: " + message);
            assertFalse(message.contains("unsuccessful or closed pending query"), message);
        }
    }

    @Test
    void sqlErrorOfAPreparedStatementIsKeptAsIs() throws SQLException {
        try (Connection connection = TestData.duckdb()) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM nosuch")) {
                    statement.executeQuery();
                }
            });

            assertTrue(SqlErrors.message(e).startsWith("Catalog Error: Table with name nosuch does not exist"), SqlErrors.message(e));
        }
    }

    @Test
    void memoryLimitIsReadBackInBytesWhateverUnitItWasSetIn() throws SQLException {
        long gib = 1024L * 1024 * 1024;
        for (String limit : new String[] {"2GiB", "500MB", "3000000KB"}) {
            long expected = switch (limit) {
                case "2GiB" -> 2 * gib;
                case "500MB" -> 500_000_000L;
                default -> 3_000_000_000L;
            };
            try (Connection connection = DuckDb.open(new DuckDbSettings(1, limit, null, null, null))) {
                long read = DuckDb.memoryLimitBytes(connection);
                // DuckDB reports the limit cut to one decimal of the largest binary unit: up to 0.1 GiB below it
                assertTrue(read <= expected && expected - read <= 108L * 1024 * 1024, limit + " read back as " + read);
            }
        }
    }

    @Test
    void aShareSplitsThreadsAndMemoryAndNeverGoesBelowAWorkableSize(@TempDir Path temp) {
        long gib = 1024L * 1024 * 1024;
        DuckDbSettings settings = new DuckDbSettings(4, "8GiB", temp, null, null);
        DuckDbSettings half = settings.shareOf(2, 8 * gib);
        assertEquals(2, half.threads());
        assertEquals("4096MiB", half.memoryLimit());
        DuckDbSettings tiny = settings.shareOf(8, gib);
        assertEquals(1, tiny.threads(), "at least one thread each");
        assertEquals("256MiB", tiny.memoryLimit());
        assertEquals(temp.resolve("worker-1"), half.forWorker(1).tempDirectory());
        assertEquals(null, DuckDbSettings.defaults().forWorker(1).tempDirectory(), "no temp directory stays DuckDB's default");
    }
}
