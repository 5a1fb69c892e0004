// wipe_sales is a query followed by a DROP of raw_sales. run-models must fail before building anything (not even
// stg_sales, which sorts first and is fine), name the file and the DROP with no underlying exception, and leave raw_sales
// holding every generated sale.
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String run = runs[0]
assert run.contains('BUILD FAILURE')
assert run.contains('Loaded '): 'the lake must have been loaded before run-models'

String message = ItDatabase.goalFailure(run, 'run-models')
assert message.startsWith('models/marts/wipe_sales.sql (model wipe_sales): it must be one query (a select), but DuckDB found 2 statements; '
        + 'the second is a DROP.')
assert !message.contains('stg_sales'): 'only the offending file is blamed'
// the invoker runs Maven with -e, which prints Maven's own trace; below the Mojo's exception there must be no cause
def causes = (run =~ /(?m)^Caused by: ([\w.$]+)/).collect { it[1] }
assert causes == ['org.apache.maven.plugin.MojoExecutionException']: "the refusal is a plain goal failure, got causes $causes"

ItDatabase.assertNoModelsBuilt(target, run)
ItDatabase db = new ItDatabase()
try {
    db.execute("ATTACH 'ducklake:${new File(target, 'lake/warehouse.ducklake').absolutePath}' AS lake (READ_ONLY)")
    long generated = db.one("SELECT count(*) FROM read_parquet('${new File(target, 'testbed-data').absolutePath}/sales/*.parquet')")
    assert generated > 0
    assert db.one('SELECT count(*) FROM lake.raw.raw_sales') == generated
} finally {
    db.close()
}
true // the invoker fails a hook script that returns anything but null or true
