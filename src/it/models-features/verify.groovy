// Invocation 1 built every model (POM vars, batch 1); invocation 2 ran them again with -Dtestbed.vars (batch 2),
// so the incremental models appended, merged and deleted+inserted into invocation 1's tables; invocation 3 ran
// only -Dtestbed.select=tag:marts. Expected values come from this project's files and the lake's raw tables.
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper
import groovy.io.FileType
import groovy.json.JsonSlurper
import groovy.transform.Field
import groovy.xml.XmlSlurper
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File catalog = new File(target, 'lake/warehouse.ducklake')
Map<Integer, File> artifacts = [1: new File(target, 'testbed'), 2: new File(target, 'testbed-run2'), 3: new File(target, 'testbed-tag')]

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 3: "expected 3 Maven runs in build.log, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }

// ---- what the project's files say
String project = 'features'
assert new File(basedir, 'dbt_project.yml').getText('UTF-8') =~ /(?m)^name: $project$/
Map<String, File> modelFiles = new TreeMap<>()
new File(basedir, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) modelFiles[it.name - '.sql'] = it }
Set<String> inFolder(Map<String, File> files, String folder) { files.findAll { it.value.parentFile.name == folder }.keySet() }
Set<String> staging = inFolder(modelFiles, 'staging'), marts = inFolder(modelFiles, 'marts'), incremental = inFolder(modelFiles, 'incremental')
assert staging == ['stg_sales', 'eph_current_customers'] as Set
assert marts == ['customer_tiers', 'store_revenue'] as Set
assert incremental == ['run_log', 'monthly_sales_merge', 'store_month_delete_insert'] as Set
String ephemeral = 'eph_current_customers'
Set<String> built = modelFiles.keySet() - ephemeral

def dbtProject = new YAMLMapper().readValue(new File(basedir, 'dbt_project.yml'), Map)
def pomVars = new XmlSlurper().parse(new File(basedir, 'pom.xml')).build.plugins.plugin.configuration.vars.children().collectEntries { [it.name(), it.text()] }
Properties run2 = new Properties()
new File(basedir, 'run2.properties').withReader('UTF-8') { run2.load(it) }
def cliVars = new YAMLMapper().readValue(run2.getProperty('testbed.vars'), Map)
Properties invoker = new Properties()
new File(basedir, 'invoker.properties').withReader('UTF-8') { invoker.load(it) }
String region = invoker.getProperty('invoker.environmentVariables.TESTBED_IT_REGION')
assert region && System.getenv('TESTBED_IT_NEVER_SET') == null
// the tiers the customer_tiers() macro returns, in its order
def tiersMatch = new File(basedir, 'macros/helpers.sql').getText('UTF-8') =~ /return\(\[([^\]]*)\]\)/
assert tiersMatch.find()
List<String> tiers = (tiersMatch.group(1) =~ /'(\w+)'/).collect { it[1] }
assert tiers.size() == 4

def json(File dir, String name) { new JsonSlurper().parse(new File(dir, name)) }
def results(Map<Integer, File> artifacts_, int run) {
    json(artifacts_[run], 'run_results.json').results.collectEntries { [it.unique_id - 'model.features.', it] }
}
String compiled(Map<Integer, File> artifacts_, int run, String model, Map<String, File> files) {
    File file = new File(artifacts_[run], "compiled/features/${basedir.toPath().relativize(files[model].toPath())}")
    assert file.isFile(): "invocation $run wrote no compiled SQL for $model"
    return file.getText('UTF-8')
}

@Field ItDatabase db = new ItDatabase()
long difference(String a, String b) {
    db.one("SELECT count(*) FROM (SELECT * FROM ($a) EXCEPT ALL SELECT * FROM ($b))") + db.one("SELECT count(*) FROM (SELECT * FROM ($b) EXCEPT ALL SELECT * FROM ($a))")
}

try {
    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (READ_ONLY)")

    // ---- relations: custom schema main_marts for the marts folder, main for the rest, no ephemeral relation
    def relations = db.rows("SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema NOT IN ('raw', 'testbed')")
            .collectEntries { [it[1], [it[0], it[2]]] }
    assert relations.keySet() == built: "the lake holds ${relations.keySet()}"
    assert relations.stg_sales == ['main', 'VIEW']
    assert relations.store_revenue == ['main_marts', 'VIEW']: 'config(materialized=view) must win over the folder +materialized: table'
    assert relations.customer_tiers == ['main_marts', 'BASE TABLE']
    incremental.each { assert relations[it] == ['main', 'BASE TABLE'] }
    assert db.rows("SELECT schema_name FROM information_schema.schemata WHERE catalog_name = 'lake' ORDER BY 1")*.getAt(0).intersect(['main', 'main_marts', 'marts', 'raw']) == ['main', 'main_marts', 'raw']

    // ---- macro with return() of a list, driving a {% for %}, over an ephemeral model inlined as a CTE
    def tierRows = db.rows('SELECT tier, tier_rank, customers FROM lake.main_marts.customer_tiers ORDER BY tier_rank')
    def expectedTiers = tiers.withIndex().collect { tier, i ->
        [tier, i + 1, db.one("SELECT count(*) FROM lake.raw.raw_customers WHERE is_current AND lower(tier) = '$tier'")]
    }
    assert tierRows.collect { [it[0], it[1] as int, it[2] as long] } == expectedTiers
    assert expectedTiers.sum { it[2] } == db.one('SELECT count(*) FROM lake.raw.raw_customers WHERE is_current')
    String tiersSql = compiled(artifacts, 1, 'customer_tiers', modelFiles)
    assert tiersSql =~ /(?i)^WITH __dbt__cte__$ephemeral AS \(/
    assert tiersSql.count("from __dbt__cte__$ephemeral") == tiers.size()
    assert tiersSql.contains('lake.raw.raw_customers') && !tiersSql.contains('{') && !tiersSql.contains('ref(')
    assert db.one("SELECT count(*) FROM information_schema.tables WHERE table_name = '$ephemeral'") == 0
    assert difference('SELECT store_id, count(*), sum(amount) FROM lake.raw.raw_sales GROUP BY ALL', 'SELECT * FROM lake.main_marts.store_revenue') == 0

    // ---- var() and env_var(): one run_log row per run (append), what each source of values gave
    def log = db.rows('SELECT * FROM lake.main.run_log ORDER BY batch')
    def expectedRow = { Map vars, String mode ->
        [batch: vars.batch as int, mode: mode, default_only: 'the_default', project_only: dbtProject.vars.project_only,
         overridden_by_pom: vars.overridden_by_pom, overridden_by_cli: vars.overridden_by_cli, env_set: region, env_default: 'env_default',
         this_relation: 'lake.main.run_log', target_name_schema: 'dev.main']
    }
    Map run1Vars = dbtProject.vars + pomVars, run2Vars = dbtProject.vars + pomVars + cliVars
    assert run1Vars.overridden_by_pom == 'from_pom' && run2Vars.overridden_by_cli == 'from_cli' && run2Vars.batch == 2
    def columns = db.rows("SELECT column_name FROM information_schema.columns WHERE table_catalog = 'lake' AND table_name = 'run_log' ORDER BY ordinal_position")*.getAt(0)
    def logMaps = log.collect { row -> [columns, row].transpose().collectEntries { [it[0], it[0] == 'batch' ? it[1] as int : it[1]] } }
    assert logMaps == [expectedRow(run1Vars, 'full'), expectedRow(run2Vars, 'incremental')]
    // invocation 2 compiled the is_incremental() branch, with {{ this }} resolved
    assert !compiled(artifacts, 1, 'run_log', modelFiles).contains('where')
    assert compiled(artifacts, 2, 'run_log', modelFiles) =~ /where 2 > \(select max\(batch\) from lake\.main\.run_log\)/

    // ---- merge and delete+insert: batch n covers the six months from 3 * (n - 1) months after first_month.
    //      Computed here from month offsets (not interval arithmetic): keys of both windows, the overlap from batch 2.
    String firstMonth = dbtProject.vars.first_month
    String offset = "datediff('month', DATE '$firstMonth', sale_date)"
    def inWindow = { int batch -> "$offset >= ${(batch - 1) * 3} AND $offset < ${(batch - 1) * 3 + 6}" }
    Map<String, List<String>> keys = [monthly_sales_merge: ['sale_month'], store_month_delete_insert: ['store_id', 'sale_month']]
    def results1 = results(artifacts, 1), results2 = results(artifacts, 2)
    keys.each { model, key ->
        String keyColumns = key.collect { it == 'sale_month' ? "CAST(date_trunc('month', sale_date) AS DATE) AS sale_month" : it }.join(', ')
        String expected = """SELECT $keyColumns, count(*) AS sales, sum(amount) AS revenue,
                CASE WHEN bool_or(${inWindow(2)}) THEN 2 ELSE 1 END AS batch
            FROM lake.raw.raw_sales WHERE (${inWindow(1)}) OR (${inWindow(2)}) GROUP BY ALL"""
        long window1 = db.one("SELECT count(*) FROM (SELECT DISTINCT $keyColumns FROM lake.raw.raw_sales WHERE ${inWindow(1)})")
        long window2 = db.one("SELECT count(*) FROM (SELECT DISTINCT $keyColumns FROM lake.raw.raw_sales WHERE ${inWindow(2)})")
        long union = db.one("SELECT count(*) FROM ($expected)")
        assert window1 > 0 && window2 > 0 && union < window1 + window2: "$model: the windows must overlap ($window1, $window2, $union)"
        assert difference(expected, "SELECT ${key.join(', ')}, sales, revenue, batch FROM lake.main.$model") == 0: "$model differs from the raw sales"
        assert db.one("SELECT count(*) FROM lake.main.$model") == db.one("SELECT count(*) FROM (SELECT DISTINCT ${key.join(', ')} FROM lake.main.$model)"): "$model has duplicate keys"
        assert db.one("SELECT count(*) FROM lake.main.$model WHERE batch = 1") == union - window2: "$model: overlap rows were not replaced by batch 2"
        assert results1[model].adapter_response.rows_affected == window1
        assert results2[model].adapter_response.rows_affected == window2: "$model: invocation 2 wrote ${results2[model].adapter_response.rows_affected} rows"
    }
    assert db.one('SELECT count(*) FROM lake.main.run_log') == 2
    assert results1.run_log.adapter_response.rows_affected == 1 && results2.run_log.adapter_response.rows_affected == 1

    // ---- the manifest: configs and tags as the folder config, config() and dbt_project.yml say
    def manifest = json(artifacts[1], 'manifest.json')
    def node = { String name -> manifest.nodes["model.features.$name"] }
    assert manifest.nodes.size() == modelFiles.size()
    assert node(ephemeral).config.materialized == 'ephemeral'
    assert node('customer_tiers').depends_on.nodes == ["model.features.$ephemeral"]
    marts.each { assert node(it).schema == 'main_marts' && node(it).config.schema == 'marts' && node(it).relation_name == "lake.main_marts.$it" }
    assert node('store_revenue').tags as Set == ['marts', 'finance'] as Set: 'config(tags=...) must add to the folder tags'
    assert node('customer_tiers').tags == ['marts']
    incremental.each { assert node(it).tags == ['incremental'] && node(it).config.materialized == 'incremental' }
    assert node('run_log').config.incremental_strategy == 'append'
    assert node('monthly_sales_merge').config.incremental_strategy == 'merge'
    assert node('store_month_delete_insert').config.incremental_strategy == 'delete+insert'
    assert node('store_month_delete_insert').config.unique_key == ['store_id', 'sale_month']

    // ---- invocations 1 and 2 ran every model but the ephemeral one, which (as in dbt) is compiled into its users only
    [1, 2].each { run ->
        def r = results(artifacts, run)
        assert r.keySet() == built
        r.each { name, result -> assert result.status == 'success': "invocation $run: $name ${result.status} ${result.message}" }
        assert !runs[run - 1].contains(" main.$ephemeral ")
        assert compiled(artifacts, run, ephemeral, modelFiles).trim(): 'the ephemeral model is still compiled'
        marts.each { assert runs[run - 1] =~ /OK created sql \w+ model main_marts\.$it \[/ }
        assert runs[run - 1] =~ /PASS=${built.size()} ERROR=0 SKIP=0 TOTAL=${built.size()}/
    }

    // ---- invocation 3: -Dtestbed.select=tag:marts ran exactly the models the manifest tags 'marts'
    Set<String> tagged = manifest.nodes.values().findAll { 'marts' in it.tags }*.name as Set
    assert tagged == marts
    assert results(artifacts, 3).keySet() == tagged
    assert json(artifacts[3], 'run_results.json').args.select == ['tag:marts']
    assert runs[2] =~ /running ${tagged.size()} with/
    assert runs[2] =~ /PASS=${tagged.size()} ERROR=0 SKIP=0 TOTAL=${tagged.size()}/
    // ... and in the lake: one snapshot per build of a model: tagged models 3, the others 2, the ephemeral none
    def commits = db.rows("SELECT commit_message FROM ducklake_snapshots('lake') WHERE starts_with(commit_message, 'run-models: ')")*.getAt(0)
    modelFiles.keySet().each { name ->
        int expected = name == ephemeral ? 0 : name in tagged ? 3 : 2
        assert commits.count { it.startsWith("run-models: $name (") } == expected: "$name was built ${commits.count { it.startsWith("run-models: $name (") }} times"
    }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
