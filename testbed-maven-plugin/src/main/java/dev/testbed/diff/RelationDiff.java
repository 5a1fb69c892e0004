package dev.testbed.diff;

import dev.testbed.core.Sql;
import dev.testbed.diff.ModelDiff.Measure;
import dev.testbed.diff.ModelDiff.NumericColumn;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL that compares one relation at two snapshots by DuckLake time travel ({@code AT (VERSION => n)}). With a key,
 * one query reads each side once: a FULL OUTER JOIN on the key whose single aggregate counts added, removed and changed
 * rows, the changed rows of each column ({@code IS DISTINCT FROM}), a few keys of each kind, and the numeric columns'
 * aggregates of both sides. Without a key, the rows are compared as multisets of row hashes.
 */
final class RelationDiff {

    static final int SAMPLE_KEYS = 20;

    private static final Pattern NUMERIC = Pattern.compile("(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL.*)");
    /** A column name no model uses, telling a side's row from the outer join's nulls. */
    private static final String PRESENT = "__testbed_diff_present";

    private final Connection connection;
    private final String relation;
    private final long from;
    private final long to;

    /** @param relation the relation's SQL text, with its catalog ({@code lake."main"."stg_sales"}) */
    RelationDiff(Connection connection, String relation, long from, long to) {
        this.connection = connection;
        this.relation = relation;
        this.from = from;
        this.to = to;
    }

    /** A column's name and DuckDB type. */
    record Column(String name, String type) {

        boolean numeric() {
            return NUMERIC.matcher(type).matches();
        }

        /** Numeric at both snapshots, whatever its exact type at each (say DECIMAL(38,2), then DECIMAL(38,4)): aggregates compare as DOUBLE. */
        boolean numericAtBoth(String typeAfter) {
            return numeric() && typeAfter != null && NUMERIC.matcher(typeAfter).matches();
        }
    }

    /** The relation's columns at the snapshot, in order. */
    List<Column> columns(long snapshot) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + at(snapshot))) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2)));
            }
        }
        return columns;
    }

    /** The outcome of the comparison, before it is labelled with its model. */
    record Outcome(long rowsBefore, long rowsAfter, long added, long removed, long changed, List<String> addedKeys, List<String> removedKeys,
                   List<String> changedKeys, Map<String, Long> changedColumns, List<NumericColumn> numeric) {
    }

    /**
     * Compares the rows matched by {@code key}; null when the key is not unique on a side (the join then pairs a row more
     * than once), so the caller can compare multisets instead.
     */
    Outcome byKey(List<String> key, List<Column> before, List<Column> after) throws SQLException {
        Map<String, String> afterTypes = new LinkedHashMap<>();
        after.forEach(c -> afterTypes.put(c.name(), c.type()));
        List<Column> common = before.stream().filter(c -> afterTypes.containsKey(c.name())).toList();
        List<Column> compared = common.stream().filter(c -> !key.contains(c.name())).toList();
        // a key's sum or mean says nothing about the data
        List<Column> numeric = compared.stream().filter(c -> c.numericAtBoth(afterTypes.get(c.name()))).toList();
        String both = "a." + PRESENT + " AND b." + PRESENT;
        List<String> distinct = compared.stream().map(c -> distinct(c, afterTypes.get(c.name()))).toList();
        String anyChange = distinct.isEmpty() ? "false" : String.join(" OR ", distinct);
        StringBuilder sql = new StringBuilder("SELECT count(a." + PRESENT + "), count(b." + PRESENT + ")");
        sql.append(", count(*) FILTER (WHERE b.").append(PRESENT).append(" IS NULL)");
        sql.append(", count(*) FILTER (WHERE a.").append(PRESENT).append(" IS NULL)");
        sql.append(", count(*) FILTER (WHERE ").append(both).append(" AND (").append(anyChange).append("))");
        sql.append(", ").append(sampleKeys(key, "b", "a." + PRESENT + " IS NULL"));
        sql.append(", ").append(sampleKeys(key, "a", "b." + PRESENT + " IS NULL"));
        sql.append(", ").append(sampleKeys(key, "b", both + " AND (" + anyChange + ")"));
        for (String change : distinct) {
            sql.append(", count(*) FILTER (WHERE ").append(both).append(" AND ").append(change).append(")");
        }
        for (Column column : numeric) {
            for (String side : List.of("a", "b")) {
                String value = side + "." + Sql.identifier(column.name());
                sql.append(", sum(").append(value).append(")::DOUBLE, avg(").append(value).append(")::DOUBLE, min(").append(value)
                        .append(")::DOUBLE, max(").append(value).append(")::DOUBLE");
            }
        }
        String on = String.join(" AND ", key.stream().map(k -> "a." + Sql.identifier(k) + " IS NOT DISTINCT FROM b." + Sql.identifier(k)).toList());
        sql.append(" FROM (SELECT true AS ").append(PRESENT).append(", * FROM ").append(at(from)).append(") a FULL OUTER JOIN (SELECT true AS ")
                .append(PRESENT).append(", * FROM ").append(at(to)).append(") b ON ").append(on);
        long[] counts = counts();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.toString())) {
            rs.next();
            if (rs.getLong(1) != counts[0] || rs.getLong(2) != counts[1]) {
                return null;
            }
            Map<String, Long> changedColumns = new LinkedHashMap<>();
            int at = 9;
            for (Column column : compared) {
                changedColumns.put(column.name(), rs.getLong(at++));
            }
            List<NumericColumn> stats = new ArrayList<>();
            for (Column column : numeric) {
                Double[] a = {value(rs, at), value(rs, at + 1), value(rs, at + 2), value(rs, at + 3)};
                Double[] b = {value(rs, at + 4), value(rs, at + 5), value(rs, at + 6), value(rs, at + 7)};
                at += 8;
                stats.add(new NumericColumn(column.name(), Measure.of(a[0], b[0]), Measure.of(a[1], b[1]), Measure.of(a[2], b[2]), Measure.of(a[3], b[3])));
            }
            return new Outcome(counts[0], counts[1], rs.getLong(4), rs.getLong(3), rs.getLong(5), strings(rs, 6), strings(rs, 7), strings(rs, 8),
                    changedColumns, stats);
        }
    }

    /**
     * Compares the rows as multisets of their hashes over the columns both sides have: a row counts as added as often as
     * it occurs more often at {@code to} than at {@code from}.
     */
    Outcome asMultisets(List<Column> before, List<Column> after) throws SQLException {
        List<String> afterNames = after.stream().map(Column::name).toList();
        List<Column> common = before.stream().filter(c -> afterNames.contains(c.name())).toList();
        String hash = common.isEmpty() ? "0" : "hash(" + String.join(", ", common.stream().map(c -> Sql.identifier(c.name())).toList()) + ")";
        String sql = "SELECT coalesce(sum(greatest(na - nb, 0)), 0), coalesce(sum(greatest(nb - na, 0)), 0) FROM (SELECT h,"
                + " count(*) FILTER (WHERE side = 0) AS na, count(*) FILTER (WHERE side = 1) AS nb FROM (SELECT 0 AS side, " + hash + " AS h FROM "
                + at(from) + " UNION ALL SELECT 1, " + hash + " FROM " + at(to) + ") GROUP BY h)";
        long[] counts = counts();
        List<Column> numeric = common.stream().filter(c -> c.numericAtBoth(after.get(afterNames.indexOf(c.name())).type())).toList();
        List<Double[]> a = aggregates(numeric, from);
        List<Double[]> b = aggregates(numeric, to);
        List<NumericColumn> stats = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            stats.add(new NumericColumn(numeric.get(i).name(), Measure.of(a.get(i)[0], b.get(i)[0]), Measure.of(a.get(i)[1], b.get(i)[1]),
                    Measure.of(a.get(i)[2], b.get(i)[2]), Measure.of(a.get(i)[3], b.get(i)[3])));
        }
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new Outcome(counts[0], counts[1], rs.getLong(2), rs.getLong(1), -1, List.of(), List.of(), List.of(), Map.of(), stats);
        }
    }

    /** The relation's rows at one snapshot. */
    long rows(long snapshot) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + at(snapshot))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long[] counts() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM " + at(from) + "), (SELECT count(*) FROM " + at(to) + ")")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Sum, mean, min and max of each column at the snapshot. */
    private List<Double[]> aggregates(List<Column> numeric, long snapshot) throws SQLException {
        if (numeric.isEmpty()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (Column column : numeric) {
            String value = Sql.identifier(column.name());
            parts.add("sum(" + value + ")::DOUBLE, avg(" + value + ")::DOUBLE, min(" + value + ")::DOUBLE, max(" + value + ")::DOUBLE");
        }
        List<Double[]> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", parts) + " FROM " + at(snapshot))) {
            rs.next();
            for (int i = 0; i < numeric.size(); i++) {
                values.add(new Double[] {value(rs, 4 * i + 1), value(rs, 4 * i + 2), value(rs, 4 * i + 3), value(rs, 4 * i + 4)});
            }
        }
        return values;
    }

    private String at(long snapshot) {
        return relation + " AT (VERSION => " + snapshot + ")";
    }

    /** The column's values differ (compared as text when its type changed between the snapshots). */
    private static String distinct(Column column, String typeAfter) {
        String name = Sql.identifier(column.name());
        return column.type().equals(typeAfter) ? "a." + name + " IS DISTINCT FROM b." + name
                : "a." + name + "::VARCHAR IS DISTINCT FROM b." + name + "::VARCHAR";
    }

    /** The smallest few keys of the rows matching {@code filter}, as text: DuckDB's {@code min(x, n)} keeps only n. */
    private static String sampleKeys(List<String> key, String side, String filter) {
        String value = key.size() == 1 ? side + "." + Sql.identifier(key.get(0))
                : "struct_pack(" + String.join(", ", key.stream().map(k -> Sql.identifier(k) + " := " + side + "." + Sql.identifier(k)).toList()) + ")";
        return "coalesce(min(" + value + ", " + SAMPLE_KEYS + ") FILTER (WHERE " + filter + ")::VARCHAR[], [])";
    }

    private static Double value(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }
}
