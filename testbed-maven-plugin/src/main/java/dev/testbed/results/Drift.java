package dev.testbed.results;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a drift test compares: an aggregate ({@code expression}) of the tested relation now and at the relation's
 * previous version, and how far it may move ({@code max_change}).
 *
 * @param catalog    the lake's alias, whose snapshots hold the relation's versions
 * @param table      the relation as DuckLake's snapshot changes name it: {@code schema.name}
 * @param relation   the relation's SQL text, e.g. {@code lake.main.store_metrics}
 * @param where      the test's {@code where} config, or null: applied now and at the previous version alike
 * @param expression the aggregate, e.g. {@code sum(total_revenue)}; {@code count(*)} for {@code row_count_drift}
 * @param maxChange  the largest change that passes
 */
public record Drift(String catalog, String table, String relation, String where, String expression, MaxChange maxChange) {

    /** The query of the aggregate now, or at snapshot {@code version} when it is not null. */
    public String query(Long version) {
        String at = version == null ? relation : relation + " AT (VERSION => " + version + ")";
        String from = where == null || where.isBlank() ? at : "(select * from " + at + " where " + where + ") dbt_subquery";
        return "select " + expression + " as metric_value\nfrom " + from;
    }

    /**
     * A bound on the change: a percentage of the previous value ({@code 5%}) or an absolute amount ({@code 1000}).
     *
     * @param amount  the percentage or the amount, never negative
     * @param percent whether {@code amount} is a percentage of the previous value
     */
    public record MaxChange(BigDecimal amount, boolean percent) {

        private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(%?)\\s*");

        /** {@code 5%}, {@code 0.5%}, {@code 1000} or {@code 2.5}; anything else is refused, naming the form. */
        public static MaxChange parse(Object text) {
            Matcher matcher = text == null ? null : FORM.matcher(String.valueOf(text));
            if (matcher == null || !matcher.matches()) {
                throw new IllegalArgumentException("max_change must be a percentage of the previous value (e.g. 5%) or an absolute amount"
                        + " (e.g. 1000), got " + (text == null ? "nothing" : "'" + text + "'"));
            }
            return new MaxChange(new BigDecimal(matcher.group(1)), !matcher.group(2).isEmpty());
        }

        /**
         * Whether moving from {@code previous} to {@code current} goes beyond the bound. A value that appears or
         * disappears (NULL on one side) always does, and so does any change from 0 under a percentage.
         */
        public boolean exceededBy(BigDecimal previous, BigDecimal current) {
            if (previous == null || current == null) {
                return previous != current;
            }
            BigDecimal change = current.subtract(previous).abs();
            if (!percent) {
                return change.compareTo(amount) > 0;
            }
            // |change| > amount% of |previous|, kept exact by multiplying instead of dividing
            return change.multiply(BigDecimal.valueOf(100)).compareTo(amount.multiply(previous.abs())) > 0;
        }

        @Override
        public String toString() {
            return amount.stripTrailingZeros().toPlainString() + (percent ? "%" : "");
        }

        /** The change as dbt users read it: {@code +12.5 (+10.00%)}; the percentage is left out when the previous value is 0. */
        public static String describe(BigDecimal previous, BigDecimal current) {
            if (previous == null || current == null) {
                return previous == current ? "no change" : (previous == null ? "was NULL" : "became NULL");
            }
            BigDecimal change = current.subtract(previous);
            String absolute = (change.signum() >= 0 ? "+" : "") + change.stripTrailingZeros().toPlainString();
            if (previous.signum() == 0) {
                return absolute;
            }
            double pct = change.doubleValue() * 100 / previous.abs().doubleValue();
            return absolute + String.format(Locale.ROOT, " (%+.2f%%)", pct);
        }
    }
}
