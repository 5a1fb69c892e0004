package dev.testbed.inspect;

import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RecordedRuns;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.results.DataTest;
import dev.testbed.state.Change;
import dev.testbed.state.ChangeDetector;
import dev.testbed.state.LakeState;
import dev.testbed.state.Relations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each model, seed and test is up to date with its code and its sources, as the lake's own history says:
 * {@link ChangeDetector} decides, this class pairs its verdict with the last recorded run for inspect and docs.
 */
public final class Freshness {

    private final ProjectGraph project;
    private final Relations relations;

    public Freshness(ProjectGraph project) {
        this.project = project;
        this.relations = new Relations(project.project(), project.compiler(), project.graph());
    }

    public List<AssetStatus> assets(List<DataTest> tests, RecordedRuns history, LakeState state) {
        Map<String, RecordedRuns.ModelBuild> lastBuild = new HashMap<>();
        for (RecordedRuns.ModelBuild build : history.models()) { // newest first
            lastBuild.putIfAbsent(build.run().model(), build);
        }
        List<ChangeDetector.TestInput> inputs = tests.stream().map(test -> ChangeDetector.TestInput.of(test, relations)).toList();
        ChangeDetector.Changes changes = ChangeDetector.detect(relations, state, inputs);
        List<AssetStatus> assets = new ArrayList<>();
        for (String name : project.graph().topologicalOrder()) {
            ParsedModel model = project.graph().model(name);
            Materialization materialization = model.config().materialized();
            RecordedRuns.ModelBuild last = lastBuild.get(name);
            Change change = changes.models().get(name);
            boolean seed = materialization == Materialization.SEED;
            assets.add(new AssetStatus(name, seed ? "seed" : "model", materialization.name().toLowerCase(java.util.Locale.ROOT), relationOf(name),
                    last == null ? null : last.run().status(), last == null ? null : last.run().started(),
                    last == null ? null : last.run().elapsed(), last == null ? -1 : last.snapshotId(), !change.modified(), change.describe()));
        }
        Map<String, RecordedRuns.TestOutcome> lastTest = new HashMap<>();
        history.tests().forEach(t -> lastTest.putIfAbsent(t.run().test(), t));
        for (DataTest test : tests) {
            // before 2026-12 a long-named test's runs were recorded under its short (hashed) name
            RecordedRuns.TestOutcome last = lastTest.getOrDefault(test.name(), lastTest.get(test.id().shortName()));
            Change change = changes.tests().get(test.name());
            assets.add(new AssetStatus(test.name(), "test", test.type(), test.suite(), last == null ? null : last.run().status(),
                    last == null ? null : last.run().finished(), last == null ? null : last.run().elapsed(), last == null ? -1 : last.snapshotId(),
                    !change.modified(), change.describe()));
        }
        return assets;
    }

    /** {@code schema.name} of a model, seed or ephemeral model (whose "relation" is only a name). */
    public String relationOf(String model) {
        return relations.of(model);
    }

    /** {@code schema.identifier} of a source given as {@code source.table}. */
    public String sourceRelation(String sourceDotTable) {
        return relations.ofSource(sourceDotTable);
    }
}
