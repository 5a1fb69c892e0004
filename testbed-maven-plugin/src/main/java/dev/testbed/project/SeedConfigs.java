package dev.testbed.project;

import java.util.Map;
import java.util.Optional;

/** The seed configs dbt (and dbt-duckdb) act on that the plugin does not, so that setting one warns instead of doing nothing. */
public final class SeedConfigs {

    private static final Map<String, String> UNSUPPORTED = Map.of(
            "database", "is ignored: seeds are built in the lake the run writes to",
            "persist_docs", "is ignored: descriptions are not written to the lake as comments",
            "grants", "is ignored: a DuckLake has no grants",
            "quoting", "is ignored: seeds' relations are quoted only where needed; quote_columns sets the columns' quoting");

    private SeedConfigs() {
    }

    /**
     * Why the seed config {@code key} (without {@code +}) set to {@code value} is not applied, or empty if it is (or is
     * not dbt's). dbt-duckdb's {@code fast: false} loads rows through agate instead of DuckDB's CSV reader; the plugin
     * always loads the fast way.
     */
    public static Optional<String> unsupported(String key, Object value) {
        if (key.equals("fast")) {
            return Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(String.valueOf(value))
                    ? Optional.of("is ignored: the seed is loaded with DuckDB's CSV reader, as dbt-duckdb does by default (fast: true)")
                    : Optional.empty();
        }
        return Optional.ofNullable(UNSUPPORTED.get(key));
    }
}
