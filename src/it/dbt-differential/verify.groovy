// Every corpus/<project> built three times by this plugin and by dbt (dbt-core 1.11.4 + dbt-duckdb 1.11.1, in a venv
// made from PyPI under the plugin module's target/dbt-venv): after each run both lakes must hold the same relations,
// types and rows, and both sides the same test results. The logic is dev.testbed.it.differential.DbtDifferential.
// -Dtestbed.diff.projects=a,b runs only those projects.
import dev.testbed.it.differential.DbtDifferential
import dev.testbed.it.ItDatabase

List<String> first = ItDatabase.mavenRuns(basedir)
assert first.size() == 1 && first[0].contains('BUILD SUCCESS')

def plugin = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml')).build.plugins.plugin[0]
DbtDifferential.runInvokerIt(basedir, new File(localRepositoryPath.toString()), System.getProperty('maven.home'),
        "${plugin.groupId}:${plugin.artifactId}:${plugin.version}".toString(), System.getProperty('testbed.diff.projects'))
true
