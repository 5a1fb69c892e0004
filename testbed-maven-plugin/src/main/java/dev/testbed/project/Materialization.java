package dev.testbed.project;

import java.util.Locale;

/** How a model is built in the warehouse (dbt's materializations). */
public enum Materialization {
    VIEW, TABLE, EPHEMERAL, INCREMENTAL,
    /** Not configurable: the materialization of a seed (a CSV file loaded as a table). */
    SEED;

    /** dbt's spelling: {@code view}, {@code table}, {@code ephemeral}, {@code incremental}. */
    public static Materialization parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
