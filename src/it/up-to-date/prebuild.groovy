// The sample project's dbt files, copied so that verify.groovy can change a model between builds.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

Path sample = basedir.toPath().resolve('../../../../testbed-project').normalize()
assert Files.isRegularFile(sample.resolve('dbt_project.yml')): "no sample project at $sample"
Path copy = basedir.toPath().resolve('project')
['dbt_project.yml', 'macros', 'models', 'tests'].each { name ->
    Path from = sample.resolve(name)
    if (Files.isDirectory(from)) {
        Files.walk(from).withCloseable { paths ->
            paths.forEach { p ->
                Path to = copy.resolve(sample.relativize(p).toString())
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to)
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING)
                }
            }
        }
    } else if (Files.isRegularFile(from)) {
        Files.createDirectories(copy)
        Files.copy(from, copy.resolve(name), StandardCopyOption.REPLACE_EXISTING)
    }
}
true
