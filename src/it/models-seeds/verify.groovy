// The two CSV seeds became tables (regions with its declared DECIMAL(6,4), region_targets with inferred
// types), the model that refs both was built after them, and the artifacts list the seeds as seeds.
// Expected values are computed here from the CSV files themselves.
import groovy.json.JsonSlurper
import groovy.transform.Field
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1 && runs[0].contains('BUILD SUCCESS')

List<List<String>> csv(String name) {
    new File(basedir, "seeds/${name}.csv").readLines('UTF-8').findAll { it.trim() }.drop(1).collect { it.split(',') as List }
}
def regions = csv('regions'), targets = csv('region_targets')

assert runs[0] =~ /Found 1 models, 2 seeds, 0 sources/
assert runs[0] =~ /OK loaded seed file main\.regions \[SELECT ${regions.size()} in/
assert runs[0] =~ /OK loaded seed file main\.region_targets \[SELECT ${targets.size()} in/
assert runs[0] =~ /PASS=3 ERROR=0 SKIP=0 TOTAL=3/
assert runs[0].indexOf('main.region_plan') > runs[0].indexOf('seed file main.regions'): 'the model ran before its seed'

@Field ItDatabase db = new ItDatabase()
String type(String table, String column) {
    db.rows("SELECT data_type FROM information_schema.columns WHERE table_catalog = 'lake' AND table_name = '$table' AND column_name = '$column'")[0][0]
}
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake')}' AS lake (READ_ONLY)")
    assert type('regions', 'tax_rate') == 'DECIMAL(6,4)': 'column_types from the properties file'
    // dbt-duckdb makes a column of whole numbers INTEGER (agate's Number without decimal places)
    assert type('region_targets', 'target') == 'INTEGER': 'inferred from the CSV as dbt-duckdb infers it'
    assert type('region_targets', 'quarter') == 'INTEGER'
    assert db.one('SELECT count(*) FROM lake.main.regions') == regions.size()
    assert db.one('SELECT count(*) FROM lake.main.region_targets') == targets.size()

    // the model, recomputed from the CSV rows with BigDecimal
    def plan = db.rows('SELECT region_code, quarters_planned, total_target, total_with_tax FROM lake.main.region_plan ORDER BY region_code')
    assert plan.size() == regions.size()
    plan.each { row ->
        def region = regions.find { it[0] == row[0] }
        def mine = targets.findAll { it[0] == row[0] }
        assert row[1] == mine.size()
        if (mine) {
            BigDecimal total = mine.sum { new BigDecimal(it[2]) } as BigDecimal
            assert (row[2] as BigDecimal) == total
            assert (row[3] as BigDecimal) == (total * (1 + new BigDecimal(region[2]))).setScale(2, java.math.RoundingMode.HALF_UP)
        } else {
            assert row[2] == null
        }
    }
} finally {
    db.close()
}

// artifacts: seeds are seed nodes, the model depends on both
def manifest = new JsonSlurper().parse(new File(target, 'testbed/manifest.json'))
assert manifest.nodes['seed.seeds_it.regions'].resource_type == 'seed'
assert manifest.nodes['seed.seeds_it.region_targets'].resource_type == 'seed'
assert manifest.nodes['model.seeds_it.region_plan'].depends_on.nodes as Set == ['seed.seeds_it.regions', 'seed.seeds_it.region_targets'] as Set
def results = new JsonSlurper().parse(new File(target, 'testbed/run_results.json')).results
assert results*.unique_id as Set == ['seed.seeds_it.regions', 'seed.seeds_it.region_targets', 'model.seeds_it.region_plan'] as Set
assert results.every { it.status == 'success' }
true // the invoker fails a hook script that returns anything but null or true
