package dev.testbed.maven;

import java.io.File;
import java.nio.file.Path;

/**
 * How hard DuckDB may work. Only the goals that build something (generate-data, load-ducklake, run-models,
 * verify-metrics) declare these parameters; the read-only goals run DuckDB with its defaults, so their help does
 * not offer switches that change nothing for them.
 */
record DuckDbTuning(int threads, String memoryLimit, File tempDirectory) {

    static final DuckDbTuning DUCKDB_DEFAULTS = new DuckDbTuning(0, null, null);

    /**
     * Where DuckDB spills: the temp directory given, else the build directory itself, not DuckDB's own default ({@code .tmp}
     * in whatever folder Maven was started from), so that spilled data goes to the disk the build writes anyway and
     * {@code mvn clean} removes what a killed build left. Not a folder of its own under it: DuckDB creates each instance's
     * spill folder only when it spills, so a build that does not spill leaves nothing behind; null without a build directory.
     */
    Path tempDirectoryOr(File buildDirectory) {
        if (tempDirectory != null) {
            return tempDirectory.toPath();
        }
        return buildDirectory == null ? null : buildDirectory.toPath();
    }
}
