// bad_revenue selects a column that does not exist. The build must fail naming the model, its file and DuckDB's
// own error; the models that do not depend on it must be built and committed; its descendants must be skipped.
// DuckDB's error is obtained here by running the model's compiled SQL; the descendants come from the files' refs.
import groovy.io.FileType
import groovy.json.JsonSlurper
import groovy.transform.Field
import java.sql.SQLException
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String run = runs[0]
assert run.contains('BUILD FAILURE')

String bad = 'bad_revenue'
Map<String, File> files = new TreeMap<>()
new File(basedir, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) files[it.name - '.sql'] = it }
String path(File file) { basedir.toPath().relativize(file.toPath()).toString() }
Map<String, Set<String>> refs = files.collectEntries { name, file -> [name, (file.getText('UTF-8') =~ /\bref\(\s*'(\w+)'\s*\)/).collect { it[1] } as Set] }
// everything that refs the bad model, directly or not
Set<String> skipped = [] as Set
def grew = true
while (grew) {
    grew = files.keySet().findAll { name -> !(name in skipped) && refs[name].any { it == bad || it in skipped } }.each { skipped << it }
}
Set<String> passed = files.keySet() - skipped - bad
assert skipped == ['revenue_by_tier', 'top_tier'] as Set
assert passed.size() == 4
String kind(String name, Map<String, File> files_) { files_[name].getText('UTF-8').contains("materialized='table'") ? 'table' : 'view' }

@Field ItDatabase db = new ItDatabase()
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")

    // ---- DuckDB's error for the model, from running its compiled SQL here
    File compiled = new File(target, "testbed/compiled/models-sql-error/${path(files[bad])}")
    assert compiled.isFile()
    String duckdbError = null
    try {
        db.rows(compiled.getText('UTF-8'))
    } catch (SQLException e) {
        // duckdb_jdbc puts "Invalid Input Error: Attempting to execute an unsuccessful or closed pending query
        // result" in front of the real error, which follows after "Error: "
        String text = e.message
        int real = text.indexOf('\nError: ')
        if (text.contains('pending query result') && real >= 0) {
            text = text.substring(real + '\nError: '.length())
        }
        duckdbError = text.readLines().first()
    }
    assert duckdbError: 'the compiled SQL of the broken model runs without error'
    assert duckdbError =~ /^Binder Error: .*amount_usd/
    println "DuckDB says: $duckdbError"

    // ---- the build failure names the model, its file and DuckDB's error, and counts failures and skips
    String message = ItDatabase.goalFailure(run, 'run-models')
    assert message.startsWith("1 of ${files.size()} models failed (${skipped.size()} skipped)")
    assert message.contains("model $bad (${path(files[bad])}): $duckdbError")
    assert message.readLines().findAll { it =~ /^ *model \w+ \(/ } == ["  model $bad (${path(files[bad])}): $duckdbError".toString()]: 'only the broken model is blamed'

    // ---- the log: the error line with the model's message under it, a SKIP line per descendant, OK for the rest
    def error = run =~ /(?m)^\[ERROR\] +(\d+) of (\d+) ERROR creating sql table model main\.$bad \[ERROR in [\d.]+s\](?: \(.+\))?\R +(.*)$/
    assert error.find(): 'no ERROR line for the broken model'
    assert error.group(2) as int == files.size()
    assert error.group(3) == "model $bad (${path(files[bad])}): $duckdbError"
    int errorAt = error.group(1) as int
    skipped.each { name ->
        def skip = run =~ /(?m)^\[INFO\] +(\d+) of \d+ SKIP relation main\.$name due to upstream failure/
        assert skip.find(): "no SKIP line for $name"
        assert (skip.group(1) as int) > errorAt
    }
    passed.each { name -> assert run =~ /(?m)^\[INFO\] +\d+ of \d+ OK created sql ${kind(name, files)} model main\.$name \[/ }
    assert run =~ /PASS=${passed.size()} ERROR=1 SKIP=${skipped.size()} TOTAL=${files.size()}/

    // ---- the lake: exactly the models that passed, with the right content; nothing of the failed branch
    def relations = db.rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'main'")
            .collectEntries { [it[0], it[1]] }
    assert relations.keySet() == passed
    passed.each { assert relations[it] == (kind(it, files) == 'table' ? 'BASE TABLE' : 'VIEW') }
    assert db.rows('SELECT tier, customers FROM lake.main.customers_per_tier ORDER BY tier') ==
            db.rows('SELECT lower(tier), count(*) FROM lake.raw.raw_customers WHERE is_current GROUP BY ALL ORDER BY 1')
    assert db.rows('SELECT store_id, sales, revenue FROM lake.main.sales_by_store ORDER BY store_id') ==
            db.rows('SELECT store_id, count(*), sum(amount) FROM lake.raw.raw_sales GROUP BY ALL ORDER BY 1')
    def commits = db.rows("SELECT commit_message FROM ducklake_snapshots('lake') WHERE starts_with(commit_message, 'run-models: ')")*.getAt(0)
    assert commits.collect { (it =~ /^run-models: (\w+) /)[0][1] } as Set == passed
    assert commits.size() == passed.size()

    // ---- run_results.json: success, error (with DuckDB's error), skipped (naming the failed model)
    def results = new JsonSlurper().parse(new File(target, 'testbed/run_results.json')).results.collectEntries { [it.unique_id - 'model.models-sql-error.', it] }
    assert results.keySet() == files.keySet()
    passed.each { assert results[it].status == 'success' }
    assert results[bad].status == 'error'
    assert results[bad].message.contains(duckdbError) && results[bad].message.contains(path(files[bad]))
    assert results[bad].adapter_response.rows_affected == null
    skipped.each {
        assert results[it].status == 'skipped'
        assert results[it].message.contains(bad)
        assert !results[it].compiled
    }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
