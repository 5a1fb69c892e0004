package dev.testbed.project;

import java.util.Locale;

/** dbt's {@code incremental_strategy} values that the engine supports. */
public enum IncrementalStrategy {
    APPEND, DELETE_INSERT, MERGE;

    /** dbt's spelling: {@code append}, {@code delete+insert}, {@code merge}. */
    public static IncrementalStrategy parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('+', '_'));
    }
}
