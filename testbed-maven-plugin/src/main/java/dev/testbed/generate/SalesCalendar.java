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
     * A SQL expression over the row number {@code row} that yields the row's day packed with that day's
     * customer and store counts (see {@link #unpackDay}): a balanced tree of CASE comparisons against
     * constants. DuckDB evaluates it vectorised, several times faster than list lookups or binary
     * search over a list literal, and unlike a join it keeps rows in order.
     */
    String packedDayExpression(String row) {
        if (days() > MAX_DAYS) {
            throw new TestbedException("The sales window has " + days() + " days; at most " + MAX_DAYS + " are supported.", "Shorten the window.");
        }
        List<Integer> daysWithSales = new ArrayList<>();
        for (int d = 0; d < days(); d++) {
            if (d == days() - 1 || firstRows[d + 1] > firstRows[d]) {
                daysWithSales.add(d); // a day without sales shares its first row with the next day
            }
        }
        return tree(row, daysWithSales, 0, daysWithSales.size() - 1);
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
