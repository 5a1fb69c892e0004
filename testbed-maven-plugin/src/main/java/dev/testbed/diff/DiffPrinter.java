package dev.testbed.diff;

import dev.testbed.core.Reporter;
import dev.testbed.inspect.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The diff as the build log shows it: one line per model, then the keys and the numbers that moved in each changed model. */
public final class DiffPrinter {

    private final Reporter reporter;
    private final int width;

    public DiffPrinter(Reporter reporter, int width) {
        this.reporter = reporter;
        this.width = width;
    }

    public void print(LakeDiff diff) {
        if (!diff.note().isEmpty()) {
            reporter.info(diff.note());
            return;
        }
        reporter.info("Changes from snapshot " + diff.fromSnapshot() + run(diff.fromRun()) + " to snapshot " + diff.toSnapshot() + run(diff.toRun())
                + ": " + diff.differing().size() + " of " + diff.models().size() + " models differ.");
        TextTable table = new TextTable("model", "state", "rows", "key", "added", "removed", "changed", "columns changed");
        for (ModelDiff model : diff.models()) {
            boolean compared = ModelDiff.CHANGED.equals(model.state()) || model.rowsBefore() >= 0 && model.rowsAfter() >= 0;
            table.row(model.model(), model.state(), rows(model), model.key().isEmpty() ? (compared ? "(rows)" : "") : String.join(", ", model.key()),
                    compared ? model.added() : "", compared ? model.removed() : "", compared && model.changed() >= 0 ? model.changed() : "",
                    columns(model.changedColumns()));
        }
        table.lines(width).forEach(reporter::info);
        for (ModelDiff model : diff.differing()) {
            details(model).forEach(line -> reporter.info("  " + model.model() + ": " + line));
        }
    }

    private static String run(String runId) {
        return runId == null ? "" : " (run " + runId + ")";
    }

    private static String rows(ModelDiff model) {
        if (model.rowsBefore() < 0 && model.rowsAfter() < 0) {
            return "";
        }
        return (model.rowsBefore() < 0 ? "-" : String.valueOf(model.rowsBefore())) + " -> " + (model.rowsAfter() < 0 ? "-" : String.valueOf(model.rowsAfter()));
    }

    private static String columns(Map<String, Long> changed) {
        List<String> parts = new ArrayList<>();
        changed.forEach((column, rows) -> {
            if (rows > 0) {
                parts.add(column + " " + rows);
            }
        });
        return String.join(", ", parts);
    }

    private static List<String> details(ModelDiff model) {
        List<String> lines = new ArrayList<>();
        if (!model.note().isEmpty()) {
            lines.add(model.note());
        }
        keys(lines, "added", model.added(), model.addedKeys());
        keys(lines, "removed", model.removed(), model.removedKeys());
        keys(lines, "changed", model.changed(), model.changedKeys());
        if (!model.columnsAdded().isEmpty()) {
            lines.add("new columns " + String.join(", ", model.columnsAdded()));
        }
        if (!model.columnsRemoved().isEmpty()) {
            lines.add("dropped columns " + String.join(", ", model.columnsRemoved()));
        }
        for (ModelDiff.NumericColumn column : model.numeric()) {
            if (column.moved()) {
                lines.add(column.column() + ": sum " + measure(column.sum()) + ", mean " + measure(column.mean()) + ", min " + measure(column.min())
                        + ", max " + measure(column.max()));
            }
        }
        return lines;
    }

    /** Keys a line shows; diff.json has up to {@value RelationDiff#SAMPLE_KEYS}. */
    private static final int KEYS_SHOWN = 5;

    private static void keys(List<String> lines, String what, long count, List<String> keys) {
        if (count > 0 && !keys.isEmpty()) {
            List<String> shown = keys.subList(0, Math.min(KEYS_SHOWN, keys.size()));
            lines.add(what + " keys " + String.join(", ", shown) + (count > shown.size() ? " and " + (count - shown.size()) + " more" : ""));
        }
    }

    static String measure(ModelDiff.Measure measure) {
        if (!measure.moved()) {
            return number(measure.after());
        }
        String change = measure.change() == null ? "" : String.format(Locale.ROOT, " (%+.3g%%)", 100 * measure.change());
        return number(measure.before()) + " -> " + number(measure.after()) + change;
    }

    private static String number(Double value) {
        if (value == null) {
            return "null";
        }
        // every digit a double holds: a one-row change moves a sum of millions in its last places
        return Math.abs(value) < 1e15 ? new java.math.BigDecimal(String.valueOf(value)).stripTrailingZeros().toPlainString()
                : String.format(Locale.ROOT, "%.6g", value);
    }
}
