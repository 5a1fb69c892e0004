package dev.testbed.core;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How to start the embedded DuckDB engine.
 *
 * @param threads             worker threads; 0 means one per available core
 * @param memoryLimit         DuckDB memory limit such as {@code 4GB}, or null for {@link #defaultMemoryLimitBytes}
 * @param tempDirectory       the folder under which each DuckDB spills into a folder of its own when memory runs short
 *                            (removed when it closes), or null for DuckDB's default ({@code .tmp} in the working directory)
 * @param extensionDirectory  where extensions are installed, or null for DuckDB's default ({@code $HOME/.duckdb/extensions})
 * @param extensionRepository repository for DuckDB's own online installs, or null for DuckDB's default
 * @param extensionIndex      the package index to fetch an extension's wheel from when DuckDB cannot install it
 */
public record DuckDbSettings(int threads, String memoryLimit, Path tempDirectory, Path extensionDirectory,
                             String extensionRepository, ExtensionIndex extensionIndex) {

    /** Settings that fetch missing extensions from PyPI. */
    public DuckDbSettings(int threads, String memoryLimit, Path tempDirectory, Path extensionDirectory, String extensionRepository) {
        this(threads, memoryLimit, tempDirectory, extensionDirectory, extensionRepository, null);
    }

    /** A size with one of the units DuckDB's memory_limit understands; a bare number is refused by DuckDB (it needs a unit). */
    private static final Pattern MEMORY_LIMIT = Pattern.compile("\\d+(\\.\\d+)?\\s*(b|bytes|[kmgt]b?|[kmgt]ib)", Pattern.CASE_INSENSITIVE);

    public DuckDbSettings {
        ParameterCheck.atLeast("testbed.threads", threads, 0, "0 uses one per available core");
        if (memoryLimit != null && !memoryLimit.isBlank() && !MEMORY_LIMIT.matcher(memoryLimit.strip()).matches()) {
            throw ParameterCheck.invalid("testbed.memoryLimit", "'" + memoryLimit + "'",
                    "a size with a unit, such as 4GB, 512MB or 2GiB (or empty for the default, 80% of the memory the JVM's heap leaves)");
        }
        extensionIndex = extensionIndex == null ? ExtensionIndex.pypi() : extensionIndex;
    }

    public static DuckDbSettings defaults() {
        return new DuckDbSettings(0, null, null, null, null);
    }

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * DuckDB's own default is 80% of the physical memory (a container's limit), as if it were alone; but it shares the
     * process with this JVM, whose heap may grow to {@code maxHeap} (Java's default: a quarter of the memory), and the
     * two together could then ask for more than the machine has: the operating system kills the build instead of
     * DuckDB spilling. So DuckDB gets 80% of what the heap leaves: its own default less 80% of the heap. DuckDB's
     * default stands for the physical memory because the JVM's figure (its management beans) takes 0.2 s to load.
     */
    public static long defaultMemoryLimitBytes(long duckDbDefaultBytes, long maxHeap) {
        return Math.max(MINIMUM_SHARE_BYTES, duckDbDefaultBytes - maxHeap / 5 * 4);
    }

    public DuckDbSettings withThreads(int newThreads) {
        return new DuckDbSettings(newThreads, memoryLimit, tempDirectory, extensionDirectory, extensionRepository, extensionIndex);
    }

    /**
     * The settings for one of {@code parts} DuckDB instances that together get what these settings give one:
     * an equal share of the threads and of {@code memoryLimitBytes}, the memory limit in effect for these settings.
     */
    public DuckDbSettings shareOf(int parts, long memoryLimitBytes) {
        int share = Math.max(1, effectiveThreads() / Math.max(1, parts));
        long memory = Math.max(MINIMUM_SHARE_BYTES, memoryLimitBytes / Math.max(1, parts));
        return new DuckDbSettings(share, (memory / (1024 * 1024)) + "MiB", tempDirectory, extensionDirectory, extensionRepository,
                extensionIndex);
    }

    /** The same, spilling into a folder of worker {@code worker}'s own when a temp directory is set (DuckDBs must not share one). */
    public DuckDbSettings forWorker(int worker) {
        return tempDirectory == null ? this
                : new DuckDbSettings(threads, memoryLimit, tempDirectory.resolve("worker-" + worker), extensionDirectory, extensionRepository,
                        extensionIndex);
    }

    /** Below this a DuckDB instance cannot even build the sample models; shares never go lower. */
    private static final long MINIMUM_SHARE_BYTES = 256L * 1024 * 1024;

    public DuckDbSettings withExtensionDirectory(Path directory) {
        return new DuckDbSettings(threads, memoryLimit, tempDirectory, directory, extensionRepository, extensionIndex);
    }

    public DuckDbSettings withExtensionRepository(String repository) {
        return new DuckDbSettings(threads, memoryLimit, tempDirectory, extensionDirectory, repository, extensionIndex);
    }

    public DuckDbSettings withExtensionIndex(ExtensionIndex index) {
        return new DuckDbSettings(threads, memoryLimit, tempDirectory, extensionDirectory, extensionRepository, index);
    }
}
