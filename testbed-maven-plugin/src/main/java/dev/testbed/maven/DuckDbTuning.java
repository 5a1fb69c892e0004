package dev.testbed.maven;

import java.io.File;

/**
 * How hard DuckDB may work. Only the goals that build something (generate-data, load-ducklake, run-models,
 * verify-metrics) declare these parameters; the read-only goals run DuckDB with its defaults, so their help does
 * not offer switches that change nothing for them.
 */
record DuckDbTuning(int threads, String memoryLimit, File tempDirectory) {

    static final DuckDbTuning DUCKDB_DEFAULTS = new DuckDbTuning(0, null, null);
}
