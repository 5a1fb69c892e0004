package dev.testbed.inspect;

import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RecordedRuns;
import dev.testbed.history.RunHistory;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import dev.testbed.results.DataTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether each model, seed and test is up to date with its sources. A table is stale when an upstream
 * relation changed in a later snapshot than the one that built it; a view reads live data, so it goes
 * stale only when its code changes; a test result is stale when something it reads changed after it ran.
 * "Changed" looks through views and ephemeral models to the tables behind them.
 */
public final class Freshness {

    private final ProjectGraph project;
    private final Map<String, Long> lastChanges;
    private final Set<String> relations;
    private final Map<String, Long> effective = new HashMap<>();
    /** For each relation, the table whose change {@link #effective} holds (itself, or a table behind a view). */
    private final Map<String, String> origin = new HashMap<>();

    /**
     * @param lastChanges the newest snapshot that changed each {@code schema.table} ({@link LakeContents#lastChanges})
     * @param relations   the {@code schema.name} of every relation in the lake
     */
    public Freshness(ProjectGraph project, Map<String, Long> lastChanges, Set<String> relations) {
        this.project = project;
        this.lastChanges = lastChanges;
        this.relations = relations;
    }

    public List<AssetStatus> assets(List<DataTest> tests, RecordedRuns history) {
        Map<String, RecordedRuns.ModelBuild> lastBuild = new HashMap<>();
        Map<String, RecordedRuns.ModelBuild> lastSuccess = new HashMap<>();
        for (RecordedRuns.ModelBuild build : history.models()) { // newest first
            lastBuild.putIfAbsent(build.run().model(), build);
            if ("success".equals(build.run().status())) {
                lastSuccess.putIfAbsent(build.run().model(), build);
            }
        }
        List<AssetStatus> assets = new ArrayList<>();
        for (String name : project.graph().topologicalOrder()) {
            ParsedModel model = project.graph().model(name);
            Materialization materialization = model.config().materialized();
            String relation = relationOf(name);
            RecordedRuns.ModelBuild last = lastBuild.get(name);
            String[] freshness = modelFreshness(model, relation, lastSuccess.get(name));
            boolean seed = materialization == Materialization.SEED;
            assets.add(new AssetStatus(name, seed ? "seed" : "model", materialization.name().toLowerCase(java.util.Locale.ROOT), relation,
                    last == null ? null : last.run().status(), last == null ? null : last.run().started(),
                    last == null ? null : last.run().elapsed(), last == null ? -1 : last.snapshotId(), freshness[0] == null, freshness[1]));
        }
        Map<String, RecordedRuns.TestOutcome> lastTest = new HashMap<>();
        history.tests().forEach(t -> lastTest.putIfAbsent(t.run().test(), t));
        for (DataTest test : tests) {
            // before 2026-12 a long-named test's runs were recorded under its short (hashed) name
            RecordedRuns.TestOutcome last = lastTest.getOrDefault(test.name(), lastTest.get(test.id().shortName()));
            String[] freshness = testFreshness(test, last);
            assets.add(new AssetStatus(test.name(), "test", test.type(), test.suite(), last == null ? null : last.run().status(),
                    last == null ? null : last.run().finished(), last == null ? null : last.run().elapsed(), last == null ? -1 : last.snapshotId(),
                    freshness[0] == null, freshness[1]));
        }
        return assets;
    }

    /** {null, "up to date"} or {reason, reason}. */
    private String[] modelFreshness(ParsedModel model, String relation, RecordedRuns.ModelBuild success) {
        Materialization materialization = model.config().materialized();
        if (materialization == Materialization.EPHEMERAL) {
            return ok("compiled into its users");
        }
        if (!relations.contains(relation)) {
            return stale("never built");
        }
        if (success != null && success.run().codeHash() != null && materialization != Materialization.SEED
                && !success.run().codeHash().equals(RunHistory.codeHash(model.file().sql()))) {
            return stale("code changed since snapshot " + success.snapshotId());
        }
        if (materialization == Materialization.VIEW) {
            return ok("up to date (view)");
        }
        long built = lastChanges.getOrDefault(relation, -1L);
        for (String upstream : upstreams(model)) {
            long changed = effectiveChange(upstream);
            if (changed > built) {
                return stale(changeOf(upstream) + " changed in snapshot " + changed + ", after the build in snapshot " + built);
            }
        }
        return ok("up to date (snapshot " + built + ")");
    }

    private String[] testFreshness(DataTest test, RecordedRuns.TestOutcome last) {
        if (last == null) {
            return stale("never run");
        }
        List<String> read = new ArrayList<>();
        test.models().forEach(m -> read.add(relationOf(m)));
        if (test.suite() != null && test.suite().startsWith("source:")) {
            read.add(sourceRelation(test.suite().substring("source:".length())));
        } else if (test.suite() != null && project.graph().contains(test.suite())) {
            read.add(relationOf(test.suite()));
        }
        for (String relation : read) {
            long changed = effectiveChange(relation);
            if (changed > last.snapshotId()) {
                return stale(changeOf(relation) + " changed in snapshot " + changed + ", after the test ran");
            }
        }
        return ok("up to date (snapshot " + last.snapshotId() + ")");
    }

    /** The relations a model reads: its parents' and its sources'. */
    private List<String> upstreams(ParsedModel model) {
        List<String> upstream = new ArrayList<>();
        project.graph().parents(model.name()).forEach(parent -> upstream.add(relationOf(parent)));
        for (SourceKey source : model.sources()) {
            upstream.add(sourceRelation(source.toString()));
        }
        return upstream;
    }

    /** The newest snapshot that changed what this relation returns: its own for a table, also its inputs' for a view. */
    private long effectiveChange(String relation) {
        Long known = effective.get(relation);
        if (known != null) {
            return known;
        }
        effective.put(relation, -1L); // guards against cycles, which the graph has already rejected
        long change = lastChanges.getOrDefault(relation, -1L);
        origin.put(relation, relation);
        ParsedModel model = modelAt(relation);
        if (model != null && (model.config().materialized() == Materialization.VIEW || model.config().materialized() == Materialization.EPHEMERAL)) {
            for (String upstream : upstreams(model)) {
                long upstreamChange = effectiveChange(upstream);
                if (upstreamChange > change) {
                    change = upstreamChange;
                    origin.put(relation, origin.get(upstream));
                }
            }
        }
        effective.put(relation, change);
        return change;
    }

    /** {@code main.stg_sales}, or {@code main.stg_sales (through raw.raw_sales)} when the change came from behind a view. */
    private String changeOf(String relation) {
        String from = origin.getOrDefault(relation, relation);
        return from.equals(relation) ? relation : relation + " (through " + from + ")";
    }

    private ParsedModel modelAt(String relation) {
        for (ParsedModel model : project.graph().models()) {
            if (relationOf(model.name()).equals(relation)) {
                return model;
            }
        }
        return null;
    }

    /** {@code schema.name} of a model, seed or ephemeral model (whose "relation" is only a name). */
    public String relationOf(String model) {
        return unquote(project.compiler().relationFor(project.graph().model(model)));
    }

    /** {@code schema.identifier} of a source given as {@code source.table}. */
    public String sourceRelation(String sourceDotTable) {
        for (var source : project.project().sources()) {
            if (source.key().toString().equals(sourceDotTable)) {
                return source.schema() + "." + source.identifier();
            }
        }
        return sourceDotTable;
    }

    /** {@code lake."main".stg_sales} → {@code main.stg_sales}, for the target's catalog (the lake's alias). */
    private String unquote(String relation) {
        String plain = relation.replace("\"", "");
        String catalog = project.compiler().target().catalog() + ".";
        return plain.startsWith(catalog) ? plain.substring(catalog.length()) : plain;
    }

    private static String[] ok(String why) {
        return new String[] {null, why};
    }

    private static String[] stale(String why) {
        return new String[] {why, why};
    }
}
