package dev.testbed.project;

import java.util.Locale;

/** How a model is built in the warehouse (dbt's materializations). */
public enum Materialization {
    VIEW, TABLE, EPHEMERAL, INCREMENTAL,
    /** Not configurable: the materialization of a seed (a CSV file loaded as a table). */
    SEED,
    /** Not configurable: the materialization of a snapshot ({@code {% snapshot %}} block or YAML-defined), an SCD2 history table. */
    SNAPSHOT;

    /** The node's resource type in dbt's artifacts and unique ids: {@code seed}, {@code snapshot} or {@code model}. */
    public String resourceType() {
        return switch (this) {
            case SEED -> "seed";
            case SNAPSHOT -> "snapshot";
            default -> "model";
        };
    }

    /** dbt's spelling: {@code view}, {@code table}, {@code ephemeral}, {@code incremental}. */
    public static Materialization parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
