package dev.testbed.state;

import dev.testbed.core.Lake;
import dev.testbed.graph.BuildDecisions;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.project.Hooks;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import dev.testbed.results.DataTest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build engine's up-to-date check, answered from what the lake recorded ({@link LakeState}, read once when the
 * build starts) and what this build has rebuilt since:
 * <ul>
 *   <li>a table or incremental model builds when {@link ChangeDetector} finds it modified (code, config, macros, or
 *       something it reads through views and ephemeral models changed after its last build), or when a model or seed it
 *       reads, or one behind a view or ephemeral model it reads, was rebuilt earlier in this build;</li>
 *   <li>a view or seed builds only when it is itself modified: a view reads live data, a seed only its file;</li>
 *   <li>a data test reruns when it is modified (never run, last run not a pass, definition changed, reads something
 *       modified or changed since) or reads something rebuilt in this build; otherwise its last pass holds.</li>
 * </ul>
 * Thread-safe: the engine's workers ask as nodes become ready. Ask only about nodes this build runs, once each, in
 * dependency order: a {@code Build} answer counts as rebuilt for the readers asked after it (a node that then fails
 * skips its readers anyway), which is how a table behind a kept view reaches the tables reading that view.
 */
public final class LakeBuildDecisions implements BuildDecisions {

    private final ModelGraph graph;
    private final Relations relations;
    private final boolean recordsBuilds;
    private final ChangeDetector.Changes changes;
    private final Map<String, LakeState.TestRun> testRuns;
    private final Map<String, ChangeDetector.TestInput> tests;
    /** The tests that query the lake while compiling. */
    private final Set<String> introspectingTests = new HashSet<>();
    private final ProjectMacros macros;
    /** Every node this build rebuilds: told by the engine, or decided here (a node that then fails skips its readers). */
    private final Set<String> rebuiltHere = new HashSet<>();

    private LakeBuildDecisions(ProjectGraph project, LakeState lake, List<DataTest> tests) {
        this.graph = project.graph();
        this.relations = new Relations(project.project(), project.compiler(), project.graph());
        this.recordsBuilds = lake.recordsBuilds();
        this.tests = new LinkedHashMap<>();
        tests.forEach(test -> this.tests.put(test.name(), ChangeDetector.TestInput.of(test, relations)));
        tests.stream().filter(DataTest::introspects).forEach(test -> introspectingTests.add(test.name()));
        this.changes = ChangeDetector.detect(relations, lake, List.copyOf(this.tests.values()));
        this.testRuns = lake.testRuns();
        this.macros = ProjectMacros.of(project.project().macros(), "");
    }

    /**
     * Reads the lake's record once (its catalog, snapshots and run history; no table's data) and compares it with the
     * project as loaded now.
     *
     * @param tests the project's collected data tests, which the engine will ask about by name
     */
    public static LakeBuildDecisions read(Lake lake, ProjectGraph project, List<DataTest> tests) {
        return new LakeBuildDecisions(project, LakeState.read(lake), tests);
    }

    @Override
    public Decision model(String name, Set<String> rebuilt) {
        if (!recordsBuilds) {
            return built(name, "the lake records no build yet");
        }
        Change change = changes.models().get(name);
        if (change == null) {
            return built(name, "not in the project as loaded when the build started");
        }
        if (change instanceof Change.Ephemeral) {
            return new Decision.Build(change.describe()); // never asked: compiled into its readers, whose own answer covers it
        }
        if (change.modified()) {
            return built(name, change.describe());
        }
        Hooks hooks = graph.model(name).config().hooks();
        if (!hooks.pre().isEmpty() || !hooks.post().isEmpty()) {
            // dbt runs a node's hooks at every build, and what they do (an audit row, a grant) is not in the lake's record
            return built(name, "it has pre- or post-hooks, which run at every build, as in dbt");
        }
        if (introspects(name)) {
            // what it renders depends on what the lake holds when it compiles, which no hash of its code sees
            return built(name, "it queries the lake while compiling (run_query, statement, adapter, graph), as in dbt, which compiles it at every build");
        }
        Materialization materialization = graph.model(name).config().materialized();
        if (materialization == Materialization.INCREMENTAL && graph.model(name).config().incrementalStrategy() == IncrementalStrategy.MICROBATCH) {
            // its batches move with the current time (or -Dtestbed.eventTimeStart/End), which the lake's record does not hold
            return built(name, "it is a microbatch model, whose batches are built at every run, as in dbt");
        }
        if (materialization != Materialization.VIEW && materialization != Materialization.SEED) {
            String reason = rebuiltInput(graph.parents(name), rebuilt);
            if (reason != null) {
                return built(name, reason);
            }
        }
        return new Decision.UpToDate(((Change.UpToDate) change).snapshot(), change.describe());
    }

    @Override
    public Decision test(String name, Set<String> rebuilt) {
        if (!recordsBuilds) {
            return new Decision.Build("the lake records no test run yet");
        }
        Change change = changes.tests().get(name);
        if (change == null) {
            return new Decision.Build("not among the tests collected when the build started");
        }
        if (introspectingTests.contains(name)) {
            // its SQL depends on what the lake holds when it compiles, as a model's that queries does; the history records
            // the SQL that ran, never the parse's render collected here, so its definition would always look changed too
            return new Decision.Build("it queries the lake while compiling (run_query, statement, adapter, graph), as in dbt, which compiles it at every run");
        }
        if (change.modified()) {
            return new Decision.Build(change.describe());
        }
        String reason = rebuiltInput(tests.get(name).models(), rebuilt);
        if (reason != null) {
            return new Decision.Build(reason);
        }
        long snapshot = testRuns.get(name).snapshot();
        return new Decision.UpToDate(snapshot, "passed in snapshot " + snapshot + "; nothing it reads changed since");
    }

    /** Whether the model, or an ephemeral model compiled into it, queries the lake while compiling. */
    private boolean introspects(String name) {
        if (macros.introspects(graph.model(name).file().sql())) {
            return true;
        }
        for (String parent : graph.parents(name)) {
            if (graph.contains(parent) && graph.model(parent).config().materialized() == Materialization.EPHEMERAL && introspects(parent)) {
                return true;
            }
        }
        return false;
    }

    private synchronized Decision built(String name, String reason) {
        rebuiltHere.add(name);
        return new Decision.Build(reason);
    }

    /**
     * Why a node must build because of what this build rebuilt: a model it reads, or one behind a view or ephemeral model
     * it reads; null when none was.
     */
    private synchronized String rebuiltInput(Iterable<String> reads, Set<String> rebuilt) {
        rebuiltHere.addAll(rebuilt);
        for (String read : reads) {
            if (!graph.contains(read)) {
                continue;
            }
            for (String behind : Lineage.through(graph, List.of(read), Lineage.DATALESS)) {
                if (rebuiltHere.contains(behind)) {
                    String through = behind.equals(read) ? "" : " (through " + relations.of(behind) + ")";
                    return "reads " + relations.of(read) + through + ", rebuilt in this build";
                }
            }
        }
        return null;
    }
}
