package dev.testbed.lake;

import dev.testbed.core.TestbedException;
import java.util.Locale;

/**
 * How load-ducklake moves rows from the Parquet files into the lake. In every mode each file's schema is
 * checked and every value decoded once first, so a damaged file fails the load rather than a later query;
 * only a file generate-data wrote earlier in the same process, unchanged since, skips the decode (see
 * {@link LakeLoader#trusting}).
 * A file can be registered as it is ({@code ducklake_add_data_files}) only when its column types are
 * exactly the table's and, for the month-partitioned {@code raw_sales}, all its rows fall in one month;
 * otherwise its rows are inserted (DuckLake then writes them partitioned itself).
 */
public enum LoadMode {

    /**
     * The default. Where the data path is a local folder, copy each registrable file into the lake's data
     * path and register the copy: the lake owns its own bytes, whatever later happens to the data directory,
     * even an edit of a generated file in place. Otherwise {@link #INSERT}.
     */
    AUTO,

    /**
     * No copy: each registrable file gets a hard link in the lake's data path, which is registered. The
     * lake and the data directory then share the same bytes, so loading costs no disk space and no time
     * per row. Deleting or regenerating the data directory is safe (the lake keeps its own link, and
     * generate-data never rewrites a file in place); editing a generated file in place would change the
     * lake too. Needs a local data path on the same file system as the data directory.
     */
    LINK,

    /** Always {@code INSERT INTO … SELECT … FROM read_parquet(…)}: DuckDB re-encodes every row. */
    INSERT;

    public static LoadMode parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TestbedException("Unknown load mode '" + value + "'.",
                    "Use -Dtestbed.load.mode=auto (copy files into the lake), link (hard-link them, no copy) or insert (re-encode rows).");
        }
    }
}
