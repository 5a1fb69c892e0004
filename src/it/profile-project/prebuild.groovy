// The read-only DuckDB file the profile attaches as `ref` (dbt users keep such reference data outside the lake).
import dev.testbed.it.ItDatabase

File target = new File(basedir, 'target')
target.mkdirs()
new ItDatabase().withCloseable { db ->
    db.execute("ATTACH '${new File(target, 'ref.duckdb')}' AS r")
    db.execute("CREATE TABLE r.main.regions AS SELECT * FROM (VALUES ('N', 'North'), ('S', 'South'), ('E', 'East')) t(region_code, region_name)")
    db.execute('DETACH r')
}
true
