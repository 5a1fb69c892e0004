// Copies the sample project's dbt files next to this IT's pom.xml and breaks store_metrics on purpose: the join
// to stg_stores keeps every SCD2 version instead of the current one (a fan-out).
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

Path here = basedir.toPath().toAbsolutePath().normalize()
// basedir is testbed-maven-plugin/target/it/tests-fanout
Path sample = here.resolve('../../../../testbed-project').normalize()
assert Files.isRegularFile(sample.resolve('dbt_project.yml')): "the sample project is not at $sample"
['dbt_project.yml', 'models', 'macros', 'tests'].each { String name ->
    Path from = sample.resolve(name)
    Files.walk(from).withCloseable { paths ->
        paths.each { Path source ->
            Path copy = here.resolve(sample.relativize(source).toString())
            if (Files.isDirectory(source)) {
                Files.createDirectories(copy)
            } else {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING)
            }
        }
    }
}
Path storeMetrics = here.resolve('models/metrics/store_metrics.sql')
String sql = Files.readString(storeMetrics)
String broken = sql.replace("select * from {{ ref('stg_stores') }} where is_current", "select * from {{ ref('stg_stores') }}")
assert broken != sql: 'store_metrics.sql no longer filters current stores the way this IT expects; update the replacement'
Files.writeString(storeMetrics, broken)
true
