package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB looks for extensions under {@code $HOME}, not under Java's {@code user.home}; container CI jobs often
 * set the two apart. Each test runs {@link ExtensionLoadProbe} in a JVM whose {@code HOME} and {@code user.home}
 * differ, with DuckDB's own repository unreachable.
 */
class ExtensionHomeTest {

    private static String probe(Path home, Path userHome, String index) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome, "-cp", System.getProperty("java.class.path"), ExtensionLoadProbe.class.getName(),
                "ducklake", "http://127.0.0.1:9", index).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** Where DuckDB on this machine looks for ducklake under {@code home}. */
    private static Path ducklakeUnder(Path home) throws SQLException {
        try (Connection connection = TestData.duckdb()) {
            return ExtensionWheels.target(home.resolve(".duckdb/extensions"), DuckDb.queryString(connection, "SELECT version()"),
                    DuckDb.queryString(connection, "SELECT platform FROM pragma_platform()"), "ducklake");
        }
    }

    @Test
    void theExtensionIsInstalledUnderHomeWhereDuckDbLoadsIt(@TempDir Path home, @TempDir Path userHome) throws Exception {
        String output = probe(home, userHome, ExtensionIndex.DEFAULT_URL);

        assertTrue(output.strip().endsWith("LOADED"), output);
        assertTrue(Files.isRegularFile(ducklakeUnder(home)), output);
        try (var files = Files.list(userHome)) {
            assertEquals(List.of(), files.toList(), "nothing under user.home");
        }
    }

    @Test
    void theErrorNamesTheFileUnderHomeAndEveryRouteTried(@TempDir Path home, @TempDir Path userHome) throws Exception {
        String output = probe(home, userHome, "http://127.0.0.1:9/simple");

        assertTrue(output.contains("installed copy: " + ducklakeUnder(home) + " -> "), output);
        assertFalse(output.contains(userHome.toString()), output);
        assertTrue(output.contains("DuckDB's install from http://127.0.0.1:9 -> "), output);
        assertTrue(output.contains("duckdb-extension-ducklake 1.5.5 from the package index http://127.0.0.1:9/simple -> cannot fetch"), output);
        assertTrue(output.contains("-Dtestbed.extensionIndex"), output);
        assertFalse(output.contains("python"), output);
    }
}
