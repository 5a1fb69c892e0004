package dev.testbed.history;

import dev.testbed.core.Lake;
import dev.testbed.core.Snapshot;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import dev.testbed.state.Relations;
import dev.testbed.state.SnapshotChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The versions of the lake's relations: for each {@code schema.name}, the snapshots in which its data or its definition
 * changed (created, replaced, inserted into, deleted from, altered, dropped), newest first. Read from DuckLake's own
 * per-snapshot {@code changes}, not from the run history, because an up-to-date model records a successful run without
 * writing anything. Only published snapshots exist here: while an atomic build's transaction is open, the newest
 * version is the last published one.
 */
public final class ModelVersions {

    private final Map<String, List<Long>> versions;
    private final List<Long> snapshots;
    private final SnapshotChanges changes;

    private ModelVersions(Map<String, List<Long>> versions, List<Long> snapshots, SnapshotChanges changes) {
        this.versions = versions;
        this.snapshots = snapshots;
        this.changes = changes;
    }

    /** Reads every snapshot's changes once; the lookups after that touch no database. */
    public static ModelVersions read(Lake lake) {
        try {
            return read(lake.connection(), lake.location().alias());
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the snapshots and catalog of " + lake.location() + ": " + SqlErrors.message(e), null, e);
        }
    }

    /** The same, on {@code connection} to the lake attached as {@code alias}. */
    public static ModelVersions read(Connection connection, String alias) throws SQLException {
        List<Snapshot> all = Lake.snapshots(connection, alias); // newest first
        SnapshotChanges changes = SnapshotChanges.read(connection, alias);
        // DuckDB matches names case-insensitively, so a relation named in a config in other case is the same relation
        Map<String, List<Long>> versions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Snapshot snapshot : all) {
            changes.changedTables(snapshot).forEach((kind, names) -> {
                if (!kind.startsWith("schemas_") && !SnapshotChanges.STORAGE_ONLY.contains(kind)) {
                    names.forEach(name -> {
                        List<Long> of = versions.computeIfAbsent(name, n -> new ArrayList<>());
                        if (of.isEmpty() || of.get(of.size() - 1) != snapshot.id()) {
                            of.add(snapshot.id());
                        }
                    });
                }
            });
        }
        return new ModelVersions(versions, all.stream().map(Snapshot::id).toList(), changes);
    }

    /** The snapshots in which {@code relation} ({@code schema.name}) changed, newest first; empty when it never existed. */
    public List<Long> of(String relation) {
        return versions.getOrDefault(relation, List.of());
    }

    /**
     * The versions of a relation that holds no data of its own (a view), seen through the relations it reads: its own
     * definition's versions and theirs, newest first. A view read {@code AT (VERSION => n)} shows its definition and
     * its inputs as they were at {@code n}, so each of these snapshots can change what it returns.
     */
    public List<Long> of(String relation, Collection<String> reads) {
        TreeSet<Long> union = new TreeSet<>(of(relation));
        reads.forEach(read -> union.addAll(of(read)));
        return List.copyOf(union.descendingSet());
    }

    /**
     * The versions of a model of {@code graph}: a table's own; a view's seen through what it reads ({@link #readsThrough}).
     */
    public List<Long> ofModel(ModelGraph graph, Relations relations, String model) {
        String relation = relations.of(model);
        return graph.model(model).config().materialized() == Materialization.VIEW ? of(relation, readsThrough(graph, relations, model)) : of(relation);
    }

    /**
     * The relations a view's rows come from: through the views and ephemeral models it reads, the tables, seeds and
     * sources they read, and the views on the way (whose definitions may change too).
     */
    public static Set<String> readsThrough(ModelGraph graph, Relations relations, String view) {
        Set<String> reads = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(view));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            ParsedModel model = graph.model(name);
            Materialization materialization = model.config().materialized();
            boolean seeThrough = materialization == Materialization.VIEW || materialization == Materialization.EPHEMERAL;
            if (!name.equals(view) && materialization != Materialization.EPHEMERAL) {
                reads.add(relations.of(name));
            }
            if (name.equals(view) || seeThrough) {
                model.sources().stream().map(relations::ofSource).forEach(reads::add);
                pending.addAll(graph.parents(name));
            }
        }
        return reads;
    }

    /** The newest version in {@code versions} at or before {@code snapshot}: what a reader saw then. */
    public static OptionalLong atOrBefore(List<Long> versions, long snapshot) {
        return versions.stream().filter(v -> v <= snapshot).mapToLong(Long::longValue).findFirst();
    }

    /** The version before the one current at {@code snapshot}: the relation's previous version as of then. */
    public static OptionalLong previous(List<Long> versions, long snapshot) {
        return versions.stream().filter(v -> v <= snapshot).mapToLong(Long::longValue).skip(1).findFirst();
    }

    /** Whether any of {@code versions} lies after {@code from} and at or before {@code to}. */
    public static boolean changedBetween(List<Long> versions, long from, long to) {
        return versions.stream().anyMatch(v -> v > from && v <= to);
    }

    /** Whether the table or view ({@code schema.name}) existed at the snapshot. */
    public boolean existsAt(String relation, long snapshot) {
        return changes.relationsAt(snapshot).contains(relation);
    }

    /** Whether the lake still holds the snapshot (it may never have existed, or testbed:maintain may have expired it). */
    public boolean holds(long snapshot) {
        return snapshots.contains(snapshot);
    }

    /** The oldest snapshot the lake holds, or -1 for an empty list. */
    public long oldest() {
        return snapshots.isEmpty() ? -1 : snapshots.get(snapshots.size() - 1);
    }

    /** The newest snapshot the lake holds, or -1 for an empty list. */
    public long newest() {
        return snapshots.isEmpty() ? -1 : snapshots.get(0);
    }
}
