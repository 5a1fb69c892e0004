// Rounds of separate `mvn verify` processes (own JVMs) on one PostgreSQL-catalog lake at the same time, into
// different target schemas and into one: each process succeeds or fails with a clear message, and
// afterwards every model is whole (same rows as every other copy, one row per key, totals that reconcile with
// the raw tables) and the raw tables hold exactly one data set. Then a build meets a DuckDB-file lake that
// another process holds.
import groovy.transform.Field
import java.util.concurrent.TimeUnit
import dev.testbed.it.ItDatabase
import dev.testbed.it.TestServers

@Field TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
List<String> first = ItDatabase.mavenRuns(basedir)
assert first.size() == 1 && first[0].contains('BUILD SUCCESS')

@Field File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
assert mvn.canExecute(): "no Maven at $mvn"
@Field File settings = new File(basedir, '../interpolated-settings.xml').canonicalFile
assert settings.isFile(): "the invoker's settings are not at $settings"
@Field def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
long sales = pom.properties.'testbed.sales'.text() as long

/** Starts one offline `mvn verify` (or other goals) of this project; its log goes to target/logs/<name>.log. */
Process build(String name, Map<String, String> properties, List<String> goals = ['verify']) {
    List<String> command = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=$localRepositoryPath".toString()] + goals
    properties.each { k, v -> command << "-D$k=$v".toString() }
    File log = new File(basedir, "target/logs/${name}.log")
    log.parentFile.mkdirs()
    return new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).redirectOutput(log).start()
}

@Field Map<String, String> lake = null
lake = servers.buildProperties('concurrent_lake', 'concurrent-lake')

/** Runs the builds at the same time; returns name -> [exit code, log]. */
Map<String, List> round(String label, long seed, List<String> schemas, String publish) {
    long started = System.nanoTime()
    Map<String, Process> processes = [:]
    schemas.eachWithIndex { schema, i ->
        String name = "$label-$i-$schema"
        processes[name] = build(name, lake + ['testbed.seed': "$seed".toString(), 'testbed.targetSchema': schema, 'testbed.publish': publish,
                // forced: a build that finds another's models already built for this data set would keep them, and every
                // build here must write its own so that they race
                'testbed.force': 'true',
                'testbed.dataDirectory': "target/$name/data".toString(), 'testbed.outputDirectory': "target/$name/testbed".toString()])
    }
    Map<String, List> results = processes.collectEntries { name, process ->
        assert process.waitFor(300, TimeUnit.SECONDS): "$name did not finish"
        [name, [process.exitValue(), new File(basedir, "target/logs/${name}.log").getText('UTF-8')]]
    }
    int reruns = results.values().sum { r -> (r[1] =~ /(building it again|loading again|in a fresh transaction), attempt/).size() }
    int highest = results.values().collect { r -> (r[1] =~ /again, attempt (\d+) of/).collect { it[1] as int }.max() ?: 1 }.max()
    println "[concurrent-builds] $label (publish=$publish): ${schemas.size()} processes into ${schemas} in ${String.format('%.1f', (System.nanoTime() - started) / 1e9)} s; " +
            "exit codes ${results.values()*.getAt(0)}; ${reruns} commit conflicts rerun, at most ${highest} attempts for one commit"
    results.each { name, r ->
        if (r[0] != 0) {
            // allowed, if it says what happened: lost the commit race too often
            def goal = r[1] =~ /Failed to execute goal \S+:([\w-]+) \(/
            assert goal.find(): "$name failed outside a goal:\n${r[1]}"
            String failure = ItDatabase.goalFailure(r[1], goal.group(1))
            assert failure =~ /commit conflict|refused the commit|Transaction conflict/: "$name failed without a clear message:\n$failure"
        } else {
            assert r[1].contains('BUILD SUCCESS')
        }
    }
    return results
}

@Field ItDatabase db = new ItDatabase()

/** Every copy of the models in these schemas is whole and equal to every other, and reconciles with raw. */
void checkModels(List<String> schemas, long expectedSales) {
    db.execute('DETACH DATABASE IF EXISTS lake')
    db.execute(servers.attachSql('concurrent_lake', 'lake'))
    assert db.one('SELECT count(*) FROM lake.raw.raw_sales') == expectedSales: 'raw_sales lost or duplicated rows'
    assert db.one('SELECT count(DISTINCT transaction_id) FROM lake.raw.raw_sales') == expectedSales
    long customers = db.one('SELECT count(DISTINCT customer_id) FROM lake.raw.raw_customers')
    long stores = db.one('SELECT count(DISTINCT store_id) FROM lake.raw.raw_stores')
    long products = db.one('SELECT count(*) FROM lake.raw.raw_products')
    def revenue = db.value('SELECT sum(amount) FROM lake.raw.raw_sales')
    String reference = schemas[0]
    schemas.unique().each { schema ->
        [customer_metrics: ['customer_id', customers, 'lifetime_value'], store_metrics: ['store_id', stores, 'total_revenue'],
         product_metrics: ['product_id', products, 'total_revenue']].each { table, spec ->
            String t = "lake.${schema}.${table}"
            assert db.one("SELECT count(*) FROM $t") == spec[1]: "$t: one row per key"
            assert db.one("SELECT count(DISTINCT ${spec[0]}) FROM $t") == spec[1]: "$t: duplicated keys"
            assert db.value("SELECT sum(${spec[2]}) FROM $t") == revenue: "$t: revenue does not reconcile with raw_sales"
            assert db.one("SELECT count(*) FROM (SELECT * FROM $t EXCEPT ALL SELECT * FROM lake.${reference}.${table})") == 0
            assert db.one("SELECT count(*) FROM (SELECT * FROM lake.${reference}.${table} EXCEPT ALL SELECT * FROM $t)") == 0
        }
        assert db.one("SELECT count(*) FROM lake.${schema}.stg_sales") == expectedSales
    }
}

/** Every successful build of a round has one successful history row per model under its own run id. */
void checkHistory(Map<String, List> results) {
    List<String> models = ['stg_customers', 'stg_stores', 'stg_products', 'stg_sales', 'customer_metrics', 'store_metrics', 'product_metrics',
            'customers_snapshot']
    results.findAll { name, r -> r[0] == 0 }.each { name, r ->
        def run = r[1] =~ /\(run id ([0-9T:.Z-]+)\)/
        assert run.find(): "$name does not log its run id"
        List<String> built = db.rows("SELECT model FROM lake.testbed.model_runs WHERE run_id = '${run.group(1)}' AND status = 'success'")
                .collect { it[0] as String }
        assert built.sort() == models.sort(): "$name recorded ${built}"
    }
}

try {
    servers.duckDbSecrets().each { db.execute(it) }
    // 2 processes, then 4, each into its own schema; then 2 and 4 into one schema. Each round has a new seed, so
    // every process of a round tries to load the raw tables at the same time. Both publish modes, without doubling
    // the rounds: the separate schemas commit model by model (each), the shared schema publishes each build as one
    // snapshot (atomic), where the builds' publishes race and a lost one redoes its build's work.
    round('two', 101, ['c2a', 'c2b'], 'each');                checkModels(['c2a', 'c2b'], sales)
    round('four', 103, ['c4a', 'c4b', 'c4c', 'c4d'], 'each'); checkModels(['c4a', 'c4b', 'c4c', 'c4d'], sales)
    Map<String, List> same2 = round('same-two', 107, ['s2', 's2'], 'atomic');             checkModels(['s2'], sales)
    Map<String, List> same4 = round('same-four', 109, ['s4', 's4', 's4', 's4'], 'atomic'); checkModels(['s4'], sales)
    // in one schema the builds replace each other's models: each model is still whole (checked above), and every
    // build that succeeded recorded its own successful build of every model
    [same2, same4].each { results -> checkHistory(results) }
    List<String> loads = servers.query('concurrent_lake', "SELECT commit_message FROM ducklake_snapshot_changes WHERE commit_message LIKE 'load-ducklake:%'")
    // every round's data set was loaded; a process whose up-to-date check ran just before another's load committed
    // loads the same files once more (a whole, consistent snapshot: the row checks above hold after it)
    [7, 101, 103].each { seed -> assert loads.any { it.contains("dataset seed=$seed ") }: "seed $seed never loaded: $loads" }
    // never two live tables or views of one name in one schema (a half-applied concurrent replace would leave them)
    List<String> twice = servers.query('concurrent_lake', """SELECT schema_id || '.' || table_name FROM (
            SELECT schema_id, table_name FROM ducklake_table WHERE end_snapshot IS NULL
            UNION ALL SELECT schema_id, view_name FROM ducklake_view WHERE end_snapshot IS NULL) t
            GROUP BY 1 HAVING count(*) > 1""")
    assert twice.isEmpty(): "relations that exist twice: $twice"
} finally {
    db.close()
}

// ---- a DuckDB-file lake held by another process: the build names that process and the way out
File heldCatalog = new File(basedir, 'target/held/warehouse.ducklake')
heldCatalog.parentFile.mkdirs()
String classpath = [dev.testbed.it.LakeHolder, org.duckdb.DuckDBDriver].collect { new File(it.protectionDomain.codeSource.location.toURI()).path }.join(File.pathSeparator)
Process holder = new ProcessBuilder(new File(System.getProperty('java.home'), 'bin/java').path, '-cp', classpath, 'dev.testbed.it.LakeHolder',
        heldCatalog.path, new File(basedir, 'target/held/data').path + '/').redirectErrorStream(true).start()
try {
    String line = new BufferedReader(new InputStreamReader(holder.inputStream)).readLine()
    assert line?.startsWith('holding '): "the holder did not start: $line"
    long holderPid = line.substring('holding '.length()) as long
    Process blocked = build('file-lock', ['testbed.catalog': heldCatalog.path, 'testbed.dataPath': 'target/held/data/'])
    assert blocked.waitFor(120, TimeUnit.SECONDS)
    String log = new File(basedir, 'target/logs/file-lock.log').getText('UTF-8')
    assert blocked.exitValue() != 0
    String failure = ItDatabase.goalFailure(log, 'load-ducklake')
    assert failure.contains("is locked by process $holderPid"): failure
    assert failure.contains('PostgreSQL catalog'): failure
    println "[concurrent-builds] file lake held by process $holderPid: ${failure.readLines()[0]}"
    // testbed:inspect meets the same lock: the same message, and no stack trace
    String project = pom.build.plugins.plugin[0].executions.execution[0].configuration.projectDirectory.text()
    Process inspect = build('file-lock-inspect', ['testbed.catalog': heldCatalog.path, 'testbed.dataPath': 'target/held/data/',
                                                  'testbed.projectDirectory': project],
            ["${pom.build.plugins.plugin[0].groupId}:${pom.build.plugins.plugin[0].artifactId}:${pom.build.plugins.plugin[0].version}:inspect".toString()])
    assert inspect.waitFor(120, TimeUnit.SECONDS)
    String inspectLog = new File(basedir, 'target/logs/file-lock-inspect.log').getText('UTF-8')
    assert inspect.exitValue() != 0: inspectLog
    String inspectFailure = ItDatabase.goalFailure(inspectLog, 'inspect')
    assert inspectFailure.contains("is locked by process $holderPid"): inspectFailure
    assert inspectFailure.contains('PostgreSQL catalog'): inspectFailure
    assert !inspectLog.contains('\tat dev.testbed'): 'inspect printed a stack trace'
    println "[concurrent-builds] inspect of the held file lake: ${inspectFailure.readLines()[0]}"
} finally {
    holder.outputStream.close()
    holder.waitFor(30, TimeUnit.SECONDS)
    holder.destroyForcibly()
}
true
