package dev.testbed.tests;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a built-in test checks, as one aggregate over its relation that is zero exactly when the test's own query returns
 * no rows. Many such aggregates over one relation share one scan ({@link FusedTests}); a test whose aggregate is not
 * zero runs its own query, so its failing count, rows and messages are the ones it always had.
 */
sealed interface FusedCheck {

    /**
     * The widest range of integer values checked with a bitmap: 2^28 bits, 32 MiB per DuckDB thread. Wider ones are
     * grouped or joined as the tests' own queries do.
     */
    long BITMAP_RANGE = 1L << 28;

    /** The tested relation's SQL text: what the aggregate scans. */
    String relation();

    /** The columns whose integer range the aggregate can use, by relation. */
    default Map<String, Set<String>> ranged() {
        return Map.of();
    }

    /** The aggregate, given the integer ranges of the columns it asked for (those not integers, or empty, have none). */
    String aggregate(Ranges ranges);

    /**
     * A test that fails on rows matching {@code failing}: {@code not_null}, {@code accepted_values},
     * {@code expression_is_true}, {@code accepted_range}.
     */
    record Rows(String relation, String failing) implements FusedCheck {
        @Override
        public String aggregate(Ranges ranges) {
            return "count(*) filter (where " + failing + ")";
        }
    }

    /** {@code unique}: no non-null value of {@code column} occurs twice. */
    record Unique(String relation, String column) implements FusedCheck {
        @Override
        public Map<String, Set<String>> ranged() {
            return Map.of(relation, Set.of(column));
        }

        @Override
        public String aggregate(Ranges ranges) {
            IntegerRange range = ranges.of(relation, column);
            if (range == null || !range.fitsBitmap()) {
                return "count(" + column + ") - count(distinct " + column + ")";
            }
            // a bitmap over the values' range marks each distinct value once, in one pass and without a hash table:
            // several times faster than grouping millions of keys, and exact (fewer bits set than values: a value repeats)
            return "count(" + column + ") - coalesce(bit_count(" + range.bitmap(column) + "), 0)";
        }
    }

    /** {@code relationships}: every non-null {@code column} value occurs in {@code parent}'s {@code field}. */
    record Relationship(String relation, String column, String parent, String field) implements FusedCheck {
        @Override
        public Map<String, Set<String>> ranged() {
            return relation.equals(parent) ? Map.of(relation, Set.of(column, field)) : Map.of(relation, Set.of(column), parent, Set.of(field));
        }

        @Override
        public String aggregate(Ranges ranges) {
            IntegerRange child = ranges.of(relation, column);
            IntegerRange keys = ranges.of(parent, field);
            if (child != null && keys != null && child.span(keys).fitsBitmap()) {
                // the child's values that are not among the parent's keys, as bits: probing a bitmap instead of a hash
                // table of the parent per child row; a parent with no key (null bitmap) leaves every child value failing
                IntegerRange both = child.span(keys);
                return "coalesce(bit_count(" + both.bitmap(column) + " & ~(select " + both.bitmap(field) + " from " + parent + ")), count("
                        + column + "))";
            }
            // IN is null, not false, for a value without a match when the parent holds a null; the test's left join finds
            // no partner for that value either, so coalesce counts it as failing
            return "count(*) filter (where " + column + " is not null and not coalesce(" + column + " in (select " + field + " from " + parent
                    + "), false))";
        }
    }

    /**
     * {@code reconciliation}: its own query, counted, in the scan of its model; an expression that is exactly
     * {@code count(distinct <integer column>)} is counted with a bitmap of the column's range, which gives the same
     * number (one bit per distinct non-null value) without a hash table of millions of keys.
     */
    record Reconciliation(String relation, String expression, String compare, String compareExpression, String tolerance) implements FusedCheck {

        private static final Pattern COUNT_DISTINCT = Pattern.compile("(?i)\\s*count\\s*\\(\\s*distinct\\s+([a-z_][a-z0-9_]*)\\s*\\)\\s*");

        @Override
        public Map<String, Set<String>> ranged() {
            Map<String, Set<String>> ranged = new HashMap<>();
            countedDistinct(expression).ifPresent(column -> ranged.computeIfAbsent(relation, r -> new TreeSet<>()).add(column));
            countedDistinct(compareExpression).ifPresent(column -> ranged.computeIfAbsent(compare, r -> new TreeSet<>()).add(column));
            return ranged;
        }

        @Override
        public String aggregate(Ranges ranges) {
            // an uncorrelated subquery: computed once, beside the scan's aggregates
            return "(select count(*) from (" + TestCollector.reconciliationQuery(relation, counted(expression, relation, ranges), compare,
                    counted(compareExpression, compare, ranges), tolerance) + "))";
        }

        private static Optional<String> countedDistinct(String expression) {
            Matcher matcher = COUNT_DISTINCT.matcher(expression);
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** {@code expression} over {@code table}, its distinct count by bitmap where the column's range allows. */
        private static String counted(String expression, String table, Ranges ranges) {
            return countedDistinct(expression).map(column -> ranges.of(table, column)).filter(IntegerRange::fitsBitmap)
                    .map(range -> "coalesce(bit_count(" + range.bitmap(countedDistinct(expression).orElseThrow()) + "), 0)").orElse(expression);
        }
    }

    /** The integer ranges found for the columns the checks asked for. */
    interface Ranges {
        /** The range of {@code column} in {@code relation}; null when it is no integer column or holds no value. */
        IntegerRange of(String relation, String column);
    }

    /** The smallest and largest value of an integer column. */
    record IntegerRange(long min, long max) {

        /** Whether a bitmap can hold it: {@code max - min} overflows to a negative number beyond a long's range. */
        boolean fitsBitmap() {
            return max - min >= 0 && max - min < BITMAP_RANGE;
        }

        /** The range covering both. */
        IntegerRange span(IntegerRange other) {
            return new IntegerRange(Math.min(min, other.min), Math.max(max, other.max));
        }

        /** The aggregate setting one bit per distinct non-null value of {@code column}, which must lie in this range. */
        String bitmap(String column) {
            return "bitstring_agg((" + column + ")::BIGINT, " + min + ", " + max + ")";
        }
    }
}
