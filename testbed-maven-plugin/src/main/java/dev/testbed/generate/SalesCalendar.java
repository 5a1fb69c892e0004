package dev.testbed.generate;

import dev.testbed.core.TestbedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sales window, one entry per day: the first sales row on that day (non-decreasing, starting at 0)
 * and how many customers had signed up and stores had opened by then.
 */
record SalesCalendar(long[] firstRows, long[] customers, long[] stores) {

    /** Days, stores and customers share one BIGINT per day: 16 + 16 + 32 bits. */
    static final int MAX_DAYS = 0xFFFF;
    static final long MAX_STORES = 0xFFFF;
    static final long MAX_CUSTOMERS = 0xFFFF_FFFFL;

    int days() {
        return firstRows.length;
    }

    /**
     * A SQL expression over the row number {@code row}, for rows in {@code [fromRow, toRow)}, that yields
     * the row's day packed with that day's customer and store counts (see {@link #unpackDay}): a balanced
     * tree of CASE comparisons against constants, over the days those rows can fall on. DuckDB evaluates
     * it vectorised, several times faster than list lookups or binary search over a list literal, and
     * unlike a join it keeps rows in order. A file of one month needs a tree of about 31 days, not 1,000.
     */
    String packedDayExpression(String row, long fromRow, long toRow) {
        if (days() > MAX_DAYS) {
            throw new TestbedException("The sales window has " + days() + " days; at most " + MAX_DAYS + " are supported.", "Shorten the window.");
        }
        List<Integer> daysWithSales = new ArrayList<>();
        for (int d = 0; d < days(); d++) {
            if (d == days() - 1 || firstRows[d + 1] > firstRows[d]) {
                daysWithSales.add(d); // a day without sales shares its first row with the next day
            }
        }
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < daysWithSales.size(); i++) {
            long start = firstRows[daysWithSales.get(i)];
            long end = i + 1 < daysWithSales.size() ? firstRows[daysWithSales.get(i + 1)] : Long.MAX_VALUE;
            if (start < toRow && end > fromRow) {
                used.add(daysWithSales.get(i));
            }
        }
        return tree(row, used, 0, used.size() - 1);
    }

    /** First row of each calendar month of the window that has sales, and the end of its rows, in order. */
    List<RowRange> months(java.time.LocalDate startDate, long sales) {
        List<RowRange> months = new ArrayList<>();
        int monthStart = 0;
        for (int d = 1; d <= days(); d++) {
            if (d == days() || startDate.plusDays(d).getDayOfMonth() == 1) {
                long from = firstRows[monthStart];
                long to = d == days() ? sales : firstRows[d];
                if (to > from) {
                    months.add(new RowRange(startDate.plusDays(monthStart).withDayOfMonth(1), from, to));
                }
                monthStart = d;
            }
        }
        return months;
    }

    /** Rows {@code [from, to)} of the sales, all in the month starting on {@code month}. */
    record RowRange(java.time.LocalDate month, long from, long to) {
    }

    private String tree(String row, List<Integer> days, int low, int high) {
        if (low == high) {
            return Long.toString(packed(days.get(low)));
        }
        int middle = (low + high + 1) >>> 1;
        return "CASE WHEN " + row + " < " + firstRows[days.get(middle)] + " THEN " + tree(row, days, low, middle - 1)
                + " ELSE " + tree(row, days, middle, high) + " END";
    }

    private long packed(int day) {
        if (customers[day] > MAX_CUSTOMERS || stores[day] > MAX_STORES) {
            throw new TestbedException("Too many customers or stores for the sales generator (at most " + MAX_CUSTOMERS
                    + " customers and " + MAX_STORES + " stores).", "Lower -Dtestbed.customers or -Dtestbed.stores.");
        }
        return day | stores[day] << 16 | customers[day] << 32;
    }

    /** SQL that unpacks {@code packed} into columns {@code d} (day index), {@code nstore} and {@code ncust}. */
    static String unpackDay(String packed) {
        return "CAST(" + packed + " & 65535 AS INTEGER) AS d, (" + packed + " >> 16) & 65535 AS nstore, " + packed + " >> 32 AS ncust";
    }
}
