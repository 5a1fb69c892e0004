package dev.testbed.lake;

import dev.testbed.core.TestbedException;
import java.util.Locale;

/** How load-ducklake moves rows from the Parquet files into the lake. */
public enum LoadMode {

    /**
     * Where the data path is local and a file's column types match the table exactly: decode the whole
     * file once to prove it readable, copy it into the lake's data path and register it with
     * {@code ducklake_add_data_files}. Otherwise {@link #INSERT}.
     */
    AUTO,

    /** Always {@code INSERT INTO … SELECT … FROM read_parquet(…)}: DuckDB re-encodes every row. */
    INSERT;

    public static LoadMode parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TestbedException("Unknown load mode '" + value + "'.", "Use -Dtestbed.load.mode=auto or -Dtestbed.load.mode=insert.");
        }
    }
}
