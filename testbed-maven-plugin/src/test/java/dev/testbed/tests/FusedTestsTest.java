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
            long own = DuckDb.queryLong(connection, "select count(*) from (" + TestCollector.reconciliationQuery(test.model(), test.expression(),
                    test.relation(), test.compareExpression(), test.tolerance()) + ")");
            assertEquals(own == 0, passes.get(check.getKey()), check.getKey() + ": the test's own query finds " + own + " failing rows");
        }
    }

    @Test
    void aCountDistinctIsCountedByBitmapOnlyOverAKnownNarrowIntegerRange() {
        FusedCheck.Reconciliation check = new FusedCheck.Reconciliation("m", "sum(x)", "c", "count(distinct id)", "0");

        assertEquals("coalesce(bit_count(bitstring_agg((id)::BIGINT, 1, 10)), 0)",
                check.aggregate((table, column) -> table.equals("c") && column.equals("id") ? new FusedCheck.IntegerRange(1, 10) : null));
        assertEquals("count(distinct id)", check.aggregate((table, column) -> null));
        assertEquals("count(distinct id)", check.aggregate((table, column) -> new FusedCheck.IntegerRange(0, FusedCheck.BITMAP_RANGE)));
    }

    @Test
    void aProjectTestThatFiltersItsRelationIsCountedInTheScanAndAnyOtherShapeRunsItsOwnQuery() throws SQLException {
        DuckDb.execute(connection, "create table emails as select * from (values (1, 'a@b.c'), (2, 'x@y.z'), (3, null)) t(id, email)");
        String valid = "regexp_full_match(email, '[a-z]+@[a-z]+\\.[a-z]+')";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("valid", "select email\nfrom emails\nwhere email is not null and not " + valid);
        queries.put("valid_star", "select * from EMAILS where not " + valid);
        // the same table named otherwise is not recognised: only the relation's own name is
        queries.put("qualified_otherwise", "select * from main.emails where not " + valid);
        queries.put("shouted", "select email from emails where email <> upper(email)");
        queries.put("counted", "select count(*) from emails where email = 'nobody'");
        queries.put("grouped", "select email from emails where email = 'nobody' group by email");
        queries.put("distinct", "select distinct email from emails where id > 5");
        queries.put("limited", "select email from emails where id > 5 limit 1");
        queries.put("computed", "select id / 0 from emails where id > 5");
        queries.put("aliased", "select e.email from emails e where e.id > 5");
        queries.put("joined", "select a.email from emails a, emails b where a.id > 5");
        queries.put("other_table", "select id from parent where id > 5");
        queries.put("no_such_column", "select nosuch from emails where id > 5");
        queries.put("unioned", "select email from emails where id > 5 union all select 'x'");
        queries.put("with_cte", "with e as (select 1) select email from emails where id > 5");
        queries.put("parameter", "select email from emails where id > ?");
        Map<String, FusedCheck> checks = new LinkedHashMap<>();
        queries.forEach((name, sql) -> checks.put(name, new FusedCheck.Filter("emails", sql)));

        Map<String, Boolean> passes = passes(checks);

        Map<String, Boolean> expected = new TreeMap<>();
        queries.keySet().forEach(name -> expected.put(name, false));
        expected.putAll(Map.of("valid", true, "valid_star", true));
        assertEquals(expected, new TreeMap<>(passes));
        for (Map.Entry<String, String> query : queries.entrySet()) {
            if (passes.get(query.getKey())) {
                assertEquals(0L, DuckDb.queryLong(connection, "select count(*) from (" + query.getValue() + ")"), query.getKey());
            }
        }
        assertEquals(2L, DuckDb.queryLong(connection, "select count(*) from (" + queries.get("shouted") + ")"), "shouted finds rows");
    }

    @Test
    void relationshipsOfOneColumnShareOneBitmapThatCoversEveryParent() throws SQLException {
        // the column's values 1..50 and 70; one parent holds 1..100, the other 40..80: each relationship keeps its own answer
        DuckDb.execute(connection, "create table keyed as select i as parent_id from range(1, 51) t(i) union all select 70");
        DuckDb.execute(connection, "create table all_keys as select i as id from range(1, 101) t(i)");
        DuckDb.execute(connection, "create table some_keys as select i as id from range(40, 81) t(i)");
        DuckDb.execute(connection, "create table low_keys as select i as id from range(-5, 71) t(i)");
        Map<String, FusedCheck> checks = new LinkedHashMap<>();
        checks.put("to_all", new FusedCheck.Relationship("keyed", "parent_id", "all_keys", "id"));
        checks.put("to_some", new FusedCheck.Relationship("keyed", "parent_id", "some_keys", "id"));
        checks.put("to_low", new FusedCheck.Relationship("keyed", "parent_id", "low_keys", "id"));
        checks.put("unique", new FusedCheck.Unique("keyed", "parent_id"));

        assertEquals(Map.of("to_all", true, "to_some", false, "to_low", true, "unique", true), passes(checks));
    }

    @Test
    void aColumnsRelationshipsAndUniqueTestUseOneBitmapOverTheRangeOfAllItsParents() {
        Map<String, Map<String, FusedCheck.IntegerRange>> ranges = Map.of("keyed", Map.of("parent_id", new FusedCheck.IntegerRange(1, 70)),
                "all_keys", Map.of("id", new FusedCheck.IntegerRange(1, 100)), "low_keys", Map.of("id", new FusedCheck.IntegerRange(-5, 70)));
        List<FusedCheck> checks = List.of(new FusedCheck.Relationship("keyed", "parent_id", "all_keys", "id"),
                new FusedCheck.Relationship("keyed", "parent_id", "low_keys", "id"), new FusedCheck.Unique("keyed", "parent_id"));

        Map<String, FusedCheck.IntegerRange> bitmaps = FusedTests.bitmapRanges("keyed", checks, ranges);

        assertEquals(Map.of("parent_id", new FusedCheck.IntegerRange(-5, 100)), bitmaps);
        FusedCheck.Scope scope = new FusedTests.ScanScope("keyed", ranges, bitmaps, Set.of(), connection);
        String bitmap = "bitstring_agg((parent_id)::BIGINT, -5, 100)";
        for (FusedCheck check : checks) {
            assertTrue(check.aggregate(scope).contains(bitmap), check + " uses " + check.aggregate(scope));
        }
    }

    @Test
    void aRelationshipToKeysWithoutGapsIsTwoComparisonsAndStillFailsOnEveryMissingValue() throws SQLException {
        // dense: every integer 1..100 (some twice); gapped: 1..100 but 50; the child 1..60 and null, then one beyond 100
        DuckDb.execute(connection, "create table dense as select i as id from range(1, 101) t(i) union all select 7");
        DuckDb.execute(connection, "create table gapped as select i as id from range(1, 101) t(i) where i <> 50");
        DuckDb.execute(connection, "create table child_keys as select i as parent_id from range(1, 61) t(i) union all select null");
        DuckDb.execute(connection, "create table child_beyond as select * from child_keys union all select 101");
        Map<String, FusedCheck> checks = new LinkedHashMap<>();
        checks.put("to_dense", new FusedCheck.Relationship("child_keys", "parent_id", "dense", "id"));
        checks.put("to_gapped", new FusedCheck.Relationship("child_keys", "parent_id", "gapped", "id"));
        checks.put("beyond_dense", new FusedCheck.Relationship("child_beyond", "parent_id", "dense", "id"));
        checks.put("below_dense", new FusedCheck.Relationship("child_keys", "parent_id - 1", "dense", "id"));

        assertEquals(Map.of("to_dense", true, "to_gapped", false, "beyond_dense", false, "below_dense", false), passes(checks));
        FusedCheck.Scope scope = new FusedTests.ScanScope("child_keys", Map.of("child_keys", Map.of("parent_id", new FusedCheck.IntegerRange(1, 60)),
                "dense", Map.of("id", new FusedCheck.IntegerRange(1, 100))), Map.of(), Set.of(List.of("dense", "id")), connection);
        assertEquals("count(*) filter (where parent_id < 1 or parent_id > 100)", checks.get("to_dense").aggregate(scope));
    }

    @Test
    void aReconciliationSharesTheScanOfTheComparedRelationWithItsSideAsOneMoreAggregate() {
        FusedCheck.Reconciliation check = new FusedCheck.Reconciliation("metrics", "sum(revenue)", "sales", "sum(amount)", "0");

        assertEquals("sales", check.relation());
        assertEquals("sum(amount)", check.aggregate((relation, column) -> null));
        assertTrue(check.verdict("a3", (relation, column) -> null).contains("select a3 as expected from " + FusedCheck.SCAN), check.toString());
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
        // a filter is read from the test's query, as it runs
        List<DataTest> tests = checks.entrySet().stream().map(check -> check.getValue() instanceof FusedCheck.Filter filter
                ? test(check.getKey()).withSql(filter.sql()) : test(check.getKey())).toList();
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
