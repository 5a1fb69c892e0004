// Invocation 1 generated a split data set and loaded it in mode link; invocation 2 ran the same build again.
// Expected values come from pom.xml and the Parquet files; never from copied output.
import groovy.transform.Field
import groovy.xml.XmlSlurper
import java.nio.file.Files
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File data = new File(target, 'testbed-data')
File catalog = new File(target, 'lake/warehouse.ducklake')
File dataPath = new File(target, 'lake/data')

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 2: "expected 2 Maven runs in build.log, found ${runs.size()}"
String first = runs[0], second = runs[1]

def pom = new XmlSlurper().parse(new File(basedir, 'pom.xml'))
long rowsPerFile = pom.properties.'testbed.generate.rowsPerFile'.text() as long
long sales = pom.properties.'testbed.sales'.text() as long

// the layout: sales in a folder, one or more files per month, none above rowsPerFile; customers split by keys
assert !new File(data, 'sales.parquet').exists()
List<File> salesFiles = new File(data, 'sales').listFiles().findAll { it.name.endsWith('.parquet') }.sort { it.name }
assert salesFiles.size() >= 36: "a 36-month window gives at least 36 sales files: ${salesFiles*.name}"
assert new File(data, 'customers').listFiles().findAll { it.name.endsWith('.parquet') }.size() >= 2
assert new File(data, 'products.parquet').exists() && new File(data, 'stores.parquet').exists()

def inode = { File f -> Files.getAttribute(f.toPath(), 'unix:ino') }

@Field ItDatabase db = new ItDatabase()
try {
    String allSales = "read_parquet('${data.absolutePath}/sales/*.parquet')"
    salesFiles.each { f ->
        long rows = db.one("SELECT count(*) FROM read_parquet('${f.absolutePath}')")
        assert rows > 0 && rows <= rowsPerFile: "${f.name} has $rows rows"
        String month = f.name.substring('sales-'.length(), 'sales-2023-01'.length())
        assert db.one("SELECT count(*) FROM read_parquet('${f.absolutePath}') WHERE strftime(sale_date, '%Y-%m') <> '$month'") == 0
    }
    assert db.one("SELECT count(*) FROM $allSales") == sales

    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (READ_ONLY)")
    assert db.one("SELECT count(*) FROM (SELECT * FROM lake.raw.raw_sales EXCEPT ALL SELECT * FROM $allSales)") == 0
    assert db.one("SELECT count(*) FROM (SELECT * FROM $allSales EXCEPT ALL SELECT * FROM lake.raw.raw_sales)") == 0
    assert db.one("SELECT count(*) FROM lake.raw.raw_customers") == db.one("SELECT count(*) FROM read_parquet('${data.absolutePath}/customers/*.parquet')")

    // every sales file is registered as it is: the lake's file is a hard link to the generated one, in its month's partition folder
    def lakeFiles = db.rows("SELECT data_file FROM ducklake_list_files('lake', 'raw_sales', schema => 'raw')").collect { new File(it[0] as String) }
    assert lakeFiles.size() == salesFiles.size()
    def generatedInodes = salesFiles.collect(inode) as Set
    lakeFiles.each { f ->
        assert f.absolutePath.startsWith(dataPath.absolutePath): "$f is inside the lake's data path"
        assert f.parentFile.name ==~ /month=\d{1,2}/ && f.parentFile.parentFile.name ==~ /year=\d{4}/: "$f is in a partition folder"
        assert generatedInodes.contains(inode(f)): "$f is a hard link to a generated file, not a copy"
    }
    // generate-data wrote them in this same invocation: load-ducklake took them as written instead of decoding them again
    assert first =~ /raw\.raw_sales .*\(${salesFiles.size()} files linked; all written by generate-data in this build, not decoded again\)/

    // invocation 2: both goals up to date
    assert second.contains('BUILD SUCCESS')
    assert second =~ /Data is up to date in /
    assert second =~ /Lake is up to date: /
    assert !second.contains('Loaded ')
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
