// Invocation 1 built the sample warehouse and ran its data tests; 2 ran inspect and docs; 3 inspected one table;
// 4 inspected a warehouse that does not exist; 5 ran mvn site with the Testbed report; 6 ran the report by itself. Expected names come from
// the sample project's files and the lake itself, never from copied output.
import groovy.io.FileType
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
File catalog = new File(target, 'lake/warehouse.ducklake')
def pomText = new File(basedir, 'pom.xml').getText('UTF-8')
def projectMatch = pomText =~ /<testbed.projectDirectory>(.*)<\/testbed.projectDirectory>/
assert projectMatch.find()
File project = new File(projectMatch.group(1)).canonicalFile
assert new File(project, 'dbt_project.yml').isFile(): "$project is not the sample project"

List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 6: "expected 6 Maven runs in build.log, found ${runs.size()}"
runs.eachWithIndex { run, i -> assert run.contains('BUILD SUCCESS'): "invocation ${i + 1} failed:\n$run" }
String inspect = runs[1], detail = runs[2], missing = runs[3], site = runs[4], standalone = runs[5]

Set<String> models = new TreeSet<>()
new File(project, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) models << (it.name - '.sql') }
assert models.size() >= 7
List<String> rawTables = ['raw_customers', 'raw_stores', 'raw_products', 'raw_sales']

/** The log lines of one section of inspect's output (from its title to the next blank line). */
List<String> section(String run, String title) {
    List<String> lines = run.readLines()
    int start = lines.findIndexOf { it.contains("[INFO] $title") }
    assert start >= 0: "no section '$title' in:\n$run"
    List<String> body = []
    for (int i = start + 3; i < lines.size() && lines[i].trim() != '[INFO]'; i++) {
        body << lines[i].replaceFirst(/^\[INFO\]\s+/, '')
    }
    return body
}
List<String> cells(String line) { line.split(/\s*\|\s*/)*.trim() }

long testCount = -1
new ItDatabase().withCloseable { db ->
    db.execute("ATTACH 'ducklake:${catalog.absolutePath}' AS lake (READ_ONLY)")

    // ---- tables: every raw table and model, with the lake's own row and column counts
    Map<String, List<String>> tables = section(inspect, 'Tables and views').collectEntries { [(cells(it)[0] + '.' + cells(it)[1]): cells(it)] }
    rawTables.each { t ->
        List<String> row = tables["raw.$t"]
        assert row != null: "inspect does not name raw.$t: ${tables.keySet()}"
        assert row[2] == 'table'
        assert row[3].replace(',', '') as long == db.one("SELECT count(*) FROM lake.raw.$t")
        assert row[4] as int == db.one("SELECT count(*) FROM information_schema.columns WHERE table_catalog = 'lake' AND table_schema = 'raw' AND table_name = '$t'")
        assert row[5] as long >= 1: "raw.$t has data files"
    }
    models.each { m ->
        List<String> row = tables["main.$m"]
        assert row != null: "inspect does not name main.$m"
        assert row[3].replace(',', '') as long == db.one("SELECT count(*) FROM lake.main.$m")
    }
    assert tables.containsKey('testbed.model_runs') && tables.containsKey('testbed.test_runs')

    // ---- snapshots, newest first, with the load's and the models' commit messages
    List<List<String>> snapshots = section(inspect, 'Snapshots').collect { cells(it) }
    assert snapshots*.getAt(0).collect { it as long } == db.rows("SELECT snapshot_id FROM ducklake_snapshots('lake') ORDER BY snapshot_id DESC LIMIT 20")*.getAt(0)
    assert inspect =~ /Snapshots \(newest \d+ of \d+\)/

    // ---- every model and test: last status success/pass and up to date after the build
    List<List<String>> modelRows = section(inspect, 'Models and seeds').collect { cells(it) }
    models.each { m ->
        List<String> row = modelRows.find { it[0] == m }
        assert row != null: "inspect does not list model $m"
        assert row[3].startsWith('success in ') && row[5].startsWith('yes'): "model $m: $row"
        assert row[4] as long == db.one("SELECT max(snapshot_id) FROM ducklake_snapshots('lake') WHERE commit_message LIKE 'run-models: $m (%'")
    }
    List<List<String>> testRows = section(inspect, 'Data tests').collect { cells(it) }
    long tests = db.one("SELECT count(*) FROM lake.testbed.test_runs")
    testCount = tests
    assert testRows.size() == tests
    assert testRows*.getAt(1) as Set == db.rows("SELECT DISTINCT test_type FROM lake.testbed.test_runs")*.getAt(0) as Set
    assert testRows.every { it[3].startsWith('pass in ') && it[5].startsWith('yes') }: testRows.findAll { !it[3].startsWith('pass') }

    // ---- generated source files
    List<List<String>> files = section(inspect, 'Generated source files').collect { cells(it) }
    assert files*.getAt(0) as Set == rawTables.collect { "raw.$it" } as Set
}

// ---- the docs site: self-contained, names every raw table and model
File docs = new File(target, 'testbed/docs')
['index.html', 'app.js', 'style.css', 'data.js'].each { assert new File(docs, it).isFile(): "docs lacks $it" }
String data = new File(docs, 'data.js').getText('UTF-8')
rawTables.each { assert data.contains("\"source:raw.$it\"") }
models.each { assert data.contains("\"model:$it\"") }
['index.html', 'app.js', 'style.css'].each { f ->
    String text = new File(docs, f).getText('UTF-8')
    assert !(text =~ /(src|href)\s*=\s*["']?(https?:)?\/\//): "$f loads something from the network"
    assert !text.contains('fetch('): "$f fetches, which file:// pages cannot"
}
assert inspect.contains('Wrote the warehouse docs: file:')

// ---- one table in detail, and nothing else, fitted to the terminal (120 characters unless COLUMNS says otherwise)
assert detail =~ /table\s+(\[INFO\]\s+)?main\.customer_metrics/
assert detail.contains("The customer's current loyalty tier.")
assert detail.contains('[INFO] Sample of 3 rows')
assert !detail.contains('[INFO] Snapshots') && !detail.contains('[INFO] Tables and views')
int width = (System.getenv('COLUMNS') ?: '120') as int
detail.readLines().findAll { it.startsWith('[INFO] ') }.each { assert it.length() <= width: "${it.length()} characters: $it" }

// ---- no warehouse: one line, a warning, nothing created
List<String> warning = missing.readLines().findAll { it.startsWith('[WARNING] No warehouse at ') }
assert warning.size() == 1: missing
assert warning[0].contains('mvn verify')
assert !new File(target, 'none').exists()

// ---- mvn site: the report page links to the full site written beside it
File report = new File(target, 'site/testbed-report.html')
assert report.isFile(): "no report page in target/site: ${new File(target, 'site').list()}"
String reportHtml = report.getText('UTF-8')
assert reportHtml.contains('href="testbed/index.html"')
models.each { assert reportHtml.contains(it) }
assert new File(target, 'site/testbed/data.js').isFile()
// the data tests in words, not a Java map such as {pass=70}
assert testCount > 0
assert reportHtml.contains("$testCount data tests: $testCount passed."): reportHtml.find(/[^>]*data test[^<]*/)
assert !(reportHtml =~ /\{[a-z ]+=\d+/)
// every page of the site: no unresolved ${...} (Maven's default descriptor links ${project.url}, which a POM
// without <url> leaves as it is), and every link within the site reaches a file (no ../index.html of a parent)
File siteFolder = new File(target, 'site')
siteFolder.eachFileRecurse(FileType.FILES) { page ->
    if (!page.name.endsWith('.html')) {
        return
    }
    String html = page.getText('UTF-8')
    int unresolved = html.indexOf('${')
    assert unresolved < 0: "$page has an unresolved property: " + html.substring(Math.max(0, unresolved - 80), Math.min(html.length(), unresolved + 40))
    (html =~ /(?:href|src)="([^"#?]+)[^"]*"/).each { match ->
        String link = match[1]
        if (!(link =~ /^[a-z]+:/) && !link.startsWith('//')) {
            assert new File(page.parentFile, link).canonicalFile.exists(): "$page links to $link, which does not exist"
        }
    }
}
true

// ---- testbed:report by itself: the same page (models, tally, link) without the site, and no descriptor warning
File standalonePage = new File(target, 'reports/testbed-report.html')
assert standalonePage.isFile(): "testbed:report wrote no page: ${new File(target, 'reports').list()}"
String standaloneHtml = standalonePage.getText('UTF-8')
assert standaloneHtml.contains('href="testbed/index.html"')
models.each { assert standaloneHtml.contains(it) }
assert standaloneHtml.contains("$testCount data tests: $testCount passed.")
assert new File(target, 'reports/testbed/data.js').isFile()
assert standalone.contains('Wrote the report page: ')
