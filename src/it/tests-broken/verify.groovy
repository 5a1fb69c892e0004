// (Invocations 3 and 4, failOnWarn and -DskipTests, are checked below.)
// Invocation 1: the unique test on sales_enriched.transaction_id fails the build (a MojoFailureException with the
// count and the failing test's name, model, column and failing rows), the log names the test, the model and the column
// and shows failing rows at ERROR level, and a warn-only test is reported as WARN. Invocation 2 excludes
// sales_enriched: only the warning remains and the build passes. Invocation 5 is invocation 1 under mvn -q.
// Expected counts come from the lake (the duplicated last day), not from copied output.
import groovy.transform.Field
import javax.xml.parsers.DocumentBuilderFactory
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
// mvn -q does not print "Scanning for projects", so invocation 5's log follows invocation 4's footer
assert runs.size() == 4
List<String> lastTwo = runs[3].split(/(?m)^\[INFO\] Finished at: .*\R\[INFO\] -+\R/) as List<String>
assert lastTwo.size() == 2
String first = runs[0], second = runs[1], third = runs[2], fourth = lastTwo[0], fifth = lastTwo[1]
assert first.contains('BUILD FAILURE')
assert second.contains('BUILD SUCCESS')
assert third.contains('BUILD FAILURE')
assert fourth.contains('BUILD SUCCESS')
assert !fifth.contains('[INFO]'): 'invocation 5 ran with -q'

@Field ItDatabase db = new ItDatabase()
long duplicated
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    duplicated = db.rows('SELECT count(*) FROM lake.raw.raw_sales WHERE sale_date = (SELECT max(sale_date) FROM lake.raw.raw_sales)')[0][0] as long
} finally {
    db.close()
}
assert duplicated > 0
String results = duplicated == 1 ? '1 result' : "$duplicated results"
String failingRows = duplicated == 1 ? '1 failing row' : "$duplicated failing rows"

String unique = 'unique_sales_enriched_transaction_id'
String warn = 'accepted_values_customers_tier__bronze'

// ---- invocation 1: FAIL line with the count, the failure's details, the WARN line, the summary and the build failure
assert first =~ /(?m)^\[ERROR\] +\d+ of 6 FAIL $duplicated $unique \[FAIL $duplicated in [\d.]+s\](?: \(.+\))?$/
assert first.contains("Failure in test $unique (sales_enriched, column transaction_id): got $results, configured to error if != 0")
assert first =~ /(?m)^ +unique_field +\| n_records$/
assert first.contains("compiled SQL: ")
assert first =~ /(?m)^\[WARNING\] +\d+ of 6 WARN \d+ $warn /
assert first.contains('PASS=4 WARN=1 FAIL=1 ERROR=0 TOTAL=6')
// a one-line message (Maven puts " -> [Help 1]" on the same line), so not ItDatabase.goalFailure; it names the failing
// test with its model, column and failing rows
String failedGoal = /(?m)^\[ERROR\] Failed to execute goal \S+:verify-metrics \(\S+\) on project tests-broken: 1 of 6 data tests failed / +
        /\(FAIL=1 ERROR=0 WARN=1\): $unique \(sales_enriched\.transaction_id\): $failingRows\. See the lines above and \S+junit /
assert first =~ failedGoal
assert first.contains('Caused by: org.apache.maven.plugin.MojoFailureException: 1 of 6 data tests failed'): 'a failure, not an error'

// ---- invocation 2: only the customers' tests, the warning shown, the build passes
assert second.contains('PASS=2 WARN=1 FAIL=0 ERROR=0 TOTAL=3')
assert second =~ /(?m)^\[WARNING\] +\d+ of 3 WARN \d+ $warn /
assert !second.contains(unique)

// ---- invocation 3: failOnWarn turns the warning into a build failure; invocation 4: -DskipTests runs no data test
assert third.contains('PASS=2 WARN=1 FAIL=0 ERROR=0 TOTAL=3')
assert third =~ /(?m)^\[ERROR\] Failed to execute goal \S+:verify-metrics \(\S+\) on project tests-broken: 1 of 3 data tests failed \(FAIL=0 ERROR=0 WARN=1, failOnWarn is set\): $warn \(customers\.tier\): \d+ failing rows?, a warning\. /
assert fourth =~ /(?m)^\[INFO\] --- testbed:\S+:verify-metrics \(build-warehouse\) @ tests-broken ---\R\[INFO\] Skipping/
assert !fourth.contains('data tests')

// ---- invocation 5, under -q: the failing test's line, name, model, column, failing rows and SQL still show, at ERROR
assert fifth =~ /(?m)^\[ERROR\] +\d+ of 6 FAIL $duplicated $unique \[FAIL $duplicated in [\d.]+s\](?: \(.+\))?$/
assert fifth.contains("Failure in test $unique (sales_enriched, column transaction_id): got $results, configured to error if != 0")
assert fifth =~ /(?m)^ +unique_field +\| n_records$/
assert fifth.contains("compiled SQL: ")
assert fifth =~ failedGoal
assert !fifth.contains("$warn "): 'a warning is not an error: -q hides it'

// ---- JUnit XML (of invocation 5, the last to run every test: it failed as invocation 1 did)
def parse = { String suite ->
    File file = new File(target, "testbed/junit/TEST-dbt.${suite}.xml")
    assert file.isFile()
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).documentElement
}
def sales = parse('sales_enriched')
assert sales.getAttribute('tests') == '3' && sales.getAttribute('failures') == '1' && sales.getAttribute('errors') == '0'
def failure = sales.getElementsByTagName('failure').item(0)
assert failure.getAttribute('message') == "$unique: got $duplicated failing row${duplicated == 1 ? '' : 's'}".toString()
assert failure.parentNode.getAttribute('name') == unique
def customers = parse('customers')
assert customers.getAttribute('tests') == '3' && customers.getAttribute('failures') == '0'
assert customers.getElementsByTagName('system-out').item(0).textContent.contains("Warning in test $warn")
true
