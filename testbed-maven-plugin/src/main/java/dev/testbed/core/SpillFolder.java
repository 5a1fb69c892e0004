package dev.testbed.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folder one DuckDB instance spills into: a fresh {@code duckdb-<pid>-<n>} under the configured temp directory.
 * <p>
 * A folder of its own because DuckDB names its spill files the same in every instance ({@code duckdb_temp_storage_*})
 * and, when it closes, deletes every such file in a folder it did not create: two DuckDBs in one folder (two builds of
 * one project at once, or the workers of a shared catalog) would delete each other's spilled data. DuckDB creates
 * this folder itself when it first spills (it cannot create missing parents, so the temp directory is created here)
 * and, having created it, removes it with its files when the instance closes: nothing stays behind but the empty
 * temp directory, unless the process is killed.
 */
final class SpillFolder {

    private static final AtomicLong OPENED = new AtomicLong();

    private SpillFolder() {
    }

    /** Creates {@code tempDirectory} if needed and names a folder under it that no other DuckDB uses. */
    static Path under(Path tempDirectory) {
        Path parent = tempDirectory.toAbsolutePath();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new TestbedException("Cannot create DuckDB's temp directory " + parent + ": " + FileErrors.describe(e),
                    "Set -Dtestbed.tempDirectory to a writable folder on a disk with room for spilled data.", e);
        }
        Path folder;
        do {
            folder = parent.resolve("duckdb-" + ProcessHandle.current().pid() + "-" + OPENED.incrementAndGet());
        } while (Files.exists(folder)); // left by a killed process that had the same id
        return folder;
    }
}
