// The README's POM, built on the small dbt project in dbt/ that its <projectDirectory> names. Expected rows are
// recomputed here from the lake's raw tables; the counts of models and tests are those of the files in dbt/.
import groovy.io.FileType
import dev.testbed.it.ItDatabase

// ---- the POM is the README's, to the character (the invoker wrote the plugin's version into it, as the README has it)
File readme = new File(basedir, '../../../../README.md').canonicalFile
String section = readme.getText('UTF-8').split('(?m)^## Use the plugin in your own project$')[1]
def block = section =~ /(?s)```xml\n(.*?)```/
assert block.find(): "no POM in the README's section 'Use the plugin in your own project' ($readme)"
assert block.group(1) == new File(basedir, 'pom.xml').getText('UTF-8'): 'the README POM and src/it/own-project/pom.xml differ'

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String build = runs[0]
assert build.contains('BUILD SUCCESS')
// the four executions ran in their phases' order, each once
List<String> goals = (build =~ /(?m)^\[INFO\] --- testbed:\S+:([\w-]+) \(([\w-]+)\) @ shop-warehouse ---$/).collect { [it[1], it[2]] }
assert goals == [['generate-data', 'generate-data'], ['load-ducklake', 'load-ducklake'], ['run-models', 'run-models'], ['verify-metrics', 'verify-metrics']]

File dbt = new File(basedir, 'dbt')
List<String> models = [], tests = []
new File(dbt, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) models << (it.name - '.sql') }
new File(dbt, 'tests').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) tests << (it.name - '.sql') }
long declaredTests = 2 + tests.size()   // unique and not_null on daily_revenue.order_date, and the singular tests
assert build =~ /PASS=${models.size()} ERROR=0 SKIP=0 TOTAL=${models.size()}/
assert build.contains("PASS=$declaredTests WARN=0 FAIL=0 ERROR=0 TOTAL=$declaredTests")

// ---- the plugin only read the dbt folder: its output is under this POM's target/testbed
Set<String> dbtFiles = []
dbt.eachFileRecurse(FileType.FILES) { dbtFiles << dbt.toPath().relativize(it.toPath()).toString() }
assert dbtFiles == ['dbt_project.yml', 'models/sources.yml', 'models/staging/stg_orders.sql', 'models/marts/daily_revenue.sql',
                    'models/marts/schema.yml', 'tests/no_negative_revenue.sql'] as Set
File target = new File(basedir, 'target')
Set<String> compiled = []
new File(target, 'testbed/compiled').eachFileRecurse(FileType.FILES) { compiled << it.name }
assert compiled.containsAll(models.collect { it + '.sql' })
assert new File(target, 'testbed/run_results.json').isFile()

ItDatabase db = new ItDatabase()
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    assert db.rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'main' ORDER BY 1") ==
            [['daily_revenue', 'BASE TABLE'], ['stg_orders', 'VIEW']]
    assert db.one('SELECT count(*) FROM lake.raw.raw_sales') == 3000
    String expected = 'SELECT sale_date, count(*), sum(amount) FROM lake.raw.raw_sales GROUP BY ALL'
    String actual = 'SELECT order_date, orders, revenue FROM lake.main.daily_revenue'
    assert db.one("SELECT count(*) FROM ($expected EXCEPT ALL $actual)") == 0
    assert db.one("SELECT count(*) FROM ($actual EXCEPT ALL $expected)") == 0
} finally {
    db.close()
}
true
