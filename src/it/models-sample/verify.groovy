// Invocation 1 built the sample warehouse (generate, load, all models of testbed-project); invocation 2 ran the
// same build with -Dtestbed.select=customer_metrics. Expected values come from the sample project's files and
// from the lake's raw tables, computed here in other SQL than the models', never from copied output.
import groovy.io.FileType
import groovy.json.JsonSlurper
import groovy.transform.Field
import groovy.xml.XmlSlurper
import java.math.RoundingMode
import java.time.Duration
import java.time.Instant
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File catalog = new File(target, 'lake/warehouse.ducklake')
File artifacts = new File(target, 'testbed')
File selectArtifacts = new File(target, 'testbed-select')

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 2: "expected 2 Maven runs in build.log, found ${runs.size()}"
String first = runs[0], second = runs[1]
runs.each { assert it.contains('BUILD SUCCESS') }

// ---- the sample project, as the invoker wrote its path into pom.xml
def pom = new XmlSlurper().parse(new File(basedir, 'pom.xml'))
File project = new File(pom.build.plugins.plugin.executions.execution.configuration.projectDirectory.text()).canonicalFile
assert new File(project, 'dbt_project.yml').isFile(): "$project is not the sample project"
def nameMatch = new File(project, 'dbt_project.yml').getText('UTF-8') =~ /(?m)^name:\s*["']?(\w+)/
assert nameMatch.find()
String projectName = nameMatch.group(1)

Map<String, File> modelFiles = new TreeMap<>()
new File(project, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) modelFiles[it.name - '.sql'] = it }
Set<String> views = modelFiles.findAll { it.value.parentFile.name == 'staging' }.keySet()
Set<String> tables = modelFiles.findAll { it.value.parentFile.name == 'metrics' }.keySet()
// The seed's seven models (dbt_project.yml: staging/ are views, metrics/ are tables). When the sample project
// gains models, extend these lists and the checks below.
assert views == ['stg_customers', 'stg_products', 'stg_sales', 'stg_stores'] as Set
assert tables == ['customer_metrics', 'product_metrics', 'store_metrics'] as Set
assert modelFiles.keySet() == views + tables: "the sample project has models this IT does not know: ${modelFiles.keySet() - views - tables}"
// the sample's snapshot (snapshot-sample checks its history over two days); here it is one more node of the build
Set<String> snapshotNames = []
new File(project, 'snapshots').eachFileRecurse(FileType.FILES) {
    if (it.name.endsWith('.sql')) (it.getText('UTF-8') =~ /\{%-?\s*snapshot\s+(\w+)/).each { snapshotNames << it[1] }
}
assert snapshotNames == ['customers_snapshot'] as Set
int nodes = modelFiles.size() + snapshotNames.size()

// what each model reads, from its own text: ref('x') and source('s', 't')
Map<String, Set<String>> refs = modelFiles.collectEntries { name, file ->
    [name, (file.getText('UTF-8') =~ /\bref\(\s*'(\w+)'\s*\)/).collect { it[1] } as Set]
}
Map<String, Set<List<String>>> sourcesOf = modelFiles.collectEntries { name, file ->
    [name, (file.getText('UTF-8') =~ /\bsource\(\s*'(\w+)'\s*,\s*'(\w+)'\s*\)/).collect { [it[1], it[2]] } as Set]
}
Set<List<String>> allSources = sourcesOf.values().collectMany { it } as Set
assert allSources.size() == 4
String modelId(String project_, String name) { "model.${project_}.${name}" }

@Field ItDatabase db = new ItDatabase()
BigDecimal decimal(Object value) { value == null ? null : new BigDecimal(value.toString()) }
long count(String relation) { db.one("SELECT count(*) FROM $relation") }
/** rows in a but not in b, plus rows in b but not in a (multisets) */
long difference(String a, String b) {
    db.one("SELECT count(*) FROM (SELECT * FROM ($a) EXCEPT ALL SELECT * FROM ($b))") + db.one("SELECT count(*) FROM (SELECT * FROM ($b) EXCEPT ALL SELECT * FROM ($a))")
}
/** exact half-up average to the cent, or null without rows: what the models' average_amount macro promises */
BigDecimal average(Object total, Object n) { (n as long) == 0 ? null : decimal(total).divide(new BigDecimal(n as long), 2, RoundingMode.HALF_UP) }

try {
    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (READ_ONLY)")

    // ---- every model is in the lake, in main, as its folder's materialization; nothing else is there
    def relations = db.rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'main'")
            .collectEntries { [it[0], it[1]] }
    assert relations.keySet() == modelFiles.keySet() + snapshotNames: "lake.main holds ${relations.keySet()}"
    snapshotNames.each { assert relations[it] == 'BASE TABLE': "$it is a ${relations[it]}" }
    views.each { assert relations[it] == 'VIEW': "$it is a ${relations[it]}" }
    tables.each { assert relations[it] == 'BASE TABLE': "$it is a ${relations[it]}" }
    assert db.rows("SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_catalog = 'lake' ORDER BY 1") == [['main'], ['raw'], ['testbed']]
    // ---- the run history (schema testbed): every model's build, each in the snapshot whose commit names the model
    assert db.rows("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'testbed' ORDER BY 1")*.getAt(0) == ['model_runs', 'test_runs']
    assert db.one("""SELECT count(*) FROM (SELECT snapshot_id, model, materialization, status FROM lake.testbed.model_runs) r
                     JOIN ducklake_snapshots('lake') s ON s.snapshot_id = r.snapshot_id
                     WHERE r.status = 'success' AND s.commit_message = 'run-models: ' || r.model || ' (' || r.materialization || ')'""") == nodes + 1
    assert db.one("SELECT count(*) FROM lake.testbed.model_runs") == nodes + 1

    // ---- grain: one row per current customer, current store, product
    assert db.one('SELECT count(*) FROM lake.raw.raw_sales') == (pom.properties.'testbed.sales'.text() as long)
    assert db.one('SELECT count(DISTINCT transaction_id) FROM lake.raw.raw_sales') == db.one('SELECT count(*) FROM lake.raw.raw_sales')
    long currentCustomers = db.one('SELECT count(*) FROM lake.raw.raw_customers WHERE is_current')
    long currentStores = db.one('SELECT count(*) FROM lake.raw.raw_stores WHERE is_current')
    long products = db.one('SELECT count(*) FROM lake.raw.raw_products')
    assert currentCustomers == (pom.properties.'testbed.customers'.text() as long)
    assert db.one('SELECT count(*) FROM lake.raw.raw_customers') > currentCustomers: 'the data has no SCD2 history to filter out'
    assert db.one('SELECT count(*) FROM lake.raw.raw_stores') > currentStores: 'the data has no SCD2 store history to filter out'
    assert count('lake.main.customer_metrics') == currentCustomers
    assert count('lake.main.store_metrics') == currentStores
    assert count('lake.main.product_metrics') == products
    assert db.one('SELECT count(DISTINCT customer_id) FROM lake.main.customer_metrics') == currentCustomers
    assert db.one('SELECT count(DISTINCT store_id) FROM lake.main.store_metrics') == currentStores
    assert db.one('SELECT count(DISTINCT product_id) FROM lake.main.product_metrics') == products
    // the staging views keep every raw row (SCD2 versions included)
    ['customers', 'stores', 'products', 'sales'].each { assert count("lake.main.stg_$it") == count("lake.raw.raw_$it") }

    // ---- revenue reconciles: every sale counted once per metrics table
    BigDecimal revenue = decimal(db.value('SELECT sum(amount) FROM lake.raw.raw_sales'))
    assert revenue > 0
    assert decimal(db.value('SELECT sum(lifetime_value) FROM lake.main.customer_metrics')) == revenue
    assert decimal(db.value('SELECT sum(total_revenue) FROM lake.main.store_metrics')) == revenue
    assert decimal(db.value('SELECT sum(total_revenue) FROM lake.main.product_metrics')) == revenue
    long sales = count('lake.raw.raw_sales')
    assert db.one('SELECT sum(total_purchases) FROM lake.main.customer_metrics') == sales
    assert db.one('SELECT sum(total_sales) FROM lake.main.store_metrics') == sales
    assert db.one('SELECT sum(times_sold) FROM lake.main.product_metrics') == sales
    assert db.one('SELECT sum(total_quantity_sold) FROM lake.main.product_metrics') == db.one('SELECT sum(quantity) FROM lake.raw.raw_sales')

    // ---- row by row against an independent computation (correlated subqueries over the raw tables)
    String perCustomer = '''SELECT c.customer_id, lower(c.tier),
            (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id),
            (SELECT coalesce(sum(amount), 0) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id),
            (SELECT min(sale_date) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id),
            (SELECT max(sale_date) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id)
        FROM lake.raw.raw_customers c WHERE c.is_current'''
    assert difference(perCustomer, '''SELECT customer_id, tier, total_purchases, lifetime_value, first_purchase_date, last_purchase_date
        FROM lake.main.customer_metrics''') == 0: 'customer_metrics differs from the raw tables'
    String perStore = '''SELECT st.store_id, lower(st.store_type),
            (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id),
            (SELECT count(DISTINCT customer_id) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id),
            (SELECT coalesce(sum(amount), 0) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id),
            (SELECT min(sale_date) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id),
            (SELECT max(sale_date) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id)
        FROM lake.raw.raw_stores st WHERE st.is_current'''
    assert difference(perStore, '''SELECT store_id, store_type, total_sales, unique_customers, total_revenue, first_sale_date, last_sale_date
        FROM lake.main.store_metrics''') == 0: 'store_metrics differs from the raw tables'
    String perProduct = '''SELECT p.product_id, p.category, p.base_price,
            (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id),
            (SELECT coalesce(sum(quantity), 0) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id),
            (SELECT coalesce(sum(amount), 0) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id),
            (SELECT count(DISTINCT customer_id) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id),
            (SELECT count(DISTINCT store_id) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id)
        FROM lake.raw.raw_products p'''
    assert difference(perProduct, '''SELECT product_id, category, base_price, times_sold, total_quantity_sold, total_revenue, unique_customers,
        stores_sold_in FROM lake.main.product_metrics''') == 0: 'product_metrics differs from the raw tables'
    // averages: exact, half up, to the cent (computed here with BigDecimal)
    db.rows('SELECT customer_id, lifetime_value, total_purchases, avg_purchase_amount FROM lake.main.customer_metrics').each {
        assert decimal(it[3]) == average(it[1], it[2]): "customer ${it[0]}: avg_purchase_amount ${it[3]} for ${it[1]} / ${it[2]}"
    }
    db.rows('SELECT store_id, total_revenue, total_sales, avg_sale_amount FROM lake.main.store_metrics').each {
        assert decimal(it[3]) == average(it[1], it[2]): "store ${it[0]}: avg_sale_amount ${it[3]} for ${it[1]} / ${it[2]}"
    }

    // ---- compiled SQL: one file per model, no Jinja left, refs and sources resolved to lake relations,
    //      and running it now gives exactly the relation's rows
    File compiled = new File(artifacts, "compiled/$projectName")
    Map<String, String> compiledSql = [:]
    modelFiles.each { name, file ->
        File out = new File(compiled, project.toPath().relativize(file.toPath()).toString())
        assert out.isFile(): "no compiled SQL for $name at $out"
        String sql = out.getText('UTF-8')
        compiledSql[name] = sql
        ['{{', '}}', '{%', '%}', '{#'].each { assert !sql.contains(it): "compiled $name still holds '$it'" }
        refs[name].each { assert sql.contains("lake.main.$it"): "compiled $name does not read lake.main.$it" }
        sourcesOf[name].each { assert sql.contains("lake.${it[0]}.${it[1]}"): "compiled $name does not read lake.${it[0]}.${it[1]}" }
        if (file.getText('UTF-8').contains('average_amount(')) {
            assert !sql.contains('average_amount') && sql.contains('hugeint'): "the average_amount macro was not expanded in $name"
        }
        assert difference(sql, "SELECT * FROM lake.main.$name") == 0: "compiled $name does not give the rows of lake.main.$name"
    }

    // ---- manifest.json: the seven model nodes with their dependencies, and the four sources
    def manifest = new JsonSlurper().parse(new File(artifacts, 'manifest.json'))
    assert manifest.metadata.project_name == projectName
    assert manifest.nodes.size() == nodes
    snapshotNames.each { assert manifest.nodes["snapshot.${projectName}.$it"]?.resource_type == 'snapshot' }
    modelFiles.each { name, file ->
        def node = manifest.nodes[modelId(projectName, name)]
        assert node: "manifest has no node for $name"
        assert node.resource_type == 'model' && node.name == name
        assert node.original_file_path == project.toPath().relativize(file.toPath()).toString()
        assert node.config.materialized == (name in views ? 'view' : 'table')
        assert node.relation_name == "lake.main.$name"
        Set<String> expected = refs[name].collect { modelId(projectName, it) } + sourcesOf[name].collect { "source.${projectName}.${it[0]}.${it[1]}" }
        assert node.depends_on.nodes as Set == expected: "$name depends on ${node.depends_on.nodes}, its file reads $expected"
        assert node.raw_code == file.getText('UTF-8')
    }
    assert manifest.sources.keySet() == allSources.collect { "source.${projectName}.${it[0]}.${it[1]}" } as Set
    manifest.sources.values().each { assert it.relation_name == "lake.${it.schema}.${it.identifier}" && it.schema == 'raw' }

    // ---- run_results.json: seven successes with timings; tables report the rows they hold
    def results = new JsonSlurper().parse(new File(artifacts, 'run_results.json'))
    assert results.results.size() == nodes
    assert results.results*.unique_id as Set == modelFiles.keySet().collect { modelId(projectName, it) } + snapshotNames.collect { "snapshot.${projectName}.$it" } as Set
    results.results.findAll { it.unique_id.startsWith('snapshot.') }.each { assert it.status == 'success': "${it.unique_id}: ${it.status} ${it.message}" }
    results.results.findAll { it.unique_id.startsWith('model.') }.each { r ->
        String name = r.unique_id - "model.${projectName}."
        assert r.status == 'success': "$name: ${r.status} ${r.message}"
        assert r.timing.size() >= 1
        def execute = r.timing.find { it.name == 'execute' }
        Instant started = Instant.parse(execute.started_at), completed = Instant.parse(execute.completed_at)
        assert !completed.isBefore(started)
        assert r.execution_time > 0
        assert Math.abs(r.execution_time - Duration.between(started, completed).toNanos() / 1e9) < 0.01
        assert r.relation_name == "lake.main.$name"
        assert r.compiled_code.strip() == compiledSql[name].strip()
        if (name in tables) {
            assert r.adapter_response.rows_affected == count("lake.main.$name"): "$name rows_affected ${r.adapter_response.rows_affected}"
        } else {
            assert r.adapter_response.rows_affected == null
        }
    }
    assert results.args.select == []

    // ---- the log of invocation 1: a line per model, numbered 1..7, tables with their rows; the summary
    def lines = (first =~ /(?m)^\[INFO\] +(\d+) of (\d+) OK created sql (\w+) model main\.(\w+) \[(.+?) in [\d.]+s\](?: \(.+\))?$/).collect { it }
    assert lines.size() == modelFiles.size()
    def snapshotLines = (first =~ /(?m)^\[INFO\] +(\d+) of (\d+) OK snapshotted main\.(\w+) \[SELECT (\d+) in [\d.]+s\](?: \(.+\))?$/).collect { it }
    assert snapshotLines.collect { it[3] } as Set == snapshotNames
    assert (lines + snapshotLines).collect { it[1] as int } as Set == (1..nodes) as Set
    lines.each { line ->
        assert line[2] as int == nodes
        String name = line[4]
        assert line[3] == (name in views ? 'view' : 'table')
        assert line[5] == (name in views ? 'OK' : "SELECT ${count("lake.main.$name")}")
    }
    // a model's line comes after the lines of the models it refs
    List<String> finished = lines.collect { it[4] }
    modelFiles.keySet().each { name -> refs[name].each { assert finished.indexOf(it) < finished.indexOf(name): "$name finished before its parent $it" } }
    assert first =~ /Found ${modelFiles.size()} models, 0 seeds, 1 snapshot, ${allSources.size()} sources in ${java.util.regex.Pattern.quote(project.path)}; running ${nodes} with \d+ threads?/
    assert first =~ /Finished running ${views.size()} view models, ${tables.size()} table models, 1 snapshot in [\d.]+ s\. PASS=${nodes} ERROR=0 SKIP=0 TOTAL=${nodes}/

    // ---- snapshots: the load, one per model in invocation 1, and exactly one more (customer_metrics) in invocation 2
    def snapshots = db.rows("SELECT snapshot_id, author, commit_message FROM ducklake_snapshots('lake') WHERE commit_message IS NOT NULL ORDER BY snapshot_id")
    def modelSnapshots = snapshots.findAll { it[2].startsWith('run-models: ') }
    assert snapshots.count { it[2].startsWith('load-ducklake: ') } == 1
    assert modelSnapshots.size() == nodes + 1: "model snapshots: ${modelSnapshots*.getAt(2)}"
    snapshotNames.each { name -> assert modelSnapshots.count { it[2] == "run-models: $name (snapshot)" } == 1 }
    modelSnapshots.each { assert it[1] == 'testbed' }
    modelFiles.keySet().each { name ->
        String kind = name in views ? 'view' : 'table'
        assert modelSnapshots.count { it[2] == "run-models: $name ($kind)" } == (name == 'customer_metrics' ? 2 : 1)
    }
    assert modelSnapshots.last()[2] == 'run-models: customer_metrics (table)'
    assert snapshots.last()[0] == db.one("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')")

    // ---- invocation 2: -Dtestbed.select=customer_metrics ran that one model and nothing else
    assert second.contains("Data is up to date") && second.contains('Lake is up to date')
    assert second =~ /Found ${modelFiles.size()} models, 0 seeds, 1 snapshot, ${allSources.size()} sources in .*; running 1 with/
    def selected = (second =~ /(?m)^\[INFO\] +\d+ of \d+ .*$/).collect { it }
    assert selected.size() == 1 && selected[0] =~ /\[INFO\] +1 of 1 OK created sql table model main\.customer_metrics \[SELECT ${currentCustomers} in /
    assert second =~ /Finished running 1 table model in [\d.]+ s\. PASS=1 ERROR=0 SKIP=0 TOTAL=1/
    def selectResults = new JsonSlurper().parse(new File(selectArtifacts, 'run_results.json'))
    assert selectResults.results*.unique_id == [modelId(projectName, 'customer_metrics')]
    assert selectResults.results[0].status == 'success'
    assert selectResults.results[0].adapter_response.rows_affected == currentCustomers
    assert selectResults.args.select == ['customer_metrics']
    def selectCompiled = []
    new File(selectArtifacts, 'compiled').eachFileRecurse(FileType.FILES) { selectCompiled << it.name }
    assert selectCompiled == ['customer_metrics.sql']
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
