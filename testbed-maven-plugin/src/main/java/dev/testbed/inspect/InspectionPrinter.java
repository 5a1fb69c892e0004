package dev.testbed.inspect;

import dev.testbed.core.Reporter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Prints an {@link Inspection} as readable text tables that fit the terminal: the whole overview, or, when one table was
 * asked for, only that table.
 */
public final class InspectionPrinter {

    /** Where the terminal's width is unknown: wide enough for the tables without wrapping most cells. */
    public static final int DEFAULT_WIDTH = 120;
    /** Narrower than this nothing reads well, so a smaller width (a COLUMNS of 5) is taken as this. */
    private static final int NARROWEST = 40;
    private static final String INDENT = "  ";
    /** The column headers say UTC, so that the cells stay short. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Reporter reporter;
    private final int width;

    /** @param width the most characters a printed line may have (at least 40) */
    public InspectionPrinter(Reporter reporter, int width) {
        this.reporter = reporter;
        this.width = Math.max(NARROWEST, width);
    }

    /** The terminal's width from the {@code COLUMNS} variable, or {@link #DEFAULT_WIDTH} when it is unset or not a number. */
    public static int terminalWidth(String columns) {
        try {
            int parsed = columns == null ? 0 : Integer.parseInt(columns.strip());
            return parsed > 0 ? parsed : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    public void print(Inspection inspection) {
        String warehouse = "Warehouse " + inspection.warehouse() + (inspection.atSnapshot() == null ? "" : ", as of snapshot " + inspection.atSnapshot());
        if (inspection.detail() != null) {
            printDetail(warehouse, inspection.detail());
            return;
        }
        line(warehouse);
        TextTable tables = new TextTable("schema", "name", "kind", "rows", "columns", "data files", "size");
        // DuckLake keeps small inserts (10 rows by default) in the catalog instead of writing a Parquet file
        inspection.tables().forEach(t -> tables.row(t.schema(), t.name(), t.kind(), number(t.rows()), t.columns(), t.dataFiles(),
                "table".equals(t.kind()) && t.dataFiles() == 0 && t.rows() > 0 ? "inlined" : "view".equals(t.kind()) ? "" : TextTable.bytes(t.dataBytes())));
        section("Tables and views (" + inspection.tables().size() + ")", tables);

        TextTable snapshots = new TextTable("snapshot", "time (UTC)", "author", "message", "changes");
        inspection.snapshots().forEach(s -> snapshots.row(s.id(), s.time() == null ? "" : TIME.format(s.time()), s.author(), s.message(), s.changes()));
        section("Snapshots (newest " + inspection.snapshots().size() + " of " + inspection.totalSnapshots() + ")", snapshots);

        // models and tests apart: a model's second column is its materialization, a test's its type and what it tests
        List<AssetStatus> models = inspection.assets().stream().filter(a -> !"test".equals(a.kind())).toList();
        if (!models.isEmpty()) {
            TextTable table = new TextTable("model or seed", "materialization", "last run (UTC)", "last status", "snapshot", "up to date");
            models.forEach(a -> table.row(a.name(), a.materialization(), a.lastRun() == null ? "" : TIME.format(a.lastRun().truncatedTo(ChronoUnit.SECONDS)),
                    lastStatus(a), snapshot(a), upToDate(a)));
            section("Models and seeds (" + models.size() + ")", table);
        }
        List<AssetStatus> tests = inspection.assets().stream().filter(a -> "test".equals(a.kind())).toList();
        if (!tests.isEmpty()) {
            // no time column: a build runs its tests together, right after its models, and the snapshot says which build
            TextTable table = new TextTable("data test", "test type", "model or source", "last status", "snapshot", "up to date");
            tests.forEach(a -> table.row(a.name(), a.materialization(), a.relation(), lastStatus(a), snapshot(a), upToDate(a)));
            section("Data tests (" + tests.size() + ")", table);
        }

        if (!inspection.sourceFiles().isEmpty()) {
            TextTable files = new TextTable("table", "file or folder", "files", "rows", "size");
            inspection.sourceFiles().forEach(f -> files.row(f.table(), f.file(), number(f.files()), number(f.rows()), TextTable.bytes(f.bytes())));
            section("Generated source files", files);
        }
    }

    /** Only the table asked for, under one line that names the warehouse: the overview is a separate question. */
    private void printDetail(String warehouse, Inspection.TableDetail detail) {
        line(warehouse + ": table " + detail.schema() + "." + detail.name());
        TextTable columns = new TextTable("column", "type", "description");
        detail.columns().forEach(c -> columns.row(c.name(), c.type(), c.description()));
        section("Columns (" + detail.columns().size() + ")", columns);
        List<List<String>> sample = detail.sample();
        List<String> header = sample.get(0);
        List<List<String>> values = sample.subList(1, sample.size());
        TextTable rows = new TextTable(header.toArray(String[]::new));
        values.forEach(r -> rows.row(r.toArray()));
        String title = "Sample of " + values.size() + " rows";
        if (rows.fits(width - INDENT.length())) {
            section(title, rows);
            return;
        }
        // as psql's expanded display: ten columns squeezed side by side would wrap every date and name
        reporter.info("");
        line(title + ", one at a time: side by side they are wider than the terminal");
        for (int i = 0; i < values.size(); i++) {
            TextTable row = new TextTable("column", "row " + (i + 1));
            for (int column = 0; column < header.size(); column++) {
                row.row(header.get(column), values.get(i).get(column));
            }
            row.lines(width - INDENT.length()).forEach(l -> reporter.info(INDENT + l));
        }
    }

    /** {@code pass in 0.05 s}, or {@code never run}. */
    private static String lastStatus(AssetStatus asset) {
        return asset.lastStatus() == null ? "never run"
                : asset.lastStatus() + (asset.lastDuration() == null ? "" : " in " + seconds(asset.lastDuration()));
    }

    private static String snapshot(AssetStatus asset) {
        return asset.lastSnapshot() < 0 ? "" : Long.toString(asset.lastSnapshot());
    }

    /** {@code yes (snapshot 12)}, {@code yes: compiled into its users} or {@code NO: } and why; "yes: up to date" says it twice. */
    private static String upToDate(AssetStatus asset) {
        String why = asset.freshness();
        if (!asset.upToDate()) {
            return "NO: " + why;
        }
        return why.startsWith("up to date") ? "yes" + why.substring("up to date".length()) : "yes: " + why;
    }

    /** A line of text, wrapped to the width: a long warehouse path breaks after a slash rather than running on. */
    private void line(String text) {
        TextTable.wrap(text, width).forEach(reporter::info);
    }

    private void section(String title, TextTable table) {
        reporter.info("");
        line(title);
        table.lines(width - INDENT.length()).forEach(line -> reporter.info(INDENT + line));
    }

    private static String number(long value) {
        return value < 0 ? "" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
}
