// Invocation 1 built the warehouse from an empty extension folder with DuckDB's repository unreachable;
// invocation 2 built it again with the package index unreachable too. Expected values come from pom.xml
// and the sample project's model files, never from copied output.
import groovy.io.FileType
import groovy.transform.Field
import groovy.xml.XmlSlurper
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File extensions = new File(target, 'duckdb-extensions')
File catalog = new File(target, 'lake/warehouse.ducklake')

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 2: "expected 2 Maven runs in build.log, found ${runs.size()}"
String first = runs[0], second = runs[1]
runs.each { assert it.contains('BUILD SUCCESS') }

// ---- run 1 fetched ducklake's wheel from PyPI (a progress line, then where it went) and nothing else ran
assert first =~ /\[INFO\] Downloading duckdb_extension_ducklake-1\.5\.5-py3-none-\S+\.whl \([\d.]+ MB\) from \S+ \.\.\./
assert first.contains('[INFO] Installed ducklake from duckdb_extension_ducklake-1.5.5-')
assert !first.contains('python3') && !first.contains('install-duckdb-extensions')
// ---- run 2: the installed copy, nothing fetched
assert !second.contains('Downloading duckdb_extension'): second
assert !second.contains('Installed ducklake')

List<File> files = []
extensions.eachFileRecurse(FileType.FILES) { files << it }
assert files.size() == 1: "exactly the extension binary, no partial download: $files"
File binary = files[0]
assert binary.name == 'ducklake.duckdb_extension'
assert binary.parentFile.parentFile.name == 'v1.5.5'

def pom = new XmlSlurper().parse(new File(basedir, 'pom.xml'))
long expectedSales = pom.properties.'testbed.sales'.text() as long
File project = new File(pom.build.plugins.plugin.executions.execution.configuration.projectDirectory.text()).canonicalFile
List<String> models = []
new File(project, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) models << it.name - '.sql' }
assert models.size() >= 7

// ---- the warehouse, read with the extension from that folder (autoinstall off: nothing may come from the network)
@Field ItDatabase db = new ItDatabase()
try {
    db.execute("SET autoinstall_known_extensions = false")
    db.execute("SET extension_directory = '${extensions.absolutePath}'")
    assert db.value("SELECT platform FROM pragma_platform()") == binary.parentFile.name
    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (READ_ONLY)")
    assert db.one("SELECT count(*) FROM lake.raw.raw_sales") == expectedSales
    models.each { model ->
        assert db.one("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake' AND table_name = '$model'") == 1: "model $model missing"
    }
    assert db.one("SELECT count(*) FROM lake.main.customer_metrics") > 0
} finally {
    db.close()
}
true
