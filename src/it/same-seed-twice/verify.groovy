// Same seed and counts on 1 and 2 threads must give the same data set, rows in the same order;
// another seed must give a different one. Compared by content with DuckDB, not by bytes.
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File oneThread = new File(target, 'seed-11-threads-1')
File twoThreads = new File(target, 'seed-11-threads-2')
File otherSeed = new File(target, 'seed-12')
def stems = ['customers', 'stores', 'products', 'sales']

@Field ItDatabase db = new ItDatabase()
String parquet(File dir, String stem) {
    return ItDatabase.readTable(dir, stem, false)
}
// rows of a that b lacks (multiset difference)
long missing(String a, String b) {
    db.one("SELECT count(*) FROM (SELECT * FROM $a EXCEPT ALL SELECT * FROM $b)")
}
Properties manifest(File dir) {
    Properties p = new Properties()
    new File(dir, 'testbed-dataset.properties').withReader('UTF-8') { p.load(it) }
    return p
}

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
// the thread setting really reached DuckDB in each execution
assert log =~ /Generating seed=11 .* with 1 thread into \S+seed-11-threads-1/
assert log =~ /Generating seed=11 .* with 2 threads into \S+seed-11-threads-2/
assert log =~ /Generating seed=12 .* with 2 threads into \S+seed-12/

try {
    stems.each { stem ->
        String a = parquet(oneThread, stem), b = parquet(twoThreads, stem)
        long count = db.one("SELECT count(*) FROM $a")
        assert count > 0: "$stem is empty"
        assert db.one("SELECT count(*) FROM $b") == count: "$stem: row counts differ between 1 and 2 threads"
        assert missing(a, b) == 0: "$stem: rows generated on 1 thread are missing on 2 threads"
        assert missing(b, a) == 0: "$stem: rows generated on 2 threads are missing on 1 thread"
    }
    // sales also come in the same order and the same files: compare (file name, position in file, row)
    String salesA = ItDatabase.readTable(oneThread, 'sales', true)
    String salesB = ItDatabase.readTable(twoThreads, 'sales', true)
    assert missing(salesA, salesB) == 0: 'sales are in a different order on 1 and 2 threads'
    assert missing(salesB, salesA) == 0: 'sales are in a different order on 1 and 2 threads'

    // the manifests agree: thread count is not part of the data set's identity
    assert manifest(oneThread).getProperty('fingerprint') == manifest(twoThreads).getProperty('fingerprint')
    assert manifest(oneThread).getProperty('dataset') == manifest(twoThreads).getProperty('dataset')

    // another seed: same shape, different rows
    assert manifest(otherSeed).getProperty('fingerprint') != manifest(oneThread).getProperty('fingerprint')
    assert db.one("SELECT count(*) FROM ${parquet(otherSeed, 'sales')}") == db.one("SELECT count(*) FROM ${parquet(oneThread, 'sales')}")
    ['customers', 'sales'].each { stem ->
        long differing = missing(parquet(otherSeed, stem), parquet(oneThread, stem))
        println "$stem: ${differing} rows of seed 12 are not in seed 11"
        assert differing > 0: "$stem: seed 12 gave the same rows as seed 11"
    }
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
