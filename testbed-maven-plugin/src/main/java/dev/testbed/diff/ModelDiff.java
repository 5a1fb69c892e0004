package dev.testbed.diff;

import java.util.List;
import java.util.Map;

/**
 * What changed in one model's relation between the two snapshots of a {@link LakeDiff}.
 *
 * @param state          {@code changed}, {@code unchanged} (no version in between, or rebuilt with the same rows), {@code new}
 *                       (absent at {@code from}), {@code removed} (absent at {@code to}), {@code absent} (at neither) or {@code error} (a side could not be read; the
 *                       note says why)
 * @param note           why the state is what it is, in words (e.g. "no version between the two snapshots")
 * @param rowsBefore     rows at {@code from}, -1 when not counted
 * @param rowsAfter      rows at {@code to}, -1 when not counted
 * @param key            the columns rows are matched by (its {@code unique} test, {@code unique_combination_of_columns}
 *                       test or {@code unique_key} config); empty: rows were compared as multisets
 * @param added          rows whose key (or, without a key, whose whole row) is only at {@code to}
 * @param removed        rows whose key (or whole row) is only at {@code from}
 * @param changed        rows whose key is at both and whose other columns differ; -1 without a key
 * @param addedKeys      up to {@value RelationDiff#SAMPLE_KEYS} of the added keys, smallest first
 * @param removedKeys    up to that many removed keys
 * @param changedKeys    up to that many changed keys
 * @param changedColumns per column both sides have, in how many matched rows its value differs (only with a key)
 * @param numeric        sum, mean, min and max of each numeric column on both sides
 * @param columnsAdded   columns only at {@code to}
 * @param columnsRemoved columns only at {@code from}
 */
public record ModelDiff(String model, String relation, String materialization, String state, String note, long rowsBefore, long rowsAfter,
                        List<String> key, long added, long removed, long changed, List<String> addedKeys, List<String> removedKeys,
                        List<String> changedKeys, Map<String, Long> changedColumns, List<NumericColumn> numeric, List<String> columnsAdded,
                        List<String> columnsRemoved) {

    public static final String CHANGED = "changed";
    public static final String UNCHANGED = "unchanged";
    public static final String NEW = "new";
    public static final String REMOVED = "removed";
    public static final String ABSENT = "absent";
    public static final String ERROR = "error";

    /** A model whose rows were not compared: {@code state} and {@code note} say why. */
    static ModelDiff uncompared(String model, String relation, String materialization, String state, String note, long rowsBefore,
                                long rowsAfter) {
        return new ModelDiff(model, relation, materialization, state, note, rowsBefore, rowsAfter, List.of(), 0, 0, 0, List.of(), List.of(),
                List.of(), Map.of(), List.of(), List.of(), List.of());
    }

    /** One numeric column's aggregates at both snapshots. */
    public record NumericColumn(String column, Measure sum, Measure mean, Measure min, Measure max) {

        /** Whether any of the four moved. */
        public boolean moved() {
            return sum.moved() || mean.moved() || min.moved() || max.moved();
        }
    }

    /**
     * One aggregate at both snapshots (null where the column had no non-null value).
     *
     * @param change the relative change {@code (after - before) / |before|}; null when {@code before} is 0 or either is null
     */
    public record Measure(Double before, Double after, Double change) {

        static Measure of(Double before, Double after) {
            Double change = before == null || after == null || before == 0 ? null : (after - before) / Math.abs(before);
            return new Measure(before, after, change);
        }

        boolean moved() {
            return before == null ? after != null : !before.equals(after);
        }
    }
}
