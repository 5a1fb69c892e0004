// The fan-out in store_metrics must fail the build through the sample project's own data tests. What to expect is
// computed from the lake (how many stores have more than one version, how much revenue they add), not copied output.
import groovy.json.JsonSlurper
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String log = runs[0]
assert log.contains('BUILD FAILURE')
assert log.contains('Finished running'): 'the models were built and the data tests ran'

@Field ItDatabase db = new ItDatabase()
long storesWithHistory, duplicatedRows
BigDecimal inflated, real
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    storesWithHistory = db.value('SELECT count(*) FROM (SELECT store_id FROM lake.raw.raw_stores GROUP BY store_id HAVING count(*) > 1)') as long
    duplicatedRows = db.value('SELECT count(*) - count(DISTINCT store_id) FROM lake.main.store_metrics') as long
    inflated = db.value('SELECT sum(total_revenue) FROM lake.main.store_metrics') as BigDecimal
    real = db.value('SELECT sum(amount) FROM lake.raw.raw_sales') as BigDecimal
} finally {
    db.close()
}
assert storesWithHistory > 0: 'choose data with relocated stores, or this IT proves nothing'
assert duplicatedRows > 0
assert inflated > real

// the key test names the model and column, with the number of duplicated keys
String unique = 'unique_store_metrics_store_id'
assert log =~ /(?m)^\[ERROR\] +\d+ of \d+ FAIL $storesWithHistory $unique /
assert log.contains("Failure in test $unique (store_metrics, column store_id)")
// the revenue reconciliation catches the inflated total and shows both sums
def reconciliation = log =~ /(?m)^\[ERROR\] +\d+ of \d+ FAIL 1 (reconciliation_store_metrics_\w+) /
assert reconciliation.find(): 'the revenue reconciliation of store_metrics failed'
assert log.contains("Failure in test ${reconciliation.group(1)} (store_metrics)")
assert log =~ /(?m)^ +actual +\| expected +\| difference$/
assert log.contains(inflated.stripTrailingZeros().toPlainString()) || log.contains(inflated.toPlainString())
assert log =~ /\[ERROR\] Failed to execute goal \S+:verify-metrics \(\S+\) on project tests-fanout: \d+ of \d+ data tests failed/

// run_results.json has both the models and the failed tests
def results = new JsonSlurper().parse(new File(target, 'testbed/run_results.json')).results
// a generic test's id ends in dbt's hash of its metadata (see DbtTestNamesTest); match on the name before it
def byId = results.collectEntries { [(it.unique_id.replaceFirst(/\.[0-9a-f]{10}$/, '')): it] }
assert byId['model.testbed_retail.store_metrics'].status == 'success'
assert byId["test.testbed_retail.$unique".toString()].status == 'fail'
assert byId["test.testbed_retail.$unique".toString()].failures == storesWithHistory
assert byId["test.testbed_retail.${reconciliation.group(1)}".toString()].status == 'fail'
// the other metrics are still right: their tests pass
assert byId['test.testbed_retail.unique_customer_metrics_customer_id'].status == 'pass'
true
