// Invocation 1: the first build; the drift tests pass, saying there is no previous version. Invocation 2 inflates
// store_revenue by 10%: the 5% drift test fails the build, naming the test, both values and the change (+10.00%), and
// the atomic build publishes nothing. Invocation 3 builds the first revenue again: compared with the last published
// version (still invocation 1's), it passes. Invocation 4 raises the revenue by 2%, within the drift test's 5%, and
// publishes; invocation 5, testbed:diff, finds store_revenue changed by exactly that. The values are computed from the
// lake's raw_sales, not copied output.
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 5
String first = runs[0], inflated = runs[1], again = runs[2], raised = runs[3], diffed = runs[4]
assert first.contains('BUILD SUCCESS')
assert inflated.contains('BUILD FAILURE')
assert again.contains('BUILD SUCCESS')
assert raised.contains('BUILD SUCCESS')
assert diffed.contains('BUILD SUCCESS')

@Field ItDatabase db = new ItDatabase()
BigDecimal revenue, published
long stores, builds, current
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    revenue = db.rows('SELECT sum(amount) FROM lake.raw.raw_sales')[0][0] as BigDecimal
    stores = db.rows('SELECT count(DISTINCT store_id) FROM lake.raw.raw_sales')[0][0] as long
    published = db.rows('SELECT sum(total_revenue) FROM lake.main.store_revenue')[0][0] as BigDecimal
    builds = db.rows("SELECT count(*) FROM ducklake_snapshots('lake') WHERE changes['tables_created'] IS NOT NULL "
            + "AND list_contains(changes['tables_created'], 'main.store_revenue')")[0][0] as long
    current = db.rows("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')")[0][0] as long
} finally {
    db.close()
}
assert published == revenue * 1.02: 'the last build published the revenue raised by 2%'
assert builds == 3: 'the first, third and fourth builds published store_revenue, the second (red) did not'

String drift = 'drift_store_revenue_sum_total_revenue___5_'
String rows = 'row_count_drift_store_revenue_0'

// ---- invocation 1: both pass and say why there was nothing to compare
assert first =~ /(?m)^\[INFO\] +\d+ of 2 PASS $drift /
assert first.contains("first build of main.store_revenue: no previous version to compare sum(total_revenue) = ${revenue.toPlainString()} with")
assert first.contains("first build of main.store_revenue: no previous version to compare count(*) = $stores with")
assert first.contains('PASS=2 WARN=0 FAIL=0 ERROR=0 TOTAL=2')

// ---- invocation 2: the FAIL line, the test, both values, the change and the bound, what to do, and the goal's failure
assert inflated =~ /(?m)^\[ERROR\] +\d+ of 2 FAIL 1 $drift \[FAIL 1 in [\d.]+s\]/
def change = (inflated =~ /sum\(total_revenue\) of main\.store_revenue changed from (\S+) \(snapshot \d+\) to (\S+): \+(\S+) \(\+(\S+)%\), beyond max_change 5%\. If the change is intended, raise max_change of $drift/)
assert change.find(): inflated
assert new BigDecimal(change.group(1)) == revenue
assert new BigDecimal(change.group(2)) == revenue * 1.1
assert new BigDecimal(change.group(3)) == revenue * 0.1
assert change.group(4) == '10.00'
assert inflated =~ /(?m)^ +previous_value +\| current_value +\| change +\| max_change +\| previous_snapshot$/
assert inflated.contains('PASS=1 WARN=0 FAIL=1 ERROR=0 TOTAL=2'): 'the row count did not move'
// a one-line message (Maven puts " -> [Help 1]" on the same line), so not ItDatabase.goalFailure
assert inflated =~ /(?m)^\[ERROR\] Failed to execute goal \S+:verify-metrics \(\S+\) on project tests-drift: 1 of 2 data tests failed / +
        /\(FAIL=1 ERROR=0 WARN=0\): $drift \(store_revenue\): 1 failing row\. /

// ---- invocation 3: compared with invocation 1's version, nothing moved
assert again.contains("sum(total_revenue) of main.store_revenue: ${revenue.toPlainString()} now, ${revenue.toPlainString()} at snapshot ")
assert again.contains('+0 (+0.00%), within max_change 5%')
assert again.contains('PASS=2 WARN=0 FAIL=0 ERROR=0 TOTAL=2')

// ---- invocation 4: +2% is within the 5% bound
assert raised.contains('+2.00%), within max_change 5%'): raised
assert raised.contains('PASS=2 WARN=0 FAIL=0 ERROR=0 TOTAL=2')

// ---- invocation 5: testbed:diff of build 4 against build 3, in the log and in diff.json
assert diffed =~ /Changes from snapshot \d+ \(run \S+\) to snapshot $current \(run \S+\): 1 of 1 models differ/: diffed
def diff = new groovy.json.JsonSlurper().parse(new File(target, 'testbed/diff.json'))
assert diff.toSnapshot == current
assert diff.fromRun && diff.toRun && diff.fromRun != diff.toRun: "two different builds: ${diff.fromRun} and ${diff.toRun}"
assert diff.models*.model == ['store_revenue']
def model = diff.models[0]
assert model.state == 'changed'
assert model.rowsBefore == stores && model.rowsAfter == stores
assert model.key == []: 'no unique test: compared as multisets of rows'
assert model.note.contains('type changed: total_revenue DECIMAL(38,2) -> DECIMAL(38,4)'): model.note
assert model.added == stores && model.removed == stores: 'every store\'s revenue moved, so every row is new and every old row gone'
def sum = model.numeric.find { it.column == 'total_revenue' }.sum
assert (sum.before as BigDecimal) == revenue
assert (sum.after as BigDecimal) == revenue * 1.02
assert Math.abs((sum.change as double) - 0.02) < 1e-9: "relative change of the revenue: ${sum.change}"
assert (model.numeric.find { it.column == 'sales' }.sum.change as double) == 0d: 'the sales counted per store did not move'
