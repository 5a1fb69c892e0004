package dev.testbed.core;

import java.nio.file.Path;

/**
 * How to start the embedded DuckDB engine.
 *
 * @param threads             worker threads; 0 means one per available core
 * @param memoryLimit         DuckDB memory limit such as {@code 4GB}, or null for DuckDB's default (80% of RAM)
 * @param tempDirectory       where DuckDB spills when memory runs short, or null for its default
 * @param extensionDirectory  where extensions are installed, or null for {@code ~/.duckdb/extensions}
 * @param extensionRepository repository for online installs, or null for DuckDB's default
 */
public record DuckDbSettings(int threads, String memoryLimit, Path tempDirectory, Path extensionDirectory,
                             String extensionRepository) {

    public static DuckDbSettings defaults() {
        return new DuckDbSettings(0, null, null, null, null);
    }

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public DuckDbSettings withThreads(int newThreads) {
        return new DuckDbSettings(newThreads, memoryLimit, tempDirectory, extensionDirectory, extensionRepository);
    }

    public DuckDbSettings withExtensionDirectory(Path directory) {
        return new DuckDbSettings(threads, memoryLimit, tempDirectory, directory, extensionRepository);
    }

    public DuckDbSettings withExtensionRepository(String repository) {
        return new DuckDbSettings(threads, memoryLimit, tempDirectory, extensionDirectory, repository);
    }
}
