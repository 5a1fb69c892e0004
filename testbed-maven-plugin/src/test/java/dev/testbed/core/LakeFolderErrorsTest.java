package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake whose catalog or data path cannot be written: the failure names the path and the operating system's
 * reason, gives a hint that fits, and nothing is written. Real attempts on real folders: /proc (no folder can be
 * made there) and a read-only file system (a read-only tmpfs when the build runs as root, where permissions do not
 * stop writes; a folder without write permission otherwise).
 */
class LakeFolderErrorsTest {

    @TempDir
    Path work;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void catalogUnderProcNamesTheFolderAndTheReason() {
        Path data = work.resolve("data");
        TestbedException e = assertThrows(TestbedException.class,
                () -> Lake.open(new LakeLocation("/proc/nope/x.ducklake", data.toString()), DuckDbSettings.defaults()));

        assertTrue(e.getMessage().startsWith("Cannot create the folder /proc/nope for the DuckLake catalog /proc/nope/x.ducklake: "
                + "no such file or directory: /proc/nope"), e.getMessage());
        assertTrue(e.suggestion().contains("-Dtestbed.catalog") && e.suggestion().contains("a folder on the way to /proc/nope is missing"),
                e.suggestion());
        assertFalse(Files.exists(data), "nothing is created for a lake that cannot be opened");
    }

    @Test
    void readOnlyDataPathFailsBeforeTheCatalogIsCreated() throws Exception {
        Path data = readOnlyFolder();
        Path catalog = work.resolve("lake/warehouse.ducklake");
        TestbedException e = assertThrows(TestbedException.class,
                () -> Lake.open(new LakeLocation(catalog.toString(), data.toString()), DuckDbSettings.defaults()));

        assertTrue(e.getMessage().startsWith("Cannot write into the lake's data path " + data + ": "), e.getMessage());
        assertReadOnlyReason(e, data);
        assertFalse(e.getMessage().contains(".testbed-write-check"), "the reason names the data path, not the probe file: " + e.getMessage());
        assertTrue(e.suggestion().contains("-Dtestbed.dataPath"), e.suggestion());
        assertFalse(Files.exists(catalog), "the catalog is not created when its data path cannot be written");
        try (var files = Files.list(data)) {
            assertEquals(List.of(), files.toList(), "no probe file is left behind");
        }
    }

    @Test
    void dataPathBelowAReadOnlyFolderCannotBeCreated() throws Exception {
        Path data = readOnlyFolder().resolve("data");
        TestbedException e = assertThrows(TestbedException.class,
                () -> Lake.open(new LakeLocation(work.resolve("w.ducklake").toString(), data.toString()), DuckDbSettings.defaults()));

        assertTrue(e.getMessage().startsWith("Cannot create the folder " + data + " for the lake's data path: "), e.getMessage());
        assertReadOnlyReason(e, data);
    }

    @Test
    void catalogInAReadOnlyFolderSaysSoAndBlamesTheCatalog() throws Exception {
        Path catalog = readOnlyFolder().resolve("w.ducklake");
        TestbedException e = assertThrows(TestbedException.class,
                () -> Lake.open(new LakeLocation(catalog.toString(), work.resolve("data").toString()), DuckDbSettings.defaults()));

        assertTrue(e.getMessage().startsWith("Cannot attach the DuckLake warehouse ducklake:" + catalog), e.getMessage());
        assertReadOnlyReason(e, catalog);
        assertTrue(e.suggestion().contains("-Dtestbed.catalog") && e.suggestion().contains(catalog.toString()), e.suggestion());
    }

    /** Root writes through permissions, so as root this is a real read-only mount; otherwise a folder without write permission. */
    private Path readOnlyFolder() throws Exception {
        Path folder = Files.createDirectory(work.resolve("read-only"));
        if (isRoot()) {
            assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", folder.toString()) == 0,
                    "mounting a read-only tmpfs needs CAP_SYS_ADMIN");
            mounted = folder;
        } else {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        return folder;
    }

    private void assertReadOnlyReason(TestbedException e, Path path) {
        String expected = mounted != null ? "read-only file system" : "permission denied";
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(expected), e.getMessage());
        assertTrue(e.suggestion().contains(mounted != null ? path + " is on a read-only file system" : "Make " + path + " writable"),
                e.suggestion());
    }

    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        return new String(id.getInputStream().readAllBytes()).strip().equals("0");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
