package dev.testbed.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.history.BuildSnapshots;
import dev.testbed.history.ModelVersions;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.state.Relations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * diff: what changed in every model between two snapshots of the lake, by DuckLake time travel. By default the two
 * are the end of the last recorded build and the end of the build before it: "what this build changed". A model with
 * no version between the two snapshots is reported unchanged without reading a row.
 */
public final class LakeDiffer {

    public static final String JSON_FILE = "diff.json";

    private final DuckDbSettings settings;
    private final Reporter reporter;

    public LakeDiffer(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /** Compares, writes {@value #JSON_FILE} into the request's output folder, and returns the comparison. */
    public LakeDiff run(DiffRequest request) {
        LakeDiff diff = diff(request);
        write(diff, request.outputDirectory().resolve(JSON_FILE));
        return diff;
    }

    public LakeDiff diff(DiffRequest request) {
        ProjectGraph project = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        Set<String> selected = Selector.select(project.graph(), request.select(), null, reporter::warn);
        if (!Lake.exists(request.location())) {
            throw new TestbedException("There is no warehouse to compare at " + request.location().resolvedCatalog() + ".",
                    "Build it first (mvn verify), then run testbed:diff.");
        }
        try (Lake lake = Lake.openReadOnly(request.location(), settings, null)) {
            ModelVersions versions = ModelVersions.read(lake);
            BuildSnapshots builds = BuildSnapshots.read(lake);
            Point to = request.to() == null || request.to().isBlank() ? current(lake, builds) : point(request.to(), "to", versions, builds);
            Optional<Point> from = request.from() == null || request.from().isBlank() ? previous(to, builds) : Optional.of(point(request.from(), "from", versions, builds));
            if (from.isEmpty()) {
                String note = "The lake records no build before " + describe(to) + ": there is nothing to compare it with yet.";
                return new LakeDiff(-1, null, to.snapshot(), to.runId(), note, List.of());
            }
            Relations relations = new Relations(project.project(), project.compiler(), project.graph());
            List<ModelDiff> models = new ArrayList<>();
            for (String name : project.graph().topologicalOrder()) {
                ParsedModel model = project.graph().model(name);
                if (selected.contains(name) && model.config().materialized() != Materialization.EPHEMERAL) {
                    models.add(compare(lake, project, relations, versions, name, from.get().snapshot(), to.snapshot()));
                }
            }
            return new LakeDiff(from.get().snapshot(), from.get().runId(), to.snapshot(), to.runId(), "", List.copyOf(models));
        }
    }

    /** A snapshot to compare, and the build that ended there if any. */
    private record Point(long snapshot, String runId) {
    }

    private static String describe(Point point) {
        return "snapshot " + point.snapshot() + (point.runId() == null ? "" : " (run " + point.runId() + ")");
    }

    private static Point current(Lake lake, BuildSnapshots builds) {
        return at(lake.currentSnapshotId(), builds);
    }

    /** The snapshot, with the run id of the build that ended there, if one did. */
    private static Point at(long snapshot, BuildSnapshots builds) {
        return new Point(snapshot, builds.endedBy(snapshot).filter(b -> b.last() == snapshot).map(BuildSnapshots.Build::runId).orElse(null));
    }

    /** The end of the build before the one {@code to} shows: the newest build ended by then, and the one before that. */
    private static Optional<Point> previous(Point to, BuildSnapshots builds) {
        return builds.endedBy(to.snapshot()).flatMap(builds::before).map(b -> new Point(b.last(), b.runId()));
    }

    /** A snapshot id, or a run id of the run history (its last snapshot). */
    private static Point point(String given, String property, ModelVersions versions, BuildSnapshots builds) {
        String value = given.strip();
        Optional<BuildSnapshots.Build> run = builds.run(value);
        if (run.isPresent()) {
            return new Point(run.get().last(), value);
        }
        if (!value.matches("\\d+")) {
            throw new TestbedException("testbed.diff." + property + " is " + Sql.literal(value) + ", which is neither a snapshot id nor a run id of the run history.",
                    builds.builds().isEmpty() ? "The lake records no build yet; give a snapshot id (mvn testbed:inspect lists them)."
                            : "Give a run id, e.g. one of the newest: " + builds.newest(3) + "; or a snapshot id (mvn testbed:inspect lists them).");
        }
        long snapshot = Long.parseLong(value);
        if (!versions.holds(snapshot)) {
            String expired = snapshot < versions.oldest() ? " It is older than the oldest snapshot the lake keeps (" + versions.oldest()
                    + "): it was expired (testbed:maintain), and time travel to it is no longer possible." : "";
            throw new TestbedException("testbed.diff." + property + " is snapshot " + snapshot + ", which the lake does not hold." + expired,
                    "Give a snapshot between " + versions.oldest() + " and " + versions.newest() + ", or a run id of the run history.");
        }
        return at(snapshot, builds);
    }

    private ModelDiff compare(Lake lake, ProjectGraph project, Relations relations, ModelVersions versions, String name, long from, long to) {
        ParsedModel model = project.graph().model(name);
        Materialization materialization = model.config().materialized();
        String kind = materialization.name().toLowerCase(java.util.Locale.ROOT);
        String relation = relations.of(name);
        boolean view = materialization == Materialization.VIEW;
        List<Long> history = versions.ofModel(project.graph(), relations, name);
        boolean before = versions.existsAt(relation, from);
        boolean after = versions.existsAt(relation, to);
        RelationDiff diff = new RelationDiff(lake.connection(), Sql.relation(lake.location().alias(), relation), from, to);
        try {
            if (!before && !after) {
                return ModelDiff.uncompared(name, relation, kind, ModelDiff.ABSENT, "in the lake at neither snapshot", -1, -1);
            }
            if (!before) {
                return ModelDiff.uncompared(name, relation, kind, ModelDiff.NEW, "not in the lake at snapshot " + from, -1, diff.rows(to));
            }
            if (!after) {
                return ModelDiff.uncompared(name, relation, kind, ModelDiff.REMOVED, "not in the lake at snapshot " + to, diff.rows(from), -1);
            }
            if (!ModelVersions.changedBetween(history, Math.min(from, to), Math.max(from, to))) {
                return ModelDiff.uncompared(name, relation, kind, ModelDiff.UNCHANGED, (view ? "neither the view nor what it reads has" : "it has")
                        + " a version between snapshots " + from + " and " + to, -1, -1);
            }
            List<RelationDiff.Column> columnsBefore = diff.columns(from);
            List<RelationDiff.Column> columnsAfter = diff.columns(to);
            Set<String> namesBefore = names(columnsBefore);
            Set<String> namesAfter = names(columnsAfter);
            List<String> key = UniqueKeys.of(model, project.project().properties().get(name));
            String note = view ? "a view, read as it was at each snapshot: its definition and its inputs in the lake then (anything it reads outside the lake, such as files, as it is now)" : "";
            RelationDiff.Outcome outcome = null;
            if (!key.isEmpty() && namesBefore.containsAll(key) && namesAfter.containsAll(key)) {
                outcome = diff.byKey(key, columnsBefore, columnsAfter);
                if (outcome == null) {
                    note = join(note, "key " + key + " is not unique at one of the snapshots, so rows were compared as multisets");
                }
            } else if (!key.isEmpty()) {
                note = join(note, "key " + key + " is not a column at both snapshots, so rows were compared as multisets");
            }
            List<String> usedKey = outcome == null ? List.of() : key;
            if (outcome == null) {
                outcome = diff.asMultisets(columnsBefore, columnsAfter);
            }
            List<String> added = namesAfter.stream().filter(c -> !namesBefore.contains(c)).toList();
            List<String> removed = namesBefore.stream().filter(c -> !namesAfter.contains(c)).toList();
            List<String> retyped = retyped(columnsBefore, columnsAfter);
            if (!retyped.isEmpty()) {
                note = join(note, "type changed: " + String.join(", ", retyped));
            }
            boolean differs = outcome.added() > 0 || outcome.removed() > 0 || outcome.changed() > 0 || !added.isEmpty() || !removed.isEmpty()
                    || !retyped.isEmpty() || outcome.rowsBefore() != outcome.rowsAfter();
            String state = differs ? ModelDiff.CHANGED : ModelDiff.UNCHANGED;
            if (!differs) {
                note = join(note, "rebuilt between snapshots " + from + " and " + to + " with the same rows");
            }
            return new ModelDiff(name, relation, kind, state, note, outcome.rowsBefore(), outcome.rowsAfter(), usedKey, outcome.added(),
                    outcome.removed(), outcome.changed(), outcome.addedKeys(), outcome.removedKeys(), outcome.changedKeys(), outcome.changedColumns(),
                    outcome.numeric(), added, removed);
        } catch (SQLException e) {
            // one model that cannot be read at a snapshot (a view over a relation dropped since) should not hide the others
            reporter.warn("Cannot compare model " + name + " (" + relation + ") between snapshots " + from + " and " + to + ": " + SqlErrors.message(e));
            return ModelDiff.uncompared(name, relation, kind, ModelDiff.ERROR, "cannot be read at both snapshots: "
                    + SqlErrors.message(e).lines().findFirst().orElse(""), -1, -1);
        }
    }

    /** Each column both snapshots have whose type differs, as {@code name TYPE -> TYPE}. */
    private static List<String> retyped(List<RelationDiff.Column> before, List<RelationDiff.Column> after) {
        List<String> retyped = new java.util.ArrayList<>();
        for (RelationDiff.Column was : before) {
            after.stream().filter(now -> now.name().equals(was.name()) && !now.type().equals(was.type())).findFirst()
                    .ifPresent(now -> retyped.add(was.name() + " " + was.type() + " -> " + now.type()));
        }
        return retyped;
    }

    private static Set<String> names(List<RelationDiff.Column> columns) {
        Set<String> names = new java.util.LinkedHashSet<>();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    private static String join(String note, String more) {
        return note.isEmpty() ? more : note + "; " + more;
    }

    /** Writes the comparison as JSON: the shape of {@link LakeDiff} and {@link ModelDiff}, field by field. */
    static void write(LakeDiff diff, Path file) {
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), diff);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
