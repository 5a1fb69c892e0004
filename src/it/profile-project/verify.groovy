// A POM naming only the project's folder built the project where its profiles.yml says: the DuckLake attached as
// `warehouse` at ../target/profile-lake, models in schema `analytics` (custom schema marts in `analytics_marts`),
// a model reading the read-only `ref` DuckDB file the profile attaches. The plugin's default lake was not created,
// and the `other` target, whose env var is unset, was never rendered (dbt renders only the chosen target).
import dev.testbed.it.ItDatabase

File target = new File(basedir, 'target')
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1 && runs[0].contains('BUILD SUCCESS')
assert runs[0] =~ /profile itprofile\.dev \(.*profiles\.yml\): lake ducklake:.*profile-lake\/warehouse\.ducklake .* as warehouse, target dev, schema analytics, threads 2/
assert runs[0].contains('OK created sql table model analytics_marts.revenue_by_region')
assert runs[0].contains('PASS=2 WARN=0 FAIL=0 ERROR=0 TOTAL=2')
assert !new File(target, 'lake').exists(): 'the plugin default lake is not used when the profile names one'

def orders = new File(basedir, 'dbt/seeds/orders.csv').readLines().drop(1).findAll { it }.collect { it.split(',') }
def regionNames = [N: 'North', S: 'South', E: 'East']
new ItDatabase().withCloseable { db ->
    db.execute("ATTACH 'ducklake:${new File(target, 'profile-lake/warehouse.ducklake')}' AS warehouse (READ_ONLY)")
    def relations = db.rows("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_catalog = 'warehouse'"
            + " AND table_schema IN ('analytics', 'analytics_marts') ORDER BY 1").collect { it[0] }
    assert relations == ['analytics.orders', 'analytics.regions', 'analytics_marts.revenue_by_region']
    def rows = db.rows('SELECT region_code, region_name, orders, revenue, built_in FROM warehouse.analytics_marts.revenue_by_region ORDER BY 1')
    def expected = orders.groupBy { it[1] }.collect { code, list ->
        [code, regionNames[code], list.size(), list.sum { new BigDecimal(it[2]) }, 'warehouse'] }.sort { it[0] }
    assert rows.collect { [it[0], it[1], it[2] as int, it[3] as BigDecimal, it[4]] } == expected
    assert db.one("SELECT count(*) FROM warehouse.testbed.test_runs WHERE status = 'pass'") == 2: 'the history is in the profile lake'
}
