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

    /** The SQL text of the relation whose scan answers the check: what the aggregate scans. */
    String relation();

    /** The columns whose integer range the aggregate can use, by relation. */
    default Map<String, Set<String>> ranged() {
        return Map.of();
    }

    /** The aggregate, given the integer ranges of the columns it asked for (those not integers, or empty, have none). */
    String aggregate(Scope scope);

    /**
     * What is zero exactly when the test passes, given the column {@code aggregated} of the scan's one row (named
     * {@link #SCAN}), which holds {@link #aggregate}; by default that aggregate itself.
     */
    default String verdict(String aggregated, Scope scope) {
        return aggregated;
    }

    /** The name of the scan's one row of aggregates, which a verdict may select from. */
    String SCAN = "testbed_fused_scan";

    /**
     * A test that fails on rows matching {@code failing}: {@code not_null}, {@code accepted_values},
     * {@code expression_is_true}, {@code accepted_range}.
     */
    record Rows(String relation, String failing) implements FusedCheck {
        @Override
        public String aggregate(Scope scope) {
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
        public String aggregate(Scope scope) {
            IntegerRange range = scope.bitmap(relation, column);
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
        public String aggregate(Scope scope) {
            IntegerRange keys = scope.of(parent, field);
            if (keys != null && scope.of(relation, column) != null && scope.dense(parent, field)) {
                // every integer from the parent's smallest key to its largest is a key: a value is one exactly when it lies
                // between them, which two comparisons per row tell (a null value compares to null and is not counted)
                return "count(*) filter (where " + column + " < " + keys.min() + " or " + column + " > " + keys.max() + ")";
            }
            // the column's bitmap covers the keys of every parent it is checked against in this scan, so that one bitmap
            // of the column serves all its relationships (and its unique test): DuckDB computes an aggregate once
            IntegerRange both = scope.bitmap(relation, column);
            if (keys != null && both != null && both.covers(keys) && both.fitsBitmap()) {
                // the child's values that are not among the parent's keys, as bits: probing a bitmap instead of a hash
                // table of the parent per child row; a parent with no key (null bitmap) leaves every child value failing
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
     * {@code reconciliation} of {@code model}'s {@code expression} with {@code compareExpression} over the compared
     * relation, whose scan it shares: the compared side is one more aggregate of that scan (so the staging relation
     * that several metrics reconcile with is read once for all of them), the model's side the test's own CTE. An
     * expression that is exactly {@code count(distinct <integer column>)} is counted with a bitmap of the column's
     * range, which gives the same number (one bit per distinct non-null value) without a hash table of millions of keys.
     *
     * <p>The test's own query has one row from each side's aggregate. Here the compared side is a value of the scan's
     * one row, the same value with the same type; a compared expression that is no aggregate cannot stand beside the
     * scan's {@code count(*)}, so the scan fails and every test of it runs its own query.
     */
    record Reconciliation(String model, String expression, String relation, String compareExpression, String tolerance) implements FusedCheck {

        private static final Pattern COUNT_DISTINCT = Pattern.compile("(?i)\\s*count\\s*\\(\\s*distinct\\s+([a-z_][a-z0-9_]*)\\s*\\)\\s*");

        @Override
        public Map<String, Set<String>> ranged() {
            Map<String, Set<String>> ranged = new HashMap<>();
            countedDistinct(expression).ifPresent(column -> ranged.computeIfAbsent(model, r -> new TreeSet<>()).add(column));
            countedDistinct(compareExpression).ifPresent(column -> ranged.computeIfAbsent(relation, r -> new TreeSet<>()).add(column));
            return ranged;
        }

        @Override
        public String aggregate(Scope scope) {
            return counted(compareExpression, relation, scope);
        }

        @Override
        public String verdict(String aggregated, Scope scope) {
            // an uncorrelated subquery over the scan's one row: computed once, after the scan
            return "(select count(*) from (" + TestCollector.reconciliationQuery(model, counted(expression, model, scope), SCAN, aggregated, tolerance)
                    + "))";
        }

        private static Optional<String> countedDistinct(String expression) {
            Matcher matcher = COUNT_DISTINCT.matcher(expression);
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** {@code expression} over {@code table}, its distinct count by bitmap where the column's range allows. */
        private static String counted(String expression, String table, Scope scope) {
            return countedDistinct(expression).map(column -> scope.bitmap(table, column)).filter(IntegerRange::fitsBitmap)
                    .map(range -> "coalesce(bit_count(" + range.bitmap(countedDistinct(expression).orElseThrow()) + "), 0)").orElse(expression);
        }
    }

    /**
     * A project's own generic test (or override of a built-in) whose compiled query is, exactly, the rows of the tested
     * relation that match a condition ({@link FilterQuery}): it fails on as many rows as match, so counting the matches
     * in the shared scan proves it passes. Any other query proves nothing and runs as it always did.
     */
    record Filter(String relation, String sql) implements FusedCheck {
        @Override
        public String aggregate(Scope scope) {
            // a query of another shape counts as failing here (1), and so runs its own query
            return scope.condition(sql, relation).map(condition -> "count(*) filter (where " + condition + ")").orElse("1");
        }
    }

    /** What a check's aggregate may know of the scan: integer ranges, and the condition of a filtering query. */
    interface Scope {
        /** The range of {@code column} in {@code relation}; null when it is no integer column or holds no value. */
        IntegerRange of(String relation, String column);

        /**
         * The range a bitmap of {@code column} in {@code relation} spans in this scan: its own, widened to the keys of
         * every parent it is checked against here; null when it has no range.
         */
        default IntegerRange bitmap(String relation, String column) {
            return of(relation, column);
        }

        /** Whether the integer {@code column} of {@code relation} holds every integer of its range (and no other value). */
        default boolean dense(String relation, String column) {
            return false;
        }

        /** The condition of {@code sql} when it selects exactly the rows of {@code relation} that match one; else empty. */
        default Optional<String> condition(String sql, String relation) {
            return Optional.empty();
        }
    }

    /** The smallest and largest value of an integer column. */
    record IntegerRange(long min, long max) {

        /** Whether a bitmap can hold it: {@code max - min} overflows to a negative number beyond a long's range. */
        boolean fitsBitmap() {
            return max - min >= 0 && max - min < BITMAP_RANGE;
        }

        /** Whether every value of {@code other} lies in this range. */
        boolean covers(IntegerRange other) {
            return min <= other.min && other.max <= max;
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
