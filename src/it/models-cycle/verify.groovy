// The models' refs contain a cycle, so run-models must fail before building anything, naming the cycle and
// where each of its refs is. The cycle and the lines are worked out here from the model files.
import groovy.io.FileType
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String run = runs[0]
assert run.contains('BUILD FAILURE')
assert run.contains('Loaded '): 'the lake must have been loaded before run-models'

// ---- the refs of every model, with the line of each ref, from the files
Map<String, File> files = new TreeMap<>()
new File(basedir, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) files[it.name - '.sql'] = it }
Map<String, Map<String, Integer>> refLines = files.collectEntries { name, file ->
    Map<String, Integer> lines = [:]
    file.readLines('UTF-8').eachWithIndex { line, i -> (line =~ /\bref\(\s*'(\w+)'\s*\)/).each { lines.putIfAbsent(it[1], i + 1) } }
    [name, lines]
}
// the models that reach themselves through refs
Set<String> reachable(String from, Map<String, Map<String, Integer>> refs) {
    Set<String> seen = [] as Set
    List<String> todo = [from]
    while (todo) {
        refs[todo.pop()].keySet().each { if (seen.add(it)) todo << it }
    }
    return seen
}
Set<String> inCycle = files.keySet().findAll { reachable(it, refLines).contains(it) } as Set
assert inCycle == ['a', 'b', 'c'] as Set
assert (files.keySet() - inCycle) == ['d', 'e'] as Set

// ---- the message: "The models' refs form a cycle: x -> y -> ... -> x", then one line per ref of the cycle
String message = ItDatabase.goalFailure(run, 'run-models')
def spelled = message =~ /^The models' refs form a cycle: (\w+(?: -> \w+)+)\n/
assert spelled.find(): "no cycle in the first line of:\n$message"
List<String> cycle = spelled.group(1).split(' -> ') as List
assert cycle.first() == cycle.last(): "the cycle must end where it starts: ${spelled.group(1)}"
assert cycle.init() as Set == inCycle && cycle.init().size() == inCycle.size(): "the cycle names ${cycle.init()}, the files have $inCycle"
println "cycle reported as: ${spelled.group(1)}"
// each step is a real ref, reported with the file and the line of that ref
List<String> steps = message.readLines().findAll { it =~ /^ +models\// }*.strip()
assert steps.size() == inCycle.size()
(0..<cycle.size() - 1).each { i ->
    String from = cycle[i], to = cycle[i + 1]
    assert refLines[from].containsKey(to): "$from does not ref $to"
    String expected = "${basedir.toPath().relativize(files[from].toPath())}, line ${refLines[from][to]}: $from refs $to"
    assert steps[i] == expected
}
assert message.readLines().last() =~ /^ +-> .*(remove|Remove) one of these refs/

// ---- nothing was built: no progress lines, no artifacts, no model relations or snapshots in the lake
ItDatabase.assertNoModelsBuilt(target, run)
true // the invoker fails a hook script that returns anything but null or true
