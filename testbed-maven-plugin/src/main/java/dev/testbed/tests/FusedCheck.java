package dev.testbed.tests;

import java.util.Map;

/**
 * What a built-in test checks, as one aggregate over its relation that is zero exactly when the test's own query returns
 * no rows. Many such aggregates over one relation share one scan ({@link FusedTests}); a test whose aggregate is not
 * zero runs its own query, so its failing count, rows and messages are the ones it always had.
 */
sealed interface FusedCheck {

    /** The tested relation's SQL text: what the aggregate scans. */
    String relation();

    /**
     * The aggregate, given the integer ranges the first pass found for unique columns ({@code ranges}, by column; a
     * column without one is counted distinct).
     */
    String aggregate(Map<String, IntegerRange> ranges);

    /**
     * A test that fails on rows matching {@code failing}: {@code not_null}, {@code accepted_values},
     * {@code expression_is_true}, {@code accepted_range}.
     */
    record Rows(String relation, String failing) implements FusedCheck {
        @Override
        public String aggregate(Map<String, IntegerRange> ranges) {
            return "count(*) filter (where " + failing + ")";
        }
    }

    /** {@code unique}: no non-null value of {@code column} occurs twice. */
    record Unique(String relation, String column) implements FusedCheck {
        @Override
        public String aggregate(Map<String, IntegerRange> ranges) {
            IntegerRange range = ranges.get(column);
            if (range == null) {
                return "count(" + column + ") - count(distinct " + column + ")";
            }
            // a bitmap over the values' range marks each distinct value once, in one pass and without a hash table:
            // several times faster than grouping millions of keys, and exact (fewer bits set than values: a value repeats)
            return "count(" + column + ") - coalesce(bit_count(bitstring_agg((" + column + ")::BIGINT, " + range.min() + ", " + range.max()
                    + ")), 0)";
        }
    }

    /** {@code relationships}: every non-null {@code column} value occurs in {@code parent}'s {@code field}. */
    record Relationship(String relation, String column, String parent, String field) implements FusedCheck {
        @Override
        public String aggregate(Map<String, IntegerRange> ranges) {
            // IN is null, not false, for a value without a match when the parent holds a null; the test's left join finds
            // no partner for that value either, so coalesce counts it as failing
            return "count(*) filter (where " + column + " is not null and not coalesce(" + column + " in (select " + field + " from " + parent
                    + "), false))";
        }
    }

    /** The smallest and largest value of an integer column. */
    record IntegerRange(long min, long max) {
    }
}
