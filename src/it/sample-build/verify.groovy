// Invocation 1 generated the data and loaded it; invocation 2 ran the same build again.
// Expected values come from pom.xml, the Parquet files and the manifest; never from copied output.
import groovy.transform.Field
import groovy.xml.XmlSlurper
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File data = new File(target, 'testbed-data')
File catalog = new File(target, 'lake/warehouse.ducklake')
File dataPath = new File(target, 'lake/data')
def tables = [raw_customers: 'customers', raw_stores: 'stores', raw_products: 'products', raw_sales: 'sales']

// All invocations of one IT append to the same build.log; each Maven run starts with "Scanning for projects".
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 2: "expected 2 Maven runs in build.log, found ${runs.size()}"
String first = runs[0], second = runs[1]

def pom = new XmlSlurper().parse(new File(basedir, 'pom.xml'))
long expectedSales = pom.properties.'testbed.sales'.text() as long
long expectedCustomers = pom.properties.'testbed.customers'.text() as long

Properties manifest = new Properties()
new File(data, 'testbed-dataset.properties').withReader('UTF-8') { manifest.load(it) }

@Field ItDatabase db = new ItDatabase()
try {
    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (DATA_PATH '${dataPath.absolutePath}/', READ_ONLY)")

    long total = 0
    tables.each { table, stem ->
        String file = ItDatabase.readTable(data, stem, false)
        assert db.one("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'raw' AND table_name = '$table'") == 1
        long inFile = db.one("SELECT count(*) FROM $file")
        long inLake = db.one("SELECT count(*) FROM lake.raw.$table")
        assert inFile > 0
        assert inLake == inFile: "$table: lake has $inLake rows, $file has $inFile"
        assert (manifest.getProperty("rows.$table") as long) == inFile
        // same content, not just the same count
        assert db.one("SELECT count(*) FROM (SELECT * FROM lake.raw.$table EXCEPT ALL SELECT * FROM $file)") == 0
        assert db.one("SELECT count(*) FROM (SELECT * FROM $file EXCEPT ALL SELECT * FROM lake.raw.$table)") == 0
        total += inFile
    }
    // the counts asked for in pom.xml were honoured
    assert db.one('SELECT count(*) FROM lake.raw.raw_sales') == expectedSales
    assert db.one('SELECT count(DISTINCT customer_id) FROM lake.raw.raw_customers') == expectedCustomers

    def snapshots = db.rows("SELECT snapshot_id, author, commit_message FROM ducklake_snapshots('lake') ORDER BY snapshot_id")
    def loads = snapshots.findAll { it[2]?.startsWith('load-ducklake: ') }
    assert loads.size() == 1: "expected one load snapshot, got $snapshots"
    long loadSnapshot = loads[0][0] as long
    assert loadSnapshot == snapshots.last()[0]: "the load must be the newest snapshot: $snapshots"
    assert loads[0][1] == 'testbed'
    assert loads[0][2].contains(manifest.getProperty('fingerprint')): "commit message names the data set: ${loads[0][2]}"

    // invocation 1: generated and loaded, and said so
    assert first.contains('BUILD SUCCESS')
    assert first.contains("Generated ${String.format(Locale.ROOT, '%,d', total)} rows")
    def loaded = first =~ /Loaded ([\d,]+) rows .* as snapshot (\d+): load-ducklake: /
    assert loaded.find(): 'load summary missing from the first run'
    assert loaded.group(1).replace(',', '') as long == total
    assert loaded.group(2) as long == loadSnapshot

    // invocation 2: nothing to do, and no new snapshot
    assert second.contains('BUILD SUCCESS')
    assert second =~ /Data is up to date in \S+\/target\/testbed-data \(/
    assert !second.contains('Generated ')
    def upToDate = second =~ /Lake is up to date: .* \(fingerprint \w+, loaded in snapshot (\d+), lake now at snapshot (\d+)\); no new snapshot\./
    assert upToDate.find(): 'the second run must report an up-to-date lake'
    assert upToDate.group(1) as long == loadSnapshot
    assert upToDate.group(2) as long == loadSnapshot: 'nothing else wrote to this lake'
    assert !second.contains('Loaded ')

    // DuckDB's native library was unpacked once into the local repository (testbed.nativeLibraryCache), byte for byte
    // the driver jar's entry, for later builds to start DuckDB from
    File repository = localRepositoryPath instanceof File ? localRepositoryPath : new File(localRepositoryPath.toString())
    File driverJar = null
    new File(repository, 'org/duckdb/duckdb_jdbc').eachFileRecurse { if (it.name.startsWith('duckdb_jdbc-') && it.name.endsWith('.jar')) driverJar = it }
    assert driverJar != null: "duckdb_jdbc's jar in $repository"
    def copies = []
    new File(repository, '.cache/testbed/duckdb-native').eachFileRecurse { if (it.name.startsWith('libduckdb_java.so_')) copies << it }
    assert copies.size() == 1: "one unpacked native library in $repository/.cache/testbed: $copies"
    new java.util.zip.ZipFile(driverJar).withCloseable { jar ->
        def entry = jar.getEntry(copies[0].name)
        assert entry != null && entry.size == copies[0].length()
        def crc = new java.util.zip.CRC32()
        copies[0].withInputStream { input -> byte[] buffer = new byte[1 << 16]; int n; while ((n = input.read(buffer)) > 0) { crc.update(buffer, 0, n) } }
        assert crc.value == entry.crc: "the copy is the jar's library"
    }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
