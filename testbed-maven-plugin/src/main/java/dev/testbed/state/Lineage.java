package dev.testbed.state;

import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** What a node reads once the models that hold no data of their own (views, ephemeral models) are seen through. */
final class Lineage {

    /** The materializations a reader sees through to the data: views and ephemeral models. */
    static final Set<Materialization> DATALESS = EnumSet.of(Materialization.VIEW, Materialization.EPHEMERAL);

    private Lineage() {
    }

    /**
     * These models and, for each of them materialized as one of {@code transparent}, its parents, and so on up: for a
     * table reading a view, the view and the tables and seeds behind it. Names the graph does not hold are left out.
     */
    static Set<String> through(ModelGraph graph, Collection<String> models, Set<Materialization> transparent) {
        Set<String> reached = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>();
        models.stream().filter(graph::contains).forEach(pending::add);
        while (!pending.isEmpty()) {
            String model = pending.pop();
            if (reached.add(model) && transparent.contains(graph.model(model).config().materialized())) {
                pending.addAll(graph.parents(model));
            }
        }
        return reached;
    }
}
