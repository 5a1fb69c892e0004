// Invocation 1 built a good lake; invocations 2..5 tried to load one bad folder each and failed.
// Each failure must name the bad file and the lake must still be exactly what invocation 1 made.
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File good = new File(target, 'testbed-data')
File bad = new File(target, 'bad')
def tables = [raw_customers: 'customers', raw_stores: 'stores', raw_products: 'products', raw_sales: 'sales']

// All invocations append to the one build.log (prebuild output first); each Maven run starts with
// "Scanning for projects".
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 5: "expected 5 Maven runs in build.log, found ${runs.size()}"

// The message Maven prints for the failed goal, one "[ERROR] " line each, up to "-> [Help 1]".
String failure(String run) {
    def m = run =~ /(?s)\[ERROR\] Failed to execute goal \S+:load-ducklake \S+ on project corrupt-parquet: (.*?)\n\[ERROR\] -> \[Help 1\]/
    assert m.find(): "no load-ducklake failure in:\n$run"
    return m.group(1).replace('\n[ERROR] ', '\n')
}

// 1: good load
assert runs[0].contains('BUILD SUCCESS')
def loaded = runs[0] =~ /Loaded ([\d,]+) rows .* as snapshot (\d+): load-ducklake: /
assert loaded.find(): 'invocation 1 did not load the lake'
long goodSnapshot = loaded.group(2) as long

// 2: schema mismatch, caught before the lake is touched; names file, column, expected and actual type
String schema = failure(runs[1])
assert schema.contains(new File(bad, 'schema-mismatch/customers.parquet').path)
assert schema.contains('raw.raw_customers')
assert schema =~ /has column 'customer_id' of type VARCHAR\b.*, expected BIGINT/
assert !runs[1].contains('Loading ')

// 3: truncated file, caught before the lake is touched
String truncated = failure(runs[2])
assert truncated.contains(new File(bad, 'truncated/sales.parquet').path)
assert truncated =~ /unreadable: .*PAR1/
assert !runs[2].contains('Loading ')

// 4: valid footer, corrupt pages: fails inside the transaction, after the other three tables were
//    already replaced in it, and is rolled back to invocation 1's snapshot
String corrupt = failure(runs[3])
assert runs[3].contains('Loading ')
['raw.raw_customers', 'raw.raw_stores', 'raw.raw_products'].each {
    assert runs[3] =~ /(?m)^\[INFO\]   ${it.replace('.', '\\.')} +[\d,]+ rows/: "$it was not loaded before the failure"
}
assert corrupt.contains("table raw.raw_sales from ${new File(bad, 'corrupt-pages/sales.parquet').path}")
assert corrupt.contains("rolled back; the lake is unchanged at snapshot $goodSnapshot")
assert !corrupt.contains('unsuccessful or closed pending query result'): 'the JDBC wrapper line hides the real error'
// 5: half-generated, refused before the lake is touched: names the unfinished file and says to run generate-data
String half = failure(runs[4])
assert half.contains(new File(bad, 'half-generated').path) && half =~ /sales\/sales-\d{4}-\d{2}-000\.parquet\.part/: half
assert half.contains('generate-data')
assert !runs[4].contains('Loading ')
runs[1..4].each { assert it.contains('BUILD FAILURE') && !it.contains('Loaded ') }

// The lake: invocation 1's snapshot is still the newest and the only load, with invocation 1's rows.
@Field ItDatabase db = new ItDatabase()
try {
    String dataPath = new File(target, 'lake/data').path + '/'
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake')}' AS lake (DATA_PATH '$dataPath', READ_ONLY)")
    assert db.one("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')") == goodSnapshot
    assert db.one("SELECT count(*) FROM ducklake_snapshots('lake') WHERE starts_with(commit_message, 'load-ducklake: ')") == 1
    assert db.one("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'raw'") == tables.size()
    tables.each { table, stem ->
        String file = ItDatabase.readTable(good, stem, false)
        long expected = db.one("SELECT count(*) FROM $file")
        assert expected > 0
        assert db.one("SELECT count(*) FROM lake.raw.$table") == expected: "$table lost or gained rows"
        assert db.one("SELECT count(*) FROM (SELECT * FROM lake.raw.$table EXCEPT ALL SELECT * FROM $file)") == 0
        assert db.one("SELECT count(*) FROM (SELECT * FROM $file EXCEPT ALL SELECT * FROM lake.raw.$table)") == 0
    }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
