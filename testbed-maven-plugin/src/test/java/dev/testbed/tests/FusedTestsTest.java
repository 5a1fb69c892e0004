package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.results.DataTest;
import dev.testbed.results.TestConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared scan's proofs on real DuckDB data: a test passes by the scan exactly when its own query would find no
 * failing row, for each kind of check and on data with duplicates, gaps, nulls and keys wider than a bitmap.
 */
class FusedTestsTest {

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DuckDb.open(DuckDbSettings.defaults());
        DuckDb.execute(connection, "create table parent as select * from (values (1), (2), (3)) t(id)");
        DuckDb.execute(connection, "create table parent_with_null as select * from (values (1), (2), (null)) t(id)");
        DuckDb.execute(connection, "create table parent_of_nulls as select * from (values (null::integer)) t(id)");
        DuckDb.execute(connection, "create table wide_parent as select * from (values (1), (2), (1099511627776)) t(id)");
        DuckDb.execute(connection, "create table tiers as select * from (values ('a'), ('b')) t(name)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void uniqueIntegerKeysAreProvenByABitmapThatMissesNoDuplicate() throws SQLException {
        // 100,000 keys with gaps (every third missing), then one key twice among them
        DuckDb.execute(connection, "create table clean as select i * 3 + 7 as id, i::varchar as code from range(100000) t(i)");
        DuckDb.execute(connection, "create table broken as select * from clean union all select 150007, 'x'");
        DuckDb.execute(connection, "create table nulls as select * from clean union all select null, null union all select null, null");

        assertEquals(Map.of("clean_id", true, "broken_id", false, "nulls_id", true), passes(Map.of(
                "clean_id", new FusedCheck.Unique("clean", "id"),
                "broken_id", new FusedCheck.Unique("broken", "id"),
                "nulls_id", new FusedCheck.Unique("nulls", "id"))));
        assertEquals(1L, DuckDb.queryLong(connection, "select count(*) from (" + TestCollector.unique("broken", "id") + ")"),
                "the test's own query sees the duplicate too");
    }

    @Test
    void uniqueKeysTooWideForABitmapOrNotIntegersAreCountedDistinct() throws SQLException {
        DuckDb.execute(connection, "create table wide as select * from (values (1::bigint, 'a'), (" + (FusedCheck.BITMAP_RANGE + 5)
                + "::bigint, 'b'), (" + (Long.MAX_VALUE) + "::bigint, 'c'), (" + (Long.MIN_VALUE + 1) + "::bigint, 'd')) t(id, code)");
        DuckDb.execute(connection, "create table wide_dup as select * from wide union all select " + Long.MAX_VALUE + ", 'a'");

        assertEquals(Map.of("wide_id", true, "wide_code", true, "dup_id", false, "dup_code", false), passes(Map.of(
                "wide_id", new FusedCheck.Unique("wide", "id"),
                "wide_code", new FusedCheck.Unique("wide", "code"),
                "dup_id", new FusedCheck.Unique("wide_dup", "id"),
                "dup_code", new FusedCheck.Unique("wide_dup", "code"))));
    }

    @Test
    void rowChecksAndRelationshipsShareOneScanAndFailExactlyWhereTheirRowsFail() throws SQLException {
        DuckDb.execute(connection, "create table child as select * from (values (1, 1, 'a', 5), (2, 2, 'b', 6), (3, null, null, 7)) "
                + "t(id, parent_id, tier, qty)");
        Map<String, FusedCheck> checks = new LinkedHashMap<>();
        checks.put("tier_not_null", new FusedCheck.Rows("child", "tier is null"));
        checks.put("id_not_null", new FusedCheck.Rows("child", "id is null"));
        checks.put("tier_accepted", new FusedCheck.Rows("child", "tier not in ('a', 'b')"));
        checks.put("tier_only_a", new FusedCheck.Rows("child", "tier not in ('a')"));
        checks.put("qty_range", new FusedCheck.Rows("child", "not (qty >= 5)"));
        checks.put("qty_range_narrow", new FusedCheck.Rows("child", "not (qty >= 6)"));
        checks.put("to_parent", new FusedCheck.Relationship("child", "parent_id", "parent", "id"));
        checks.put("to_smaller_parent", new FusedCheck.Relationship("child", "id", "parent_with_null", "id"));
        checks.put("id_unique", new FusedCheck.Unique("child", "id"));
        checks.put("to_parent_of_nulls", new FusedCheck.Relationship("child", "id", "parent_of_nulls", "id"));
        checks.put("to_wide_parent", new FusedCheck.Relationship("child", "parent_id", "wide_parent", "id"));
        checks.put("to_wide_parent_missing", new FusedCheck.Relationship("child", "qty", "wide_parent", "id"));
        checks.put("tier_to_tiers", new FusedCheck.Relationship("child", "tier", "tiers", "name"));
        checks.put("id_to_tiers", new FusedCheck.Relationship("child", "tier", "tiers", "upper(name)"));

        Map<String, Boolean> expected = new TreeMap<>(Map.of("tier_not_null", false, "id_not_null", true, "tier_accepted", true,
                "tier_only_a", false, "qty_range", true, "qty_range_narrow", false, "to_parent", true, "to_smaller_parent", false,
                "id_unique", true));
        expected.putAll(Map.of("to_parent_of_nulls", false, "to_wide_parent", true, "to_wide_parent_missing", false, "tier_to_tiers", true,
                "id_to_tiers", false));
        assertEquals(expected, new TreeMap<>(passes(checks)));
    }

    @Test
    void reconciliationsCountDistinctIntegersByBitmapAndAgreeWithTheirOwnQuery() throws SQLException {
        // 1,000 sales with 600 distinct transactions (every id from 0 to 599, the first 400 twice), and a null
        DuckDb.execute(connection, "create table sales as select i % 600 as transaction_id, (i % 600)::varchar as code, 2 as amount "
                + "from range(1000) t(i) union all select null, null, 2");
        DuckDb.execute(connection, "create table totals as select 600 as purchases, 2002 as revenue, 601 as codes");
        Map<String, FusedCheck> checks = new LinkedHashMap<>();
        checks.put("purchases", reconciliation("totals", "sum(purchases)", "sales", "count(distinct transaction_id)", "0"));
        checks.put("purchases_off_by_one", reconciliation("totals", "sum(purchases) + 1", "sales", "COUNT( DISTINCT transaction_id )", "0"));
        checks.put("purchases_within_tolerance", reconciliation("totals", "sum(purchases) + 1", "sales", "count(distinct transaction_id)", "1"));
        checks.put("revenue", reconciliation("totals", "sum(revenue)", "sales", "sum(amount)", "0"));
        checks.put("codes_not_integers", reconciliation("totals", "sum(codes)", "sales", "count(distinct code)", "0"));
        checks.put("codes_counted_on_the_model", reconciliation("sales", "count(distinct transaction_id) + 1", "totals", "sum(codes)", "0"));

        Map<String, Boolean> passes = passes(checks);

        assertEquals(Map.of("purchases", true, "purchases_off_by_one", false, "purchases_within_tolerance", true, "revenue", true,
                "codes_not_integers", false, "codes_counted_on_the_model", true), passes);
        for (Map.Entry<String, FusedCheck> check : checks.entrySet()) {
            FusedCheck.Reconciliation test = (FusedCheck.Reconciliation) check.getValue();
            long own = DuckDb.queryLong(connection, "select count(*) from (" + TestCollector.reconciliationQuery(test.relation(), test.expression(),
                    test.compare(), test.compareExpression(), test.tolerance()) + ")");
            assertEquals(own == 0, passes.get(check.getKey()), check.getKey() + ": the test's own query finds " + own + " failing rows");
        }
    }

    @Test
    void aCountDistinctIsCountedByBitmapOnlyOverAKnownNarrowIntegerRange() {
        FusedCheck.Reconciliation check = new FusedCheck.Reconciliation("m", "sum(x)", "c", "count(distinct id)", "0");

        assertTrue(check.aggregate((table, column) -> table.equals("c") && column.equals("id") ? new FusedCheck.IntegerRange(1, 10) : null)
                .contains("select coalesce(bit_count(bitstring_agg((id)::BIGINT, 1, 10)), 0) as expected from c"));
        assertTrue(check.aggregate((table, column) -> null).contains("select count(distinct id) as expected from c"));
        assertTrue(check.aggregate((table, column) -> new FusedCheck.IntegerRange(0, FusedCheck.BITMAP_RANGE))
                .contains("select count(distinct id) as expected from c"));
    }

    @Test
    void theLogCountsTheTestsProvenAndTheScansThatProvedThem() throws SQLException {
        DuckDb.execute(connection, "create table child as select 1 as id");
        FusedTests fused = new FusableTests(Map.of("id_not_null", new FusedCheck.Rows("child", "id is null"))).run();
        DataTest test = test("id_not_null");

        assertEquals(Optional.empty(), fused.summary());
        fused.starting(List.of(test));
        assertTrue(fused.passes(test, connection));
        assertEquals(Optional.of("1 data test passed by 1 shared scan of their relations (-Dtestbed.fuseTests=false runs each test's own query)"),
                fused.summary());
    }

    @Test
    void aScanThatCannotRunProvesNothingSoEachTestRunsItsOwnQuery() throws SQLException {
        DuckDb.execute(connection, "create table child as select 1 as id");

        assertEquals(Map.of("fine", false, "no_such_column", false), passes(Map.of(
                "fine", new FusedCheck.Rows("child", "id is null"),
                "no_such_column", new FusedCheck.Rows("child", "nosuch is null"))));
    }

    /** Whether the shared scans prove each named test passes, all of them starting together. */
    private Map<String, Boolean> passes(Map<String, FusedCheck> checks) {
        FusedTests fused = new FusableTests(checks).run();
        List<DataTest> tests = checks.keySet().stream().map(FusedTestsTest::test).toList();
        fused.starting(tests);
        Map<String, Boolean> passes = new LinkedHashMap<>();
        for (DataTest test : tests) {
            passes.put(test.name(), fused.passes(test, connection));
        }
        return passes;
    }

    private static FusedCheck reconciliation(String model, String expression, String compare, String compareExpression, String tolerance) {
        return new FusedCheck.Reconciliation(model, expression, compare, compareExpression, tolerance);
    }

    private static DataTest test(String name) {
        return new DataTest(TestNames.plain("p", name), "test", "child", null, TestConfig.DEFAULT, "select 1", null, Set.of(), null);
    }
}
