// Invocations 1 and 2 built the sample warehouse twice on PostgreSQL + s3proxy (the second with a forced load and
// every model rebuilt); 3 was a dry run of testbed:maintain keeping 3 hours, 4 a dry run keeping the last build, 5 the real run.
import dev.testbed.it.ItDatabase
import dev.testbed.it.TestServers

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
File prefix = servers.s3Root().resolve(TestServers.BUCKET).resolve('maintain-lake').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 5: "expected 5 Maven runs in build.log, found ${runs.size()}"
def (first, second, young, dry, real) = runs
runs.each { assert it.contains('BUILD SUCCESS') }

def number = { String run, String pattern -> (run =~ pattern).with { assert it.find(): "no '$pattern' in:\n$run"; it.group(1) as long } }
// a build that started within keepFor keeps its snapshot, its files and what it has written but not committed
assert number(young, /Would expire (\d+) snapshots/) == 0
assert number(young, /Files of expired snapshots and earlier merges: (\d+) /) == 0
assert number(young, /Orphaned files \(not in the catalog\): (\d+) /) == 0

long wouldExpire = number(dry, /Would expire (\d+) snapshots/)
long wouldDelete = number(dry, /Files of expired snapshots and earlier merges: (\d+) /)
assert number(dry, /Orphaned files \(not in the catalog\): (\d+) /) == 1
assert dry.contains('Dry run: nothing was changed')
assert number(real, /Expired (\d+) snapshots/) == wouldExpire && wouldExpire > 0
assert number(real, /Files of expired snapshots and earlier merges: (\d+) /) == wouldDelete && wouldDelete > 0
assert number(real, /Orphaned files \(not in the catalog\): (\d+) /) == 1
assert number(real, /Freed [\d.]+ MB \((\d+) bytes\)/) > 10_000

// ---- the bucket holds exactly the files the catalog references now: the orphan and the expired files are gone
List<String> objects = []
prefix.eachFileRecurse(groovy.io.FileType.FILES) { objects << prefix.toPath().relativize(it.toPath()).toString() }
assert !objects.any { it.contains('testbed-killed-load') }: objects
// the merge's replaced files are scheduled for deletion, and go with the next run
long merged = number(real, /Merged (\d+) small files/)
List<String> scheduled = servers.query('maintain_lake', "SELECT path FROM ducklake_files_scheduled_for_deletion")
assert scheduled.size() == merged: "scheduled for deletion, besides the $merged files the merge replaced: $scheduled"
List<String> known = servers.query('maintain_lake', "SELECT path FROM ducklake_data_file UNION ALL SELECT path FROM ducklake_delete_file") + scheduled
List<String> live = servers.query('maintain_lake', "SELECT path FROM ducklake_data_file WHERE end_snapshot IS NULL")
objects.each { object -> assert known.any { object.endsWith(it.replaceFirst('^.*maintain-lake/', '')) }: "object $object is unknown to the catalog" }
live.each { path -> assert objects.any { it.endsWith(path.replaceFirst('^.*maintain-lake/', '')) }: "live data file $path is gone from the bucket" }

// ---- the second build's content is still there and readable
ItDatabase db = new ItDatabase()
try {
    servers.duckDbSecrets().each { db.execute(it) }
    db.execute(servers.attachSql('maintain_lake', 'shared'))
    assert db.one('SELECT count(*) FROM shared.main.customer_metrics') == db.one('SELECT count(*) FROM shared.raw.raw_customers WHERE is_current')
    assert db.one('SELECT count(*) FROM shared.raw.raw_sales') == 3000
    assert db.one('SELECT count(*) FROM shared.main.stg_sales') == 3000
} finally {
    db.close()
}
true
