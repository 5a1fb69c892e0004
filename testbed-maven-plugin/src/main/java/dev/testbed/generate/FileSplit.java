package dev.testbed.generate;

import dev.testbed.core.RawTable;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a table is cut into Parquet files of at most {@code rowsPerFile} rows. The sales always go into
 * the folder {@code sales/}, month by month ({@code sales/sales-2024-03-000.parquet}, a month with more
 * rows than {@code rowsPerFile} in several files), because the lake partitions {@code raw_sales} by month
 * and can register a file as it is only when all its rows fall in one month; inserting a file that spans
 * months is several times slower. A dimension table that fits in one file is written as
 * {@code <table>.parquet}, as users expect; a larger one goes into the folder {@code <table>/} in ranges
 * of keys. The cut never changes a row: every value depends on the seed and the row's key alone.
 */
final class FileSplit {

    /**
     * One file to write: rows (or keys) {@code [from, to)} of a table, at {@code relativePath}; for a sales file, the
     * month its rows fall in (the calendar puts every row of {@code [from, to)} on a day of that month).
     */
    record OutputFile(RawTable table, String relativePath, long from, long to, Optional<YearMonth> month) {
    }

    private FileSplit() {
    }

    /**
     * Every table's files in the order they are written from one queue: the most rows (for a dimension, keys times
     * its most versions per key) first, so that no long file starts last while the other workers have nothing left
     * to do. At the sample's sizes the customers' single file goes first, the month files of the sales fill the other
     * workers meanwhile, and the small stores and products come last.
     */
    static List<OutputFile> queue(RetailSql sql, SalesCalendar calendar, GeneratorConfig config, long rowsPerFile) {
        List<OutputFile> files = new ArrayList<>();
        for (RawTable table : RawTable.values()) {
            files.addAll(plan(table, sql.keys(table), calendar, config, rowsPerFile));
        }
        files.sort(Comparator.comparingLong((OutputFile f) -> (f.to() - f.from()) * RetailSql.maxRowsPerKey(f.table())).reversed());
        return files;
    }

    static List<OutputFile> plan(RawTable table, long keys, SalesCalendar calendar, GeneratorConfig config, long rowsPerFile) {
        long keysPerFile = Math.max(1, rowsPerFile / RetailSql.maxRowsPerKey(table));
        if (keys <= keysPerFile && table != RawTable.SALES) {
            return List.of(new OutputFile(table, table.fileName(), 0, keys, Optional.empty()));
        }
        List<OutputFile> files = new ArrayList<>();
        if (table == RawTable.SALES) {
            for (SalesCalendar.RowRange month : calendar.months(config.startDate(), keys)) {
                String prefix = String.format(Locale.ROOT, "%s-%d-%02d", table.folderName(), month.month().getYear(), month.month().getMonthValue());
                split(table, prefix, month.from(), month.to(), keysPerFile, Optional.of(YearMonth.from(month.month())), files);
            }
        } else {
            split(table, table.folderName(), 0, keys, keysPerFile, Optional.empty(), files);
        }
        return files;
    }

    /** Cuts {@code [from, to)} into equal parts of at most {@code perFile}, named {@code prefix-000.parquet} on. */
    private static void split(RawTable table, String prefix, long from, long to, long perFile, Optional<YearMonth> month,
                              List<OutputFile> files) {
        long count = to - from;
        long parts = (count + perFile - 1) / perFile;
        for (long p = 0; p < parts; p++) {
            String name = table.folderName() + "/" + prefix + String.format(Locale.ROOT, "-%03d.parquet", p);
            files.add(new OutputFile(table, name, from + count * p / parts, from + count * (p + 1) / parts, month));
        }
    }
}
