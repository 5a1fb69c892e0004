package dev.testbed.project;

import java.util.Locale;

/** dbt's {@code incremental_strategy} values that the engine supports. */
public enum IncrementalStrategy {
    APPEND, DELETE_INSERT, MERGE,
    /** Batches of event time, each deleted and inserted on its own (dbt-duckdb's microbatch is delete+insert per batch). */
    MICROBATCH;

    /** dbt's spelling: {@code append}, {@code delete+insert}, {@code merge}, {@code microbatch}. */
    public static IncrementalStrategy parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('+', '_'));
    }
}
