package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Driver;
import java.util.List;
import java.util.Properties;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duckdb_jdbc started from an unpacked copy of its native library: the copy is the jar's, kept, and the driver runs from it. */
class DuckDbDriverTest {

    private static URL packedLibrary() {
        URL packed = DuckDbDriverTest.class.getClassLoader().getResource(DuckDbDriver.nativeLibraryName());
        assertNotNull(packed, "duckdb_jdbc holds a native library for this platform");
        return packed;
    }

    @Test
    void theCopyHasTheJarEntrysBytesAndIsWrittenOnce(@TempDir Path cache) throws Exception {
        URL packed = packedLibrary();
        long crc = ((JarURLConnection) packed.openConnection()).getJarEntry().getCrc();

        Path copy = DuckDbDriver.unpacked(packed, cache, DuckDbDriver.nativeLibraryName());
        CRC32 written = new CRC32();
        written.update(Files.readAllBytes(copy));
        assertEquals(crc, written.getValue(), "the copy is byte for byte the jar's library");
        assertTrue(copy.getParent().getFileName().toString().startsWith(String.format("%08x-", crc)), "named by the entry it was unpacked from: " + copy);

        FileTime stamp = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(copy, stamp);
        assertEquals(copy, DuckDbDriver.unpacked(packed, cache, DuckDbDriver.nativeLibraryName()));
        assertEquals(stamp, Files.getLastModifiedTime(copy), "a complete copy is used as it is, not written again");
        try (var files = Files.list(copy.getParent())) {
            assertEquals(List.of(copy), files.toList(), "no partial file is left behind");
        }
    }

    @Test
    void aTruncatedCopyIsReplaced(@TempDir Path cache) throws Exception {
        URL packed = packedLibrary();
        Path copy = DuckDbDriver.unpacked(packed, cache, DuckDbDriver.nativeLibraryName());
        Files.write(copy, new byte[] {1, 2, 3});

        Path again = DuckDbDriver.unpacked(packed, cache, DuckDbDriver.nativeLibraryName());

        assertEquals(((JarURLConnection) packed.openConnection()).getJarEntry().getSize(), Files.size(again));
    }

    @Test
    void theDriverLoadedBesideItsUnpackedLibraryRunsQueriesAndDuplicatesConnections(@TempDir Path cache) throws Exception {
        Driver driver = DuckDbDriver.withUnpackedLibrary(cache);

        ClassLoader loader = driver.getClass().getClassLoader();
        assertNotEquals(DuckDbDriverTest.class.getClassLoader(), loader, "the driver's classes come from a loader of their own");
        Path copy;
        try (var unpacked = Files.walk(cache)) {
            copy = unpacked.filter(f -> f.getFileName().toString().equals(DuckDbDriver.nativeLibraryName())).findFirst().orElseThrow();
        }
        Path codeSource = Path.of(driver.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(copy.getParent(), codeSource.getParent(), "the driver is loaded from a link to its jar beside the unpacked library");
        assertNull(loader.getResource(DuckDbDriver.nativeLibraryName()),
                "so it finds no library among its resources and loads the one beside its jar, with no copy");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jdk.jfr.FlightRecorder", false, loader),
                "without a flight recording the driver registers no JFR event");
        try (Connection first = driver.connect("jdbc:duckdb:", new Properties())) {
            DuckDb.execute(first, "CREATE TABLE t AS SELECT 42 AS answer");
            try (Connection second = DuckDbDriver.duplicate(first)) {
                assertEquals(42, DuckDb.queryLong(second, "SELECT answer FROM t"), "the second connection sees the same in-memory database");
            }
        }
        assertTrue(mapped(copy), "the process maps the unpacked library itself, not a temp copy of it");
    }

    @Test
    void aSecondDriverInTheSameJvmLoadsACopyOfTheLibraryTheFirstLoadedAlready(@TempDir Path cache) throws Exception {
        // as in a Maven daemon whose next build loads a rebuilt plugin into a new realm, or two plugin versions in one build
        Driver first = DuckDbDriver.withUnpackedLibrary(cache);
        Driver second = DuckDbDriver.withUnpackedLibrary(cache);

        assertNotEquals(first.getClass().getClassLoader(), second.getClass().getClassLoader());
        assertNotNull(second.getClass().getClassLoader().getResource(DuckDbDriver.nativeLibraryName()),
                "the second is handed the unpacked file as its resource, which it copies");
        for (Driver driver : List.of(first, second)) {
            try (Connection connection = driver.connect("jdbc:duckdb:", new Properties())) {
                assertEquals(42, DuckDb.queryLong(connection, "SELECT 42"));
            }
        }
    }

    /** True when this process has {@code library} mapped (Linux; elsewhere assumed). */
    private static boolean mapped(Path library) throws Exception {
        Path maps = Path.of("/proc/self/maps");
        String real = library.toRealPath().toString();
        return !Files.isReadable(maps) || Files.readAllLines(maps).stream().anyMatch(line -> line.endsWith(real));
    }

    @Test
    void theLinkToTheJarIsMadeOnceAndMendedWhenItPointsElsewhere(@TempDir Path folder) throws Exception {
        Path jar = Files.writeString(folder.resolve("driver-1.jar"), "one");
        Path other = Files.writeString(folder.resolve("elsewhere.jar"), "two");
        Path beside = Files.createDirectories(folder.resolve("beside"));

        Path link = DuckDbDriver.linkBeside(jar, beside).orElseThrow();
        assertEquals(beside.resolve("driver-1.jar"), link);
        assertTrue(Files.isSameFile(jar, link));
        assertEquals(link, DuckDbDriver.linkBeside(jar, beside).orElseThrow(), "an existing link is used as it is");

        Files.delete(link);
        Files.createSymbolicLink(link, other);
        assertTrue(Files.isSameFile(jar, DuckDbDriver.linkBeside(jar, beside).orElseThrow()), "a link to another file is replaced");
        try (var files = Files.list(beside)) {
            assertEquals(List.of(link), files.toList(), "no half-made link is left behind");
        }
    }
}
