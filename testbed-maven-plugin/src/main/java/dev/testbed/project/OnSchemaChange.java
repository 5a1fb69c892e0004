package dev.testbed.project;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** dbt's {@code on_schema_change}: what an incremental run does when the query's columns no longer match the table's. */
public enum OnSchemaChange {
    /** Apply only the columns the table has (dbt's default). */
    IGNORE,
    /** Refuse the run, writing nothing. */
    FAIL,
    /** Add the query's new columns to the table; keep the ones it no longer returns. */
    APPEND_NEW_COLUMNS,
    /** Add new columns, drop the ones the query no longer returns, and change the types that differ. */
    SYNC_ALL_COLUMNS;

    /** dbt's spellings, for messages. */
    public static final List<String> NAMES = Arrays.stream(values()).map(OnSchemaChange::dbtName).toList();

    public String dbtName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OnSchemaChange> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.dbtName().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
