package dev.testbed.tests;

import dev.testbed.core.DuckDb;
import dev.testbed.results.DataTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run's shared scans. The tests that become ready together and test the same relation are answered by one query
 * over it, which the first of them to run makes on its connection while the others wait for it. A test proven to pass
 * reports PASS with no failing rows; any other runs its own query as it always did (the shared scan is only a proof of
 * zero failing rows, never a count), so a failure shows the same count, rows and stored failures as without fusing.
 */
public final class FusedTests {

    /** The integer types whose values all fit a BIGINT, as DuckDB's JDBC driver names them. */
    private static final Set<String> INTEGER_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER");

    private final Map<String, FusedCheck> checks;
    private final Map<String, Scan> scanOf = new ConcurrentHashMap<>();
    private final AtomicInteger scans = new AtomicInteger();
    private final AtomicInteger proven = new AtomicInteger();

    FusedTests(Map<String, FusedCheck> checks) {
        this.checks = checks;
    }

    /** The tests that start together (ready at the same moment, to be run): those of one relation share a scan. */
    public void starting(List<DataTest> tests) {
        Map<String, Map<String, FusedCheck>> byRelation = new LinkedHashMap<>();
        for (DataTest test : tests) {
            FusedCheck check = checks.get(test.name());
            if (check != null && test.sql() != null) {
                // a filter is read from the very query the test would run
                FusedCheck asRun = check instanceof FusedCheck.Filter filter ? new FusedCheck.Filter(filter.relation(), test.sql()) : check;
                byRelation.computeIfAbsent(check.relation(), r -> new LinkedHashMap<>()).put(test.name(), asRun);
            }
        }
        byRelation.forEach((relation, members) -> {
            Scan scan = new Scan(relation, members);
            members.keySet().forEach(name -> scanOf.put(name, scan));
        });
    }

    /**
     * Whether the shared scan proves that {@code test} has no failing row; false when it has, when it is not fused, or when
     * the scan could not run (the test's own query then runs and reports its own error).
     */
    boolean passes(DataTest test, Connection connection) {
        Scan scan = scanOf.remove(test.name());
        boolean passes = scan != null && scan.failing(connection).getOrDefault(test.name(), 1L) == 0;
        if (passes) {
            proven.incrementAndGet();
        }
        return passes;
    }

    /** What the shared scans did, for the log; empty when they proved no test. */
    public Optional<String> summary() {
        int tests = proven.get();
        int queries = scans.get();
        return tests == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "%d data %s by %d shared %s of their relations (-Dtestbed.fuseTests=false runs each test's own query)",
                tests, tests == 1 ? "test passed" : "tests passed", queries, queries == 1 ? "scan" : "scans"));
    }

    /**
     * Per integer column of {@code relation} that relationships check, the range covering its own values and the keys of
     * all its parents among {@code checks}: one bitmap of that range serves every relationship of the column, and its
     * unique test, since DuckDB computes an aggregate written twice once. Columns without such a range are left out.
     */
    static Map<String, FusedCheck.IntegerRange> bitmapRanges(String relation, Collection<FusedCheck> checks,
                                                             Map<String, Map<String, FusedCheck.IntegerRange>> ranges) {
        Map<String, FusedCheck.IntegerRange> bitmaps = new HashMap<>();
        for (FusedCheck check : checks) {
            if (check instanceof FusedCheck.Relationship related && related.relation().equals(relation)) {
                FusedCheck.IntegerRange own = ranges.getOrDefault(relation, Map.of()).get(related.column());
                FusedCheck.IntegerRange keys = ranges.getOrDefault(related.parent(), Map.of()).get(related.field());
                if (own != null && keys != null) {
                    bitmaps.merge(related.column(), own.span(keys), FusedCheck.IntegerRange::span);
                }
            }
        }
        bitmaps.values().removeIf(range -> !range.fitsBitmap());
        return bitmaps;
    }

    /**
     * What a scan of {@code relation} knows: the integer ranges by relation and column, the bitmap ranges of its own
     * columns ({@link #bitmapRanges}), and, on {@code connection}, the conditions of filtering queries.
     */
    record ScanScope(String relation, Map<String, Map<String, FusedCheck.IntegerRange>> ranges, Map<String, FusedCheck.IntegerRange> bitmaps,
                     Set<List<String>> denseColumns, Connection connection) implements FusedCheck.Scope {
        @Override
        public boolean dense(String table, String column) {
            return denseColumns.contains(List.of(table, column));
        }

        @Override
        public FusedCheck.IntegerRange of(String table, String column) {
            return ranges.getOrDefault(table, Map.of()).get(column);
        }

        @Override
        public FusedCheck.IntegerRange bitmap(String table, String column) {
            return table.equals(relation) && bitmaps.containsKey(column) ? bitmaps.get(column) : of(table, column);
        }

        @Override
        public Optional<String> condition(String sql, String table) {
            return FilterQuery.condition(connection, sql, table);
        }
    }

    /** One query over a relation that answers its tests: per test, zero when it passes. */
    private final class Scan {
        private final String relation;
        private final Map<String, FusedCheck> members;
        private Map<String, Long> failing;

        Scan(String relation, Map<String, FusedCheck> members) {
            this.relation = relation;
            this.members = members;
        }

        synchronized Map<String, Long> failing(Connection connection) {
            if (failing == null) {
                failing = scan(connection);
                scans.incrementAndGet();
            }
            return failing;
        }

        /** Per test, its verdict's value; empty when the query failed. */
        private Map<String, Long> scan(Connection connection) {
            try {
                Map<String, Map<String, FusedCheck.IntegerRange>> ranges = ranges(connection);
                FusedCheck.Scope scope = new ScanScope(relation, ranges, bitmapRanges(relation, members.values(), ranges), denseKeys(connection, ranges),
                        connection);
                List<String> names = new ArrayList<>(members.keySet());
                List<String> aggregates = new ArrayList<>();
                List<String> verdicts = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    FusedCheck check = members.get(names.get(i));
                    aggregates.add(check.aggregate(scope) + " as a" + i);
                    verdicts.add(check.verdict("a" + i, scope));
                }
                // count(*) makes the scan one row of aggregates: an expression that is none fails it instead of returning rows
                String query = "with " + FusedCheck.SCAN + " as materialized (\nselect count(*) as testbed_rows,\n       "
                        + String.join(",\n       ", aggregates) + "\nfrom " + relation + ")\nselect " + String.join(",\n       ", verdicts)
                        + "\nfrom " + FusedCheck.SCAN;
                Map<String, Long> values = new HashMap<>();
                try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
                    row.next();
                    for (int i = 0; i < names.size(); i++) {
                        values.put(names.get(i), row.getLong(i + 1));
                    }
                }
                return values;
            } catch (SQLException e) {
                return Map.of();
            }
        }

        /**
         * The parents' integer key columns that hold every integer of their range, each found by one bitmap over the
         * (usually small) parent: their relationships become two comparisons per row instead of a bitmap of the child.
         */
        private Set<List<String>> denseKeys(Connection connection, Map<String, Map<String, FusedCheck.IntegerRange>> ranges) throws SQLException {
            Set<List<String>> dense = new HashSet<>();
            for (FusedCheck check : members.values()) {
                FusedCheck.IntegerRange keys = check instanceof FusedCheck.Relationship related
                        ? ranges.getOrDefault(related.parent(), Map.of()).get(related.field()) : null;
                if (keys != null && keys.fitsBitmap()) {
                    FusedCheck.Relationship related = (FusedCheck.Relationship) check;
                    long distinct = DuckDb.queryLong(connection, "select coalesce(bit_count(" + keys.bitmap(related.field()) + "), 0) from "
                            + related.parent());
                    if (distinct == keys.max() - keys.min() + 1) {
                        dense.add(List.of(related.parent(), related.field()));
                    }
                }
            }
            return dense;
        }

        /**
         * The range of each integer column the checks asked for, by relation: one min/max query per relation, which
         * DuckLake's column statistics answer without reading the data.
         */
        private Map<String, Map<String, FusedCheck.IntegerRange>> ranges(Connection connection) throws SQLException {
            Map<String, Set<String>> wanted = new LinkedHashMap<>();
            members.values().forEach(check -> check.ranged().forEach((table, columns) -> wanted.computeIfAbsent(table, t -> new TreeSet<>())
                    .addAll(columns)));
            Map<String, Map<String, FusedCheck.IntegerRange>> ranges = new HashMap<>();
            for (Map.Entry<String, Set<String>> table : wanted.entrySet()) {
                List<String> bounds = table.getValue().stream().map(column -> "min(" + column + "), max(" + column + ")").toList();
                Map<String, FusedCheck.IntegerRange> found = new HashMap<>();
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("select " + String.join(", ", bounds) + " from " + table.getKey())) {
                    row.next();
                    ResultSetMetaData meta = row.getMetaData();
                    int i = 1;
                    for (String column : table.getValue()) {
                        if (INTEGER_TYPES.contains(meta.getColumnTypeName(i))) {
                            long min = row.getLong(i);
                            boolean empty = row.wasNull();
                            if (!empty) {
                                found.put(column, new FusedCheck.IntegerRange(min, row.getLong(i + 1)));
                            }
                        }
                        i += 2;
                    }
                }
                ranges.put(table.getKey(), found);
            }
            return ranges;
        }
    }
}
