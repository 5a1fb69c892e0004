package dev.testbed.state;

import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import dev.testbed.results.DataTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each model, seed and data test of a project, whether it is modified since its last successful build in this
 * lake, and why (a {@link Change}):
 * <ul>
 *   <li>a table or incremental model: its code, config or a macro it calls changed, or something it reads changed in a
 *       later snapshot than the one that built it, seen through views and ephemeral models down to tables, seeds and
 *       sources;</li>
 *   <li>a view: only its code, config or macros, since it reads live data;</li>
 *   <li>a seed: its file or config;</li>
 *   <li>a data test: never run, its last run did not pass, its query or config changed, a model it reads (also through
 *       views and ephemeral models) is modified, or something it reads changed after it ran.</li>
 * </ul>
 * Built for the build engine's up-to-date check as much as for {@code state:} selection: it reads only the lake's
 * catalog, snapshots and run history, never a table's data.
 */
public final class ChangeDetector {

    /**
     * A data test as far as change detection needs it.
     *
     * @param models     the models it reads
     * @param reads      the relations ({@code schema.name}) it reads that are not models: sources
     * @param definition the hash of its query and config ({@link Fingerprint#definition}), or null not to compare it
     */
    public record TestInput(String name, List<String> models, List<String> reads, String definition) {

        /** What a collected test reads: its models, and the source or model it is attached to. */
        public static TestInput of(DataTest test, Relations relations) {
            List<String> models = new ArrayList<>(test.models());
            List<String> reads = new ArrayList<>();
            if (test.type().equals("unit")) {
                // a unit test reads no data: its definition hash covers its rows, its model's compiled code and its inputs' code
                return new TestInput(test.name(), List.of(), List.of(), Fingerprint.definition(test));
            }
            if (test.suite() != null && test.suite().startsWith("source:")) {
                reads.add(relations.ofSource(test.suite().substring("source:".length())));
            } else if (test.suite() != null && relations.graph().contains(test.suite()) && !models.contains(test.suite())) {
                models.add(test.suite());
            }
            return new TestInput(test.name(), models, reads, Fingerprint.definition(test));
        }
    }

    /** What the detector found: one reason per model (by name) and per test (by name). */
    public record Changes(Map<String, Change> models, Map<String, Change> tests) {

        public boolean modified(String model) {
            Change change = models.get(model);
            return change != null && change.modified();
        }
    }

    private final Relations relations;
    private final ModelGraph graph;
    private final ProjectMacros macros;
    private final LakeState lake;
    private final Map<String, long[]> effective = new HashMap<>();
    private final Map<String, String> origin = new HashMap<>();
    private Map<String, ParsedModel> byRelation;

    private ChangeDetector(Relations relations, LakeState lake) {
        this.relations = relations;
        this.graph = relations.graph();
        this.macros = ProjectMacros.of(relations.project(), relations.compiler().renderInputs());
        this.lake = lake;
    }

    public static Changes detect(Relations relations, LakeState lake, List<TestInput> tests) {
        return new ChangeDetector(relations, lake).detect(tests);
    }

    private Changes detect(List<TestInput> tests) {
        Map<String, Change> models = new LinkedHashMap<>();
        for (ParsedModel model : graph.models()) {
            models.put(model.name(), model(model));
        }
        Map<String, Change> testChanges = new LinkedHashMap<>();
        for (TestInput test : tests) {
            testChanges.put(test.name(), test(test, models));
        }
        return new Changes(Map.copyOf(models), Map.copyOf(testChanges));
    }

    private Change model(ParsedModel model) {
        Materialization materialization = model.config().materialized();
        if (materialization == Materialization.EPHEMERAL) {
            return new Change.Ephemeral();
        }
        String relation = relations.of(model.name());
        LakeState.Build build = lake.builds().get(model.name());
        if (!lake.relations().contains(relation)) {
            return new Change.NeverBuilt(relation + " is not in the lake");
        }
        if (build == null) {
            return new Change.NeverBuilt("no successful build of it is recorded");
        }
        Fingerprint now = Fingerprint.of(model, graph, macros);
        if (!now.code().equals(build.code())) {
            return new Change.CodeChanged(build.snapshot());
        }
        if (build.config() != null && !now.config().equals(build.config())) {
            return new Change.ConfigChanged(build.snapshot());
        }
        if (build.macros() != null) {
            List<String> changed = Fingerprint.changedMacros(build.macros(), now.macros());
            if (!changed.isEmpty()) {
                return new Change.MacroChanged(changed, build.snapshot());
            }
        }
        if (materialization == Materialization.VIEW || materialization == Materialization.SEED) {
            return new Change.UpToDate(build.snapshot());
        }
        for (String upstream : upstreams(model)) {
            long changed = effectiveChange(upstream);
            if (changed > build.snapshot()) {
                return new Change.UpstreamChanged(upstream, origin.get(upstream), changed, build.snapshot());
            }
        }
        return new Change.UpToDate(build.snapshot());
    }

    private Change test(TestInput test, Map<String, Change> models) {
        LakeState.TestRun last = lake.testRuns().get(test.name());
        if (last == null) {
            return new Change.NeverBuilt("never run");
        }
        long ran = last.snapshot();
        if (!last.passed()) {
            return new Change.NotPassed(last.status(), ran);
        }
        if (test.definition() != null && !test.definition().equals(last.definition())) {
            return new Change.DefinitionChanged(ran, last.definition() != null);
        }
        // a model behind a view it reads is rebuilt before the test runs again, so its being modified counts too
        for (String model : Lineage.through(graph, test.models(), Lineage.DATALESS)) {
            if (models.containsKey(model) && models.get(model).modified()) {
                return new Change.ReadsModified(model);
            }
        }
        List<String> read = new ArrayList<>(test.reads());
        test.models().stream().filter(graph::contains).forEach(model -> read.add(relations.of(model)));
        for (String relation : read) {
            long changed = effectiveChange(relation);
            if (changed > ran) {
                return new Change.UpstreamChanged(relation, origin.get(relation), changed, ran);
            }
        }
        return new Change.UpToDate(ran);
    }

    /** The relations a model reads: its parents' and its sources'. */
    private List<String> upstreams(ParsedModel model) {
        List<String> upstream = new ArrayList<>();
        graph.parents(model.name()).forEach(parent -> upstream.add(relations.of(parent)));
        for (SourceKey source : model.sources()) {
            upstream.add(relations.ofSource(source));
        }
        return upstream;
    }

    /** The newest snapshot that changed what this relation returns: its own for a table, also its inputs' for a view. */
    private long effectiveChange(String relation) {
        long[] known = effective.get(relation);
        if (known != null) {
            return known[0];
        }
        long[] change = {lake.lastChanges().getOrDefault(relation, -1L)};
        effective.put(relation, change); // guards against cycles, which the graph has already rejected
        origin.put(relation, relation);
        ParsedModel model = modelAt(relation);
        if (model != null && (model.config().materialized() == Materialization.VIEW || model.config().materialized() == Materialization.EPHEMERAL)) {
            for (String upstream : upstreams(model)) {
                long upstreamChange = effectiveChange(upstream);
                if (upstreamChange > change[0]) {
                    change[0] = upstreamChange;
                    origin.put(relation, origin.get(upstream));
                }
            }
        }
        return change[0];
    }

    private ParsedModel modelAt(String relation) {
        if (byRelation == null) {
            byRelation = new HashMap<>();
            graph.models().forEach(model -> byRelation.put(relations.of(model.name()), model));
        }
        return byRelation.get(relation);
    }
}
