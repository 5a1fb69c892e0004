package dev.testbed.inspect;

import dev.testbed.core.Reporter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Prints an {@link Inspection} as readable text tables. */
public final class InspectionPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Reporter reporter;

    public InspectionPrinter(Reporter reporter) {
        this.reporter = reporter;
    }

    public void print(Inspection inspection) {
        reporter.info("Warehouse " + inspection.warehouse() + (inspection.atSnapshot() == null ? "" : ", as of snapshot " + inspection.atSnapshot()));
        TextTable tables = new TextTable("schema", "name", "kind", "rows", "columns", "data files", "size");
        // DuckLake keeps small inserts (10 rows by default) in the catalog instead of writing a Parquet file
        inspection.tables().forEach(t -> tables.row(t.schema(), t.name(), t.kind(), number(t.rows()), t.columns(), t.dataFiles(),
                "table".equals(t.kind()) && t.dataFiles() == 0 && t.rows() > 0 ? "inlined" : "view".equals(t.kind()) ? "" : TextTable.bytes(t.dataBytes())));
        section("Tables and views (" + inspection.tables().size() + ")", tables);

        TextTable snapshots = new TextTable("snapshot", "time", "author", "message", "changes");
        inspection.snapshots().forEach(s -> snapshots.row(s.id(), s.time() == null ? "" : TIME.format(s.time()), s.author(), s.message(), s.changes()));
        section("Snapshots (newest " + inspection.snapshots().size() + " of " + inspection.totalSnapshots() + ")", snapshots);

        if (!inspection.assets().isEmpty()) {
            TextTable assets = new TextTable("name", "kind", "materialization", "last status", "last run", "duration", "snapshot", "up to date");
            inspection.assets().forEach(a -> assets.row(a.name(), a.kind(), a.materialization(), a.lastStatus() == null ? "never run" : a.lastStatus(),
                    a.lastRun() == null ? "" : TIME.format(a.lastRun().truncatedTo(ChronoUnit.SECONDS)), seconds(a.lastDuration()),
                    a.lastSnapshot() < 0 ? "" : a.lastSnapshot(), (a.upToDate() ? "yes" : "NO") + ": " + a.freshness()));
            section("Models and tests (" + inspection.assets().size() + ")", assets);
        }

        if (!inspection.sourceFiles().isEmpty()) {
            TextTable files = new TextTable("table", "file", "rows", "size");
            inspection.sourceFiles().forEach(f -> files.row(f.table(), f.file(), number(f.rows()), TextTable.bytes(f.bytes())));
            section("Generated source files", files);
        }

        if (inspection.detail() != null) {
            Inspection.TableDetail detail = inspection.detail();
            TextTable columns = new TextTable("column", "type", "description");
            detail.columns().forEach(c -> columns.row(c.name(), c.type(), c.description()));
            section("Table " + detail.schema() + "." + detail.name(), columns);
            List<List<String>> sample = detail.sample();
            TextTable rows = new TextTable(sample.get(0).toArray(String[]::new));
            sample.subList(1, sample.size()).forEach(r -> rows.row(r.toArray()));
            section("Sample of " + (sample.size() - 1) + " rows", rows);
        }
    }

    private void section(String title, TextTable table) {
        reporter.info("");
        reporter.info(title);
        table.lines().forEach(line -> reporter.info("  " + line));
    }

    private static String number(long value) {
        return value < 0 ? "" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
}
