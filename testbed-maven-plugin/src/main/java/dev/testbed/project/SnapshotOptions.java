package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How a snapshot records history, read from its resolved config as dbt-core 1.11 reads it.
 *
 * @param strategy       {@code timestamp} (a row changed when its {@code updated_at} is later than the current version's
 *                       {@code dbt_valid_from}) or {@code check} (when one of {@code check_cols} differs)
 * @param uniqueKey      {@code unique_key}: one column or SQL expression, or a list of them
 * @param updatedAt      {@code updated_at}: the column that dates a version; required by {@code timestamp}, optional for
 *                       {@code check} (whose versions are otherwise dated by the build's time); null if not set
 * @param checkCols      {@code check_cols}: the columns compared, or null for {@code all} (every column of the query)
 * @param hardDeletes    what a row missing from the query does to its history
 * @param validToCurrent {@code dbt_valid_to_current}: the SQL expression a current version's {@code dbt_valid_to} holds
 *                       instead of null, or null
 * @param columns        the names of the meta columns ({@code snapshot_meta_column_names} over dbt's defaults)
 */
public record SnapshotOptions(Strategy strategy, List<String> uniqueKey, String updatedAt, List<String> checkCols, HardDeletes hardDeletes,
                              String validToCurrent, MetaColumns columns) {

    /** dbt's two snapshot strategies. */
    public enum Strategy { TIMESTAMP, CHECK }

    /** dbt 1.9's {@code hard_deletes}. */
    public enum HardDeletes {
        /** Rows missing from the query keep their current version (dbt's default). */
        IGNORE,
        /** The current version of a missing row is closed ({@code dbt_valid_to} set to the build's time). */
        INVALIDATE,
        /** As invalidate, and a new version with {@code dbt_is_deleted = 'True'} records the deletion. */
        NEW_RECORD
    }

    /**
     * The meta columns' names.
     *
     * @param isDeleted only written under {@code hard_deletes: new_record}
     */
    public record MetaColumns(String validFrom, String validTo, String scdId, String updatedAt, String isDeleted) {

        /** dbt's names. */
        public static final MetaColumns DEFAULT = new MetaColumns("dbt_valid_from", "dbt_valid_to", "dbt_scd_id", "dbt_updated_at", "dbt_is_deleted");
    }

    private static final Set<String> META_KEYS = Set.of("dbt_valid_from", "dbt_valid_to", "dbt_scd_id", "dbt_updated_at", "dbt_is_deleted");

    /**
     * @param snapshot the snapshot's name, for messages
     * @param raw      its resolved config (keys without {@code +})
     * @param originOf where a key was set, for messages
     * @throws TestbedException naming the snapshot, the key and where it was set, for a missing or malformed config
     */
    public static SnapshotOptions of(String snapshot, Map<String, Object> raw, UnaryOperator<String> originOf) {
        Object strategyValue = raw.get("strategy");
        Object keyValue = raw.get("unique_key");
        if (strategyValue == null || keyValue == null) {
            throw new TestbedException("Snapshot " + snapshot + " has no " + (strategyValue == null ? "'strategy'" : "'unique_key'")
                    + " config; dbt requires both 'strategy' and 'unique_key' for a snapshot.",
                    "Set them in the snapshot's config(...), its properties file or dbt_project.yml's snapshots:, e.g. "
                            + "config(unique_key='id', strategy='timestamp', updated_at='updated_at').");
        }
        Strategy strategy = switch (String.valueOf(strategyValue).strip().toLowerCase(Locale.ROOT)) {
            case "timestamp" -> Strategy.TIMESTAMP;
            case "check" -> Strategy.CHECK;
            default -> throw wrong(snapshot, "strategy", originOf, "'timestamp' or 'check', got '" + strategyValue + "'",
                    "strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)");
        };
        List<String> uniqueKey = names(snapshot, "unique_key", keyValue, originOf);
        String updatedAt = raw.get("updated_at") == null ? null : String.valueOf(raw.get("updated_at")).strip();
        if (strategy == Strategy.TIMESTAMP && (updatedAt == null || updatedAt.isEmpty())) {
            throw wrong(snapshot, "updated_at", originOf, "set for the timestamp strategy", "updated_at='updated_at' (the column that dates each row)");
        }
        List<String> checkCols = null;
        if (strategy == Strategy.CHECK) {
            Object cols = raw.get("check_cols");
            if (cols == null) {
                throw wrong(snapshot, "check_cols", originOf, "set for the check strategy", "check_cols='all' or check_cols=['tier', 'email']");
            }
            if (!(cols instanceof String text && text.strip().equalsIgnoreCase("all"))) {
                if (cols instanceof String) {
                    throw wrong(snapshot, "check_cols", originOf, "'all' or a list of columns, got '" + cols + "'", "check_cols=['" + cols + "']");
                }
                checkCols = names(snapshot, "check_cols", cols, originOf);
            }
        }
        return new SnapshotOptions(strategy, uniqueKey, updatedAt, checkCols, hardDeletes(snapshot, raw, originOf),
                raw.get("dbt_valid_to_current") == null ? null : String.valueOf(raw.get("dbt_valid_to_current")), columns(snapshot, raw, originOf));
    }

    /** dbt-adapters' get_hard_deletes_behavior: the legacy {@code invalidate_hard_deletes} and {@code hard_deletes} exclude each other. */
    private static HardDeletes hardDeletes(String snapshot, Map<String, Object> raw, UnaryOperator<String> originOf) {
        Object legacy = raw.get("invalidate_hard_deletes");
        Object mode = raw.get("hard_deletes");
        if (legacy != null && mode != null) {
            throw wrong(snapshot, "hard_deletes", originOf, "set without invalidate_hard_deletes (set in " + originOf.apply("invalidate_hard_deletes")
                    + "); dbt refuses both on one snapshot", "hard_deletes='invalidate' alone");
        }
        if (legacy != null) {
            return ConfigFlag.parse(legacy).orElseThrow(() -> wrong(snapshot, "invalidate_hard_deletes", originOf, "true or false, got " + legacy,
                    "hard_deletes='invalidate'")) ? HardDeletes.INVALIDATE : HardDeletes.IGNORE;
        }
        if (mode == null) {
            return HardDeletes.IGNORE;
        }
        return switch (String.valueOf(mode).strip().toLowerCase(Locale.ROOT)) {
            case "ignore" -> HardDeletes.IGNORE;
            case "invalidate" -> HardDeletes.INVALIDATE;
            case "new_record" -> HardDeletes.NEW_RECORD;
            default -> throw wrong(snapshot, "hard_deletes", originOf, "'ignore', 'invalidate' or 'new_record', got '" + mode + "'",
                    "hard_deletes='invalidate'");
        };
    }

    private static MetaColumns columns(String snapshot, Map<String, Object> raw, UnaryOperator<String> originOf) {
        Object value = raw.get("snapshot_meta_column_names");
        if (value == null) {
            return MetaColumns.DEFAULT;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw wrong(snapshot, "snapshot_meta_column_names", originOf, "a mapping, got " + value, "snapshot_meta_column_names={'dbt_valid_from': 'valid_from'}");
        }
        Map<String, String> names = new LinkedHashMap<>();
        map.forEach((key, name) -> {
            if (!META_KEYS.contains(String.valueOf(key)) || !(name instanceof String text) || text.isBlank()) {
                throw wrong(snapshot, "snapshot_meta_column_names", originOf, "a mapping of " + String.join(", ", new java.util.TreeSet<>(META_KEYS))
                        + " to column names, got " + key + ": " + name, "snapshot_meta_column_names={'dbt_valid_from': 'valid_from'}");
            }
            names.put(String.valueOf(key), text.strip());
        });
        MetaColumns d = MetaColumns.DEFAULT;
        return new MetaColumns(names.getOrDefault("dbt_valid_from", d.validFrom()), names.getOrDefault("dbt_valid_to", d.validTo()),
                names.getOrDefault("dbt_scd_id", d.scdId()), names.getOrDefault("dbt_updated_at", d.updatedAt()),
                names.getOrDefault("dbt_is_deleted", d.isDeleted()));
    }

    private static List<String> names(String snapshot, String key, Object value, UnaryOperator<String> originOf) {
        List<String> names = new ArrayList<>();
        for (Object item : value instanceof Collection<?> items ? items : List.of(value)) {
            if (!(item instanceof String text) || text.isBlank()) {
                throw wrong(snapshot, key, originOf, "a column name or a list of them, got " + value, key + "=['id', 'region']");
            }
            names.add(text.strip());
        }
        if (names.isEmpty()) {
            throw wrong(snapshot, key, originOf, "at least one column", key + "=['id']");
        }
        return List.copyOf(names);
    }

    private static TestbedException wrong(String snapshot, String key, UnaryOperator<String> originOf, String expected, String example) {
        String origin = originOf.apply(key);
        return new TestbedException("Snapshot " + snapshot + (origin == null ? "" : " (" + origin + ")") + ": " + key + " must be " + expected + ".",
                "Write " + example + ".");
    }
}
