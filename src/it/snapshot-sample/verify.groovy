// Invocation 1 built the sample warehouse on day 1, invocation 2 on day 2 (-Dtestbed.day=2). The expected history is
// worked out here from the lake's raw customers (their SCD2 versions), never copied from a build's output.
import groovy.json.JsonSlurper
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 2: "expected 2 Maven runs in build.log, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }
long customers = 600
// generate-data's default sales window ends on 2025-12-31; day 2's changes start the day after
String changeDay = "DATE '2026-01-01'"

// day 1: every current customer recorded once
assert runs[0] =~ /OK snapshotted main\.customers_snapshot \[SELECT ${customers} in /
// day 2: the snapshot ran again because the customers it reads changed, and its data tests passed
assert runs[1] =~ /OK snapshotted main\.customers_snapshot \[SELECT \d+ in /
assert runs[1] =~ /PASS .*scd2_history.*customers_snapshot/ || runs[1] =~ /scd2_history\S*customers_snapshot\S* .*PASS/

@Field ItDatabase db = new ItDatabase()
long difference(String a, String b) {
    db.one("SELECT count(*) FROM (SELECT * FROM ($a) EXCEPT ALL SELECT * FROM ($b))") + db.one("SELECT count(*) FROM (SELECT * FROM ($b) EXCEPT ALL SELECT * FROM ($a))")
}
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    long changed = db.one("SELECT count(*) FROM lake.raw.raw_customers WHERE valid_from = $changeDay")
    assert changed > 0 && changed < customers / 5: "day 2 changed $changed customers"
    assert db.one("SELECT count(*) FROM lake.raw.raw_customers WHERE is_current") == customers
    assert db.one("SELECT count(*) FROM lake.raw.raw_customers WHERE valid_to = $changeDay") == changed

    String snapshot = 'lake.main.customers_snapshot'
    // one version per customer from day 1, and one more per customer changed on day 2, whose day-1 version is closed
    assert db.one("SELECT count(*) FROM $snapshot") == customers + changed
    assert db.one("SELECT count(*) FROM $snapshot WHERE dbt_valid_to IS NOT NULL") == changed
    assert db.one("SELECT count(DISTINCT customer_id) FROM $snapshot WHERE dbt_valid_to IS NOT NULL") == changed
    // a closed version ends where the customer's new version starts: the day of the change (timestamp strategy on changed_on)
    assert db.one("SELECT count(*) FROM $snapshot WHERE dbt_valid_to IS NOT NULL AND dbt_valid_to <> $changeDay") == 0
    assert db.one("SELECT count(*) FROM $snapshot WHERE dbt_valid_from <> changed_on OR dbt_updated_at <> changed_on") == 0
    // the current versions are the customers as they are now, the closed ones as they were before the change
    assert difference("SELECT customer_id, customer_name, email, tier, signup_date, valid_from FROM lake.main.stg_customers WHERE is_current",
            "SELECT customer_id, customer_name, email, tier, signup_date, changed_on FROM $snapshot WHERE dbt_valid_to IS NULL") == 0
    assert difference("SELECT customer_id, customer_name, email, tier, signup_date, valid_from FROM lake.main.stg_customers WHERE valid_to = $changeDay",
            "SELECT customer_id, customer_name, email, tier, signup_date, changed_on FROM $snapshot WHERE dbt_valid_to IS NOT NULL") == 0
    // each change is a new tier or a new email
    assert db.one("""SELECT count(*) FROM $snapshot closed JOIN $snapshot now ON closed.customer_id = now.customer_id
                     AND closed.dbt_valid_to IS NOT NULL AND now.dbt_valid_to IS NULL
                     WHERE closed.tier IS NOT DISTINCT FROM now.tier AND closed.email IS NOT DISTINCT FROM now.email""") == 0
    // dbt's version id: md5 of the key and the version's date, as text joined by '|'
    assert db.one("SELECT count(*) FROM $snapshot WHERE dbt_scd_id <> md5(customer_id::VARCHAR || '|' || changed_on::VARCHAR)") == 0

    // the day-2 artifacts: the snapshot's node and its passing data tests
    def manifest = new JsonSlurper().parse(new File(target, 'testbed-day2/manifest.json'))
    String id = "snapshot.${manifest.metadata.project_name}.customers_snapshot"
    assert manifest.nodes[id]?.resource_type == 'snapshot'
    def results = new JsonSlurper().parse(new File(target, 'testbed-day2/run_results.json'))
    assert results.results.find { it.unique_id == id }?.status == 'success'
    def tests = results.results.findAll { it.unique_id.startsWith('test.') && manifest.nodes[it.unique_id]?.depends_on?.nodes?.contains(id) }
    assert tests*.unique_id.any { it.contains('scd2_history') }: "the snapshot's tests: ${tests*.unique_id}"
    tests.each { assert it.status == 'pass': "${it.unique_id}: ${it.status}" }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
