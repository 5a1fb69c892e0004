// Invocation 1 built the sample warehouse on PostgreSQL + s3proxy, invocation 2 the same on the default local
// lake; 3 and 4 had a wrong S3 secret / PostgreSQL password, 5 and 6 an unreachable catalog / endpoint; 7 ran the
// mvn site report on the shared lake.
import groovy.transform.Field
import java.nio.file.Files
import dev.testbed.it.ItDatabase
import dev.testbed.it.TestServers

File target = new File(basedir, 'target')
TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
File bucketPrefix = servers.s3Root().resolve(TestServers.BUCKET).resolve('shared-lake').toFile()

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 7: "expected 7 Maven runs in build.log, found ${runs.size()}"
def (shared, local, wrongS3, wrongPg, noCatalog, noEndpoint, site) = runs
assert shared.contains('BUILD SUCCESS') && local.contains('BUILD SUCCESS')
// the data tests ran on the shared lake, all of them, and passed as on the local lake
def testsLine = { String run -> (run =~ /Finished running (\d+) data tests in .* PASS=(\d+) WARN=0 FAIL=0 ERROR=0/).with { assert it.find(): run; it.group(1) } }
assert testsLine(shared) == testsLine(local) && (testsLine(shared) as int) > 0
[wrongS3, wrongPg, noCatalog, noEndpoint].each { assert it.contains('BUILD FAILURE') }

// ---- the shared lake: catalog tables in PostgreSQL, data files in the bucket
List<String> pgTables = servers.query('shared_lake', "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'ducklake_%'")
assert pgTables.containsAll(['ducklake_snapshot', 'ducklake_table', 'ducklake_data_file']): pgTables
List<String> lakeTables = servers.query('shared_lake', "SELECT s.schema_name || '.' || t.table_name FROM ducklake_table t JOIN ducklake_schema s USING (schema_id) WHERE t.end_snapshot IS NULL ORDER BY 1")
assert lakeTables.containsAll(['raw.raw_sales', 'raw.raw_customers', 'main.customer_metrics', 'main.store_metrics', 'main.product_metrics']): lakeTables
List<String> objects = []
bucketPrefix.eachFileRecurse(groovy.io.FileType.FILES) { objects << bucketPrefix.toPath().relativize(it.toPath()).toString() }
List<String> dataFiles = servers.query('shared_lake', "SELECT path FROM ducklake_data_file WHERE end_snapshot IS NULL")
assert !dataFiles.isEmpty()
dataFiles.each { path -> assert objects.any { it.endsWith(path.replaceFirst('^.*shared-lake/', '')) }: "data file $path is not in the bucket: $objects" }
assert objects.any { it.startsWith('raw/raw_sales/') && it.endsWith('.parquet') }: objects
assert objects.any { it.startsWith('main/customer_metrics/') && it.endsWith('.parquet') }: objects
// no object the catalog does not know (a failed run that wrote files would leave some)
List<String> allFiles = servers.query('shared_lake', "SELECT path FROM ducklake_data_file")
objects.each { object -> assert allFiles.any { object.endsWith(it.replaceFirst('^.*shared-lake/', '')) }: "orphan object $object" }

// ---- the failing runs wrote nothing: one load snapshot and one published build (publish=atomic: the 7 models and the snapshot, their
// tests' history, one snapshot), all from invocation 1
List<String> messages = servers.query('shared_lake', 'SELECT commit_message FROM ducklake_snapshot_changes ORDER BY snapshot_id')
assert messages.count { it.startsWith('load-ducklake: ') } == 1: messages
assert messages.count { it.startsWith('testbed build ') && it.contains('8 models and') } == 1: messages
assert messages.count { it.startsWith('run-models: ') } == 0: messages

// ---- the same seed gives the same metrics on both lakes
@Field ItDatabase db = new ItDatabase()
long sharedCustomers
try {
    servers.duckDbSecrets().each { db.execute(it) }
    db.execute(servers.attachSql('shared_lake', 'shared'))
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS local (READ_ONLY)")
    ['customer_metrics', 'store_metrics', 'product_metrics', 'stg_sales'].each { table ->
        long rows = db.one("SELECT count(*) FROM local.main.$table")
        assert rows > 0
        assert db.one("SELECT count(*) FROM shared.main.$table") == rows: table
        assert db.one("SELECT count(*) FROM (SELECT * FROM shared.main.$table EXCEPT ALL SELECT * FROM local.main.$table)") == 0: table
        assert db.one("SELECT count(*) FROM (SELECT * FROM local.main.$table EXCEPT ALL SELECT * FROM shared.main.$table)") == 0: table
    }
    sharedCustomers = db.one('SELECT count(*) FROM shared.main.customer_metrics')
} finally {
    db.close()
}

// ---- wrong credentials: a clear message naming the server id, before anything is written
String s3Failure = ItDatabase.goalFailure(wrongS3, 'load-ducklake')
assert s3Failure.contains("<server> 'it-s3-wrong'") && s3Failure.contains('refused'): s3Failure
assert s3Failure.contains('nothing was written'): s3Failure
String pgFailure = ItDatabase.goalFailure(wrongPg, 'load-ducklake')
assert pgFailure.contains("<server> 'it-pg-wrong'") && pgFailure.contains('password authentication failed'): pgFailure
[wrongS3, wrongPg, noCatalog, noEndpoint].each { assert !it.contains('Loading ') && !it.contains('Loaded ') }

// ---- unreachable servers fail within seconds (whole Maven run, JVM start included)
def seconds = { String run -> (run =~ /Total time:\s+([\d.]+) s/).with { assert it.find(); it.group(1) as double } }
String catalogFailure = ItDatabase.goalFailure(noCatalog, 'load-ducklake')
assert catalogFailure.contains('Cannot reach the PostgreSQL catalog'): catalogFailure
String endpointFailure = ItDatabase.goalFailure(noEndpoint, 'load-ducklake')
assert endpointFailure.contains('Cannot reach the object store'): endpointFailure
println "[shared-lake] unreachable catalog failed the build in ${seconds(noCatalog)} s, unreachable endpoint in ${seconds(noEndpoint)} s"
assert seconds(noCatalog) < 20 && seconds(noEndpoint) < 20

// ---- the site report read the shared lake: its catalog, and the row counts of the models there
assert site.contains('BUILD SUCCESS'): site
String report = new File(target, 'site/testbed-report.html').getText('UTF-8')
assert report.contains('ducklake:postgres:dbname=shared_lake'): 'the report does not name the shared lake'
assert report =~ "(?s)>customer_metrics</td>(?:(?!</tr>).)*>${String.format(Locale.ROOT, '%,d', sharedCustomers)}</td>": 'the report lacks the shared row count'
assert new File(target, 'site/testbed/index.html').isFile()

// ---- no credential anywhere the build wrote: target/, build.log, the bucket, the catalog database
List<String> secrets = [TestServers.S3_SECRET, TestServers.PG_PASSWORD, 'tbWrongS3Secret-x4Lp0', 'tbWrongPgPass-y8Qn3']
List<File> written = [new File(basedir, 'build.log')]
target.eachFileRecurse(groovy.io.FileType.FILES) { written << it }
bucketPrefix.eachFileRecurse(groovy.io.FileType.FILES) { written << it }
assert written.size() > 20
written.each { file ->
    String text = new String(Files.readAllBytes(file.toPath()), 'ISO-8859-1')
    secrets.each { assert !text.contains(it): "$file contains a credential" }
}
String catalogDump = servers.dump('shared_lake')
assert catalogDump.contains('ducklake_snapshot')
secrets.each { assert !catalogDump.contains(it): 'the catalog database contains a credential' }
true
