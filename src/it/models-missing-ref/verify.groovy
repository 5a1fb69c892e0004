// daily_sales refs 'stg_salez', which no model is called. run-models must fail before building anything, naming
// the file and line of the ref and suggesting the closest model name, which is worked out here from the files.
import groovy.io.FileType
import dev.testbed.it.ItDatabase

File target = basedir.toPath().toAbsolutePath().normalize().resolve('target').toFile()
List<String> runs = ItDatabase.mavenRuns(basedir)
assert runs.size() == 1
String run = runs[0]
assert run.contains('BUILD FAILURE')
assert run.contains('Loaded '): 'the lake must have been loaded before run-models'

Map<String, File> files = new TreeMap<>()
new File(basedir, 'models').eachFileRecurse(FileType.FILES) { if (it.name.endsWith('.sql')) files[it.name - '.sql'] = it }
String path(File file) { basedir.toPath().relativize(file.toPath()).toString() }

// the refs to models that do not exist, with file and line
List<List> missing = []
files.each { name, file ->
    file.readLines('UTF-8').eachWithIndex { line, i ->
        (line =~ /\bref\(\s*'(\w+)'\s*\)/).each { if (!files.containsKey(it[1])) missing << [name, it[1], i + 1] }
    }
}
assert missing.size() == 1
def (String model, String ref, int line) = missing[0]
assert model == 'daily_sales' && ref == 'stg_salez'

// the existing model closest to the misspelt name (edit distance)
int distance(String a, String b) {
    int[] previous = (0..b.length()) as int[]
    for (int i = 1; i <= a.length(); i++) {
        int[] current = new int[b.length() + 1]
        current[0] = i
        for (int j = 1; j <= b.length(); j++) {
            current[j] = [previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)].min()
        }
        previous = current
    }
    return previous[b.length()]
}
String closest = files.keySet().min { distance(ref, it) }
assert closest == 'stg_sales' && distance(ref, closest) == 1
assert files.keySet().count { distance(ref, it) == distance(ref, closest) } == 1: 'the suggestion must be unambiguous'

// ---- the message: file, line, model and ref; then the suggestion with the suggested model's file
String message = ItDatabase.goalFailure(run, 'run-models')
List<String> lines = message.readLines()
assert lines[0] == "${path(files[model])}, line $line: model '$model' refers to ref('$ref'), but no model is named '$ref'."
assert lines[1] == "  -> Did you mean '$closest' (${path(files[closest])})?"
assert lines.size() == 2

// ---- nothing was built: no progress lines, no artifacts, no model relations or snapshots in the lake
ItDatabase.assertNoModelsBuilt(target, run)
true // the invoker fails a hook script that returns anything but null or true
