// Invocation 1 built the sample warehouse with its data tests. Each step below changes one thing, runs one more
// offline `mvn verify` of this project, and asserts from the lake itself (its snapshots and the run history's rows
// for that build's run id) exactly which models were rebuilt and which data tests ran again. What each change must
// rebuild is worked out here from manifest.json's dependencies, never copied from a build's output.
import groovy.json.JsonSlurper
import groovy.transform.Field
import java.util.concurrent.TimeUnit
import dev.testbed.it.ItDatabase

List<String> first = ItDatabase.mavenRuns(basedir)
assert first.size() == 1 && first[0].contains('BUILD SUCCESS')

@Field File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
@Field File settings = new File(basedir, '../interpolated-settings.xml').canonicalFile
@Field File catalog = new File(basedir, 'target/lake/warehouse.ducklake')
@Field File project = new File(basedir, 'project')
assert catalog.isFile() && project.isDirectory()

/** One offline `mvn verify` (plus -D properties) of this project: [exit code, log]. */
List build(String name, Map<String, String> properties = [:]) {
    List<String> command = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=$localRepositoryPath".toString(), 'verify']
    properties.each { k, v -> command << "-D$k=$v".toString() }
    File log = new File(basedir, "target/logs/${name}.log")
    log.parentFile.mkdirs()
    long started = System.nanoTime()
    Process process = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).redirectOutput(log).start()
    assert process.waitFor(300, TimeUnit.SECONDS): "$name did not finish"
    println "[up-to-date] $name: exit ${process.exitValue()} in ${String.format('%.1f', (System.nanoTime() - started) / 1e9)} s"
    return [process.exitValue(), log.getText('UTF-8')]
}

/** Runs {@code sql} against the lake (read-only unless {@code write}). */
def lake(boolean write = false, Closure work) {
    new ItDatabase().withCloseable { db ->
        db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake${write ? '' : ' (READ_ONLY)'}")
        return work(db)
    }
}

long snapshots() { lake { db -> db.one('SELECT count(*) FROM ducklake_snapshots(\'lake\')') } }

/** The newest run id in the history, and the models and tests it recorded (empty sets if the build recorded nothing). */
Map newestRun(String after) {
    lake { db ->
        def run = db.rows("""SELECT run_id FROM (SELECT run_id, snapshot_id FROM lake.testbed.model_runs UNION ALL
                SELECT run_id, snapshot_id FROM lake.testbed.test_runs) ORDER BY snapshot_id DESC LIMIT 1""")[0][0] as String
        if (run == after) {
            return [run: run, models: [] as Set, tests: [] as Set]
        }
        [run: run,
         models: db.rows("SELECT model FROM lake.testbed.model_runs WHERE run_id = '$run' AND status = 'success'").collect { it[0] } as Set,
         tests: db.rows("SELECT test FROM lake.testbed.test_runs WHERE run_id = '$run'").collect { it[0] } as Set]
    }
}

/** Every relation's content as one fingerprint: row count and an order-independent hash of its rows. */
Map<String, List> contents() {
    lake { db ->
        db.rows("SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema <> 'testbed' ORDER BY ALL")
                .collectEntries { r ->
                    String rel = "lake.\"${r[0]}\".\"${r[1]}\""
                    ["${r[0]}.${r[1]}".toString(), db.rows("SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0) FROM $rel t")[0]]
                }
    }
}

// ---- the graph, from the first build's manifest
def manifest = new JsonSlurper().parse(new File(basedir, 'target/testbed/manifest.json'))
Map<String, Map> models = manifest.nodes.findAll { id, n -> n.resource_type == 'model' }.collectEntries { id, n -> [id, n] }
Map<String, Map> tests = manifest.nodes.findAll { id, n -> n.resource_type == 'test' }.collectEntries { id, n -> [id, n] }
assert models.size() == 7 && tests.size() >= 60
String name(String id) { id.tokenize('.').last() }
/** Whether node {@code id} reads {@code wanted} (a node id), directly or through views and ephemeral models. */
boolean reads(Map<String, Map> all, String id, String wanted) {
    all[id].depends_on.nodes.any { dep ->
        dep == wanted || (all[dep] != null && all[dep].config.materialized in ['view', 'ephemeral'] && reads(all, dep, wanted))
    }
}
Map<String, Map> nodes = models + tests
Set<String> allTests = tests.values().collect { it.name } as Set
String runBefore = newestRun(null).run

// ---- 1. nothing changed: nothing is built, no test runs, no snapshot is added; every node is still reported
long before = snapshots()
def (exit, log) = build('1-nothing-changed')
assert exit == 0: log
assert snapshots() == before: "a build with nothing changed added ${snapshots() - before} snapshots:\n$log"
assert newestRun(runBefore).models.isEmpty() && newestRun(runBefore).tests.isEmpty()
def results = new JsonSlurper().parse(new File(basedir, 'target/testbed/run_results.json'))
assert results.results.collect { it.unique_id } as Set == (models.keySet() + tests.keySet()): 'run_results.json lists every model and test'
assert results.results.every { it.status in ['success', 'pass'] }
int junitCases = new File(basedir, 'target/testbed/junit').listFiles().sum { f -> (f.getText('UTF-8') =~ /<testcase /).size() }
assert junitCases == tests.size(): "JUnit XML still holds every test ($junitCases of ${tests.size()})"

// ---- 2. one metrics model's SQL changes: exactly it is rebuilt, and exactly the tests that read it run again
String changed = 'model.' + manifest.metadata.project_name + '.customer_metrics'
assert models.containsKey(changed)
File modelFile = new File(project, models[changed].original_file_path)
String original = modelFile.getText('UTF-8')
modelFile.setText(original + '\n-- changed: the build must see this\n', 'UTF-8')
before = snapshots()
(exit, log) = build('2-one-model-changed')
assert exit == 0: log
Map run = newestRun(runBefore)
assert run.models == [name(changed)] as Set: "rebuilt ${run.models}, expected only ${name(changed)}"
Set<String> expectedTests = tests.findAll { id, t -> reads(nodes, id, changed) }.values().collect { it.name } as Set
assert !expectedTests.isEmpty()
assert run.tests == expectedTests: "tests run again: ${run.tests}; expected exactly the ${expectedTests.size()} that read ${name(changed)}"
runBefore = run.run

// ---- 3. one sale is inserted into raw_sales: exactly the tables that read it (through the staging views) are rebuilt
lake(true) { db ->
    db.execute("INSERT INTO lake.raw.raw_sales SELECT * REPLACE (transaction_id + (SELECT max(transaction_id) FROM lake.raw.raw_sales) AS transaction_id) FROM lake.raw.raw_sales ORDER BY transaction_id LIMIT 1")
}
String rawSales = manifest.sources.keySet().find { it.endsWith('.raw_sales') }
assert rawSales
Set<String> readers = models.findAll { id, m -> m.config.materialized in ['table', 'incremental'] && reads(nodes, id, rawSales) }
        .values().collect { it.name } as Set
assert readers.size() == 3
(exit, log) = build('3-one-sale-inserted', ['testbed.generate.skip': 'true', 'testbed.load.skip': 'true'])
assert exit == 0: log
run = newestRun(runBefore)
assert run.models == readers: "rebuilt ${run.models}, expected exactly the tables reading raw_sales: $readers"
expectedTests = tests.findAll { id, t -> reads(nodes, id, rawSales) || readers.any { r -> reads(nodes, id, models.keySet().find { it.endsWith('.' + r) }) } }
        .values().collect { it.name } as Set
assert run.tests == expectedTests: "tests run again: ${run.tests - expectedTests} too many, ${expectedTests - run.tests} missing"
runBefore = run.run

// ---- 4. atomic publish: a model change that makes an error-severity test fail changes nothing in the lake
Map<String, List> contentBefore = contents()
before = snapshots()
modelFile.setText("with built as (\n" + original.replaceAll(/(?s)\{\{\s*config\(.*?\)\s*\}\}/, '') + "\n)\nselect * from built\nunion all\n(select * from built limit 1)\n", 'UTF-8')
// (generate and load skipped: the lake's raw_sales holds step 3's extra sale, which load-ducklake would replace by a
// fresh load of the files, in a snapshot of its own outside the build's atomic publish)
(exit, log) = build('4-atomic-failing-test', ['testbed.publish': 'atomic', 'testbed.generate.skip': 'true', 'testbed.load.skip': 'true'])
assert exit != 0: "a duplicated customer must fail the unique test:\n$log"
assert log =~ /FAIL \d+ unique\w*customer_metrics/: "the log names the failing unique test:\n$log"
assert snapshots() == before: "a red build in atomic mode added ${snapshots() - before} snapshots"
assert contents() == contentBefore: 'a red build in atomic mode changed the lake'

// ---- 5. force: the model restored, -Dtestbed.force rebuilds every model and runs every test
modelFile.setText(original, 'UTF-8')
(exit, log) = build('5-force', ['testbed.force': 'true'])
assert exit == 0: log
run = newestRun(runBefore)
assert run.models == models.values().collect { it.name } as Set
assert run.tests == allTests
true
