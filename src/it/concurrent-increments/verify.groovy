// Four separate `run-models` processes (own JVMs) apply the same increment of the incremental model sales_log
// to one PostgreSQL-catalog lake at the same time, twice: every process succeeds or fails naming a commit
// conflict, and afterwards sales_log holds every sale exactly once. DuckLake lets concurrent appends to one
// table both commit, so this fails unless the plugin makes the later increment conflict and rerun.
import java.util.concurrent.TimeUnit
import dev.testbed.it.ItDatabase
import dev.testbed.it.TestServers

TestServers servers = TestServers.load(new File(basedir, '../../it-servers').toPath())
List<String> first = ItDatabase.mavenRuns(basedir)
assert first.size() == 1 && first[0].contains('BUILD SUCCESS')

File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
File settings = new File(basedir, '../interpolated-settings.xml').canonicalFile
def plugin = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml')).build.plugins.plugin[0]
String goal = "${plugin.groupId}:${plugin.artifactId}:${plugin.version}"
Map<String, String> lake = servers.buildProperties('increments_lake', 'increments-lake')

/** Starts one offline Maven process with these goals; its log goes to target/logs/<name>.log. */
Closure<Process> start = { String name, List<String> goals, Map<String, String> properties ->
    List<String> command = [mvn.path, '-B', '-o', '-s', settings.path, "-Dmaven.repo.local=$localRepositoryPath".toString()]
    command.addAll(goals.collect { "$goal:$it".toString() })
    (lake + properties).each { k, v -> command << "-D$k=$v".toString() }
    File log = new File(basedir, "target/logs/${name}.log")
    log.parentFile.mkdirs()
    new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).redirectOutput(log).start()
}
Closure<String> finish = { String name, Process process ->
    assert process.waitFor(300, TimeUnit.SECONDS): "$name did not finish"
    String log = new File(basedir, "target/logs/${name}.log").getText('UTF-8')
    if (process.exitValue() != 0) {
        def failed = log =~ /Failed to execute goal \S+:([\w-]+) \(/
        assert failed.find(): "$name failed outside a goal:\n$log"
        assert ItDatabase.goalFailure(log, failed.group(1)) =~ /commit conflict|Transaction conflict/: "$name failed without a clear message:\n$log"
    }
    return log
}

ItDatabase db = new ItDatabase()
Closure<Long> count = { String sql ->
    db.execute('DETACH DATABASE IF EXISTS lake')
    db.execute(servers.attachSql('increments_lake', 'lake'))
    db.one(sql)
}
try {
    servers.duckDbSecrets().each { db.execute(it) }
    assert count('SELECT count(*) FROM lake.main.sales_log') == 3000
    long previous = 3000
    for (long sales : [3600L, 4200L]) {
        // more sales with the same seed: the same first transaction ids, and new ones above them
        String load = finish("load-$sales", start("load-$sales", ['generate-data', 'load-ducklake'],
                ['testbed.sales': "$sales".toString(), 'testbed.dataDirectory': "target/data-$sales".toString()]))
        assert load.contains('BUILD SUCCESS')
        assert count('SELECT count(*) FROM lake.raw.raw_sales') == sales

        Map<String, Process> builds = (1..4).collectEntries { i ->
            String name = "increment-$sales-$i"
            [name, start(name, ['run-models'], ['testbed.outputDirectory': "target/$name/testbed".toString()])]
        }
        Map<String, String> logs = builds.collectEntries { name, process -> [name, finish(name, process)] }
        // publish=atomic (the default): a build's increment reaches the lake only with its published attempt, the
        // one after its last redo, and only if the build succeeded
        Closure<String> published = { String log ->
            if (!log.contains('BUILD SUCCESS')) {
                return ''
            }
            int redo = log.lastIndexOf("redoing this build's own work")
            return redo < 0 ? log : log.substring(redo)
        }
        long appended = logs.values().sum { log -> (published(log) =~ /sales_log \[INSERT (\d+)|sales_log \[SELECT (\d+)/).collect { (it[1] ?: it[2]) as long }.sum() ?: 0 }
        int reruns = logs.values().sum { log -> (log =~ /redoing this build's own work/).size() }
        int succeeded = logs.values().count { it.contains('BUILD SUCCESS') }
        println "[concurrent-increments] $sales sales: $succeeded of 4 processes succeeded; $reruns increments rerun after a conflict; rows appended in all: $appended"
        assert succeeded >= 1
        assert count('SELECT count(*) FROM lake.main.sales_log') == sales: 'sales_log lost or duplicated rows'
        assert count('SELECT count(DISTINCT transaction_id) FROM lake.main.sales_log') == sales
        assert appended == sales - previous: 'the processes together appended each new sale once'
        previous = sales
    }
} finally {
    db.close()
}
true
