package dev.testbed.engine;

import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import dev.testbed.results.DataTest;
import dev.testbed.unit.UnitTest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one graph a build runs: the seeds and models it builds and the data tests it runs, each waiting for the nodes it
 * reads. Ephemeral models are looked through (they are compiled into their readers), and nodes outside the build are
 * taken as they are in the lake. As in {@code dbt build}, a model also waits for the tests of the models it reads, so a
 * failing test keeps its model's descendants from being built on it, and for its own unit tests, which run one after the
 * other once the model could be built: a failing unit test skips the model's remaining unit tests, the model and what is
 * built on it. The unit tests of a model this build does not build run each on its own, as in {@code dbt test}.
 */
final class BuildGraph {

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();
    /** Per node, the seeds and models it reads (ephemeral ones looked through), whether this build builds them or not. */
    private final Map<String, Set<String>> reads = new LinkedHashMap<>();

    /**
     * @param models the seeds and models to build (ephemeral ones are left out), in any order
     * @param tests  the data tests to run
     * @param units  the unit tests to run, in the order each model's run
     */
    BuildGraph(ModelGraph graph, Collection<String> models, List<DataTest> tests, List<UnitTest> units) {
        for (String name : graph.topologicalOrder()) {
            if (models.contains(name) && graph.model(name).config().materialized() != Materialization.EPHEMERAL) {
                nodes.put(name, new Node.Model(graph.model(name)));
            }
        }
        for (String name : nodes.keySet()) {
            parents.put(name, built(graph, graph.parents(name)));
            reads.put(name, read(graph, graph.parents(name)));
        }
        for (DataTest test : tests) {
            Node.Test node = new Node.Test(test);
            nodes.put(node.key(), node);
            Set<String> read = built(graph, test.models());
            parents.put(node.key(), read);
            reads.put(node.key(), read(graph, test.models()));
            if (read.isEmpty()) {
                continue;
            }
            // dbt build: a model waits for a test when it descends from everything the test reads
            for (String model : parents.keySet()) {
                if (nodes.get(model) instanceof Node.Model && !read.contains(model) && graph.contains(model)
                        && graph.ancestors(model).containsAll(read)) {
                    parents.get(model).add(node.key());
                }
            }
        }
        Map<String, String> previous = new LinkedHashMap<>();
        for (UnitTest unit : units) {
            Node.Unit node = new Node.Unit(unit);
            String model = unit.model().name();
            nodes.put(node.key(), node);
            boolean built = nodes.get(model) instanceof Node.Model;
            Set<String> waits = new TreeSet<>(built ? parents.get(model) : built(graph, graph.parents(model)));
            waits.removeIf(key -> nodes.get(key) instanceof Node.Unit);
            // dbt build runs a built model's unit tests one by one, the first failure skipping the rest; dbt test runs each on its own
            String before = built ? previous.put(model, node.key()) : null;
            if (before != null) {
                waits.add(before);
            }
            parents.put(node.key(), waits);
            reads.put(node.key(), read(graph, unit.test().models()));
            if (built) {
                parents.get(model).add(node.key());
            }
        }
    }

    /** Of {@code names}, the nodes of this build, with ephemeral models replaced by what they read. */
    private Set<String> built(ModelGraph graph, Collection<String> names) {
        Set<String> found = new TreeSet<>();
        for (String name : names) {
            if (!graph.contains(name)) {
                continue; // a source
            }
            if (graph.model(name).config().materialized() == Materialization.EPHEMERAL) {
                found.addAll(built(graph, graph.parents(name)));
            } else if (nodes.containsKey(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** Of {@code names}, the seeds and models, with ephemeral models replaced by what they read. */
    private static Set<String> read(ModelGraph graph, Collection<String> names) {
        Set<String> found = new TreeSet<>();
        for (String name : names) {
            if (graph.contains(name)) {
                found.addAll(graph.model(name).config().materialized() == Materialization.EPHEMERAL ? read(graph, graph.parents(name)) : Set.of(name));
            }
        }
        return found;
    }

    /** The seeds and models {@code key} reads, built in this build or not. */
    Set<String> reads(String key) {
        return reads.get(key);
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    Node node(String key) {
        return nodes.get(key);
    }

    /** The nodes of this build that {@code key} waits for. */
    Set<String> parents(String key) {
        return parents.get(key);
    }

    int size() {
        return nodes.size();
    }

    long count(Class<? extends Node> kind) {
        return nodes.values().stream().filter(kind::isInstance).count();
    }
}
