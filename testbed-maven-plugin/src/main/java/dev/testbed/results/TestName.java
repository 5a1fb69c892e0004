package dev.testbed.results;

/**
 * A data test's names and id, as dbt-core 1.11 makes them ({@code synthesize_generic_test_names} in
 * parser/generic_test_builders.py, {@code create_test_node} in parser/schema_generic_tests.py).
 *
 * @param name      the test's name: what the console, run_results.json, JUnit, the history and selection use; for a
 *                  generic test the full synthesized name however long, e.g.
 *                  {@code relationships_orders_customer_id__id__ref_customers_}
 * @param shortName the name of its compiled file and, unless {@code alias} is configured, of its store_failures table:
 *                  the name itself below 64 characters, else the first 30 characters of test type and model, then the
 *                  MD5 of the full name
 * @param uniqueId  {@code test.<project>.<name>}, and for a generic test a dot and the last 10 hex digits of an MD5 over the
 *                  name and the test's metadata, so that two tests of one name still get two ids
 */
public record TestName(String name, String shortName, String uniqueId) {

    /** The same test, made distinct from an earlier one of the same name by a suffix. */
    public TestName numbered(int occurrence) {
        return new TestName(name + "_" + occurrence, shortName + "_" + occurrence, uniqueId);
    }
}
