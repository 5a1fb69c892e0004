package dev.testbed.graph;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ClosestName;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dependency graph of a project's enabled models: an edge from a model to each model it
 * {@code ref()}s. Building it checks what dbt checks when it builds its DAG: every ref names an enabled
 * model, every {@code source()} is declared, and there is no cycle. Immutable and safe to share between threads.
 *
 * <p>Names in sets returned here are sorted alphabetically, so output built from them is deterministic.
 */
public final class ModelGraph {

    private final Map<String, ParsedModel> models;
    private final Map<String, ParsedModel> disabled;
    private final Map<String, SortedSet<String>> parents;
    private final Map<String, SortedSet<String>> children;
    private final List<String> order;

    private ModelGraph(Map<String, ParsedModel> models, Map<String, ParsedModel> disabled, Map<String, SortedSet<String>> parents,
                       Map<String, SortedSet<String>> children, List<String> order) {
        this.models = models;
        this.disabled = disabled;
        this.parents = parents;
        this.children = children;
        this.order = order;
    }

    /**
     * Builds the graph.
     *
     * @param models          every parsed model of the project, enabled or not; disabled ones are left out of the
     *                        graph (and refs to them are errors)
     * @param declaredSources the source tables the properties files declare
     * @throws TestbedException if a ref names a missing or disabled model, a source is not declared (all such problems
     *                          are reported together), two models share a name, or the refs form a cycle
     */
    public static ModelGraph build(Collection<ParsedModel> models, Collection<SourceKey> declaredSources) {
        Map<String, ParsedModel> enabled = new TreeMap<>();
        Map<String, ParsedModel> disabled = new TreeMap<>();
        Map<String, ParsedModel> all = new TreeMap<>();
        for (ParsedModel model : models) {
            ParsedModel earlier = all.putIfAbsent(model.name(), model);
            if (earlier != null) {
                throw new TestbedException("Two models are named '" + model.name() + "': " + earlier.file().relativePath() + " and "
                        + model.file().relativePath() + ".", "Model names must be unique in a project: rename one of the files.");
            }
            (model.config().enabled() ? enabled : disabled).put(model.name(), model);
        }

        Set<SourceKey> sources = Set.copyOf(declaredSources);
        List<String[]> problems = new ArrayList<>();
        Map<String, SortedSet<String>> parents = new TreeMap<>();
        Map<String, SortedSet<String>> children = new TreeMap<>();
        enabled.keySet().forEach(name -> {
            parents.put(name, new TreeSet<>());
            children.put(name, new TreeSet<>());
        });
        for (ParsedModel model : enabled.values()) {
            for (String ref : new LinkedHashSet<>(model.refs())) {
                if (enabled.containsKey(ref)) {
                    parents.get(model.name()).add(ref);
                    children.get(ref).add(model.name());
                } else {
                    problems.add(refProblem(model, ref, enabled, disabled));
                }
            }
            for (SourceKey source : new LinkedHashSet<>(model.sources())) {
                if (!sources.contains(source)) {
                    problems.add(sourceProblem(model, source, sources));
                }
            }
        }
        if (problems.size() == 1) {
            throw new TestbedException(problems.get(0)[0], problems.get(0)[1]);
        }
        if (!problems.isEmpty()) {
            String list = problems.stream().map(problem -> "  - " + problem[0] + " " + problem[1]).collect(Collectors.joining(System.lineSeparator()));
            throw new TestbedException(problems.size() + " models refer to things that do not exist or are disabled:" + System.lineSeparator() + list,
                    "Fix each ref() and source() named above.");
        }

        List<String> order = topologicalSort(enabled, parents, children);
        Map<String, SortedSet<String>> frozenParents = freeze(parents);
        Map<String, SortedSet<String>> frozenChildren = freeze(children);
        return new ModelGraph(Collections.unmodifiableMap(enabled), Collections.unmodifiableMap(disabled), frozenParents, frozenChildren, order);
    }

    private static String[] refProblem(ParsedModel model, String ref, Map<String, ParsedModel> enabled, Map<String, ParsedModel> disabled) {
        String where = location(model.file(), refLine(model.file(), ref));
        ParsedModel off = disabled.get(ref);
        if (off != null) {
            return new String[] {
                where + ": model '" + model.name() + "' refers to ref('" + ref + "'), but model '" + ref + "' (" + off.file().relativePath() + ") is disabled.",
                "Enable '" + ref + "' (remove enabled: false from its config(), properties file or dbt_project.yml folder config), or disable '"
                        + model.name() + "' too, or remove the ref."};
        }
        String suggestion = ClosestName.among(ref, enabled.keySet())
                .map(name -> "Did you mean '" + name + "' (" + enabled.get(name).file().relativePath() + ")?")
                .orElse("Check the name: a model is named after its .sql file under the model paths.");
        return new String[] {where + ": model '" + model.name() + "' refers to ref('" + ref + "'), but no model is named '" + ref + "'.", suggestion};
    }

    private static String[] sourceProblem(ParsedModel model, SourceKey source, Set<SourceKey> declared) {
        String where = location(model.file(), sourceLine(model.file(), source));
        String call = "source('" + source.sourceName() + "', '" + source.tableName() + "')";
        Map<String, SourceKey> byText = new TreeMap<>();
        declared.forEach(key -> byText.put(key.toString(), key));
        String suggestion = ClosestName.among(source.toString(), byText.keySet())
                .map(byText::get)
                .map(key -> "Did you mean source('" + key.sourceName() + "', '" + key.tableName() + "')?")
                .orElseGet(() -> {
                    String tables = declared.stream().filter(key -> key.sourceName().equals(source.sourceName())).map(SourceKey::tableName).sorted()
                            .collect(Collectors.joining(", "));
                    return tables.isEmpty()
                            ? "Declare it in a .yml file under the model paths: 'sources:' with '- name: " + source.sourceName() + "' and a table '- name: "
                                    + source.tableName() + "'."
                            : "Source '" + source.sourceName() + "' declares the tables: " + tables + ". Add '" + source.tableName() + "' to its tables, or fix the name.";
                });
        return new String[] {where + ": model '" + model.name() + "' reads " + call + ", which no properties file declares.", suggestion};
    }

    /** Kahn's algorithm, alphabetical among the models that are ready; a leftover means a cycle. */
    private static List<String> topologicalSort(Map<String, ParsedModel> models, Map<String, SortedSet<String>> parents,
                                                Map<String, SortedSet<String>> children) {
        Map<String, Integer> waiting = new TreeMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>();
        parents.forEach((name, ofName) -> {
            waiting.put(name, ofName.size());
            if (ofName.isEmpty()) {
                ready.add(name);
            }
        });
        List<String> order = new ArrayList<>(models.size());
        while (!ready.isEmpty()) {
            String next = ready.poll();
            order.add(next);
            for (String child : children.get(next)) {
                if (waiting.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (order.size() < models.size()) {
            Set<String> left = new TreeSet<>(models.keySet());
            order.forEach(left::remove);
            throw cycleError(findCycle(left, parents), models);
        }
        return List.copyOf(order);
    }

    /**
     * A cycle among the models Kahn's algorithm could not order: each of them has a parent among them, so
     * following parents must come back to a model already seen. Returned so that each model refs the next,
     * starting at the alphabetically first model of the cycle.
     */
    private static List<String> findCycle(Set<String> left, Map<String, SortedSet<String>> parents) {
        List<String> path = new ArrayList<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        String current = left.iterator().next();
        while (!position.containsKey(current)) {
            position.put(current, path.size());
            path.add(current);
            current = parents.get(current).stream().filter(left::contains).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(position.get(current), path.size()));
        int first = cycle.indexOf(Collections.min(cycle));
        Collections.rotate(cycle, -first);
        return cycle;
    }

    private static TestbedException cycleError(List<String> cycle, Map<String, ParsedModel> models) {
        List<String> spelled = new ArrayList<>(cycle);
        spelled.add(cycle.get(0));
        StringBuilder problem = new StringBuilder("The models' refs form a cycle: ").append(String.join(" -> ", spelled));
        for (int i = 0; i < cycle.size(); i++) {
            ModelFile file = models.get(cycle.get(i)).file();
            String target = spelled.get(i + 1);
            problem.append(System.lineSeparator()).append("    ").append(location(file, refLine(file, target)))
                    .append(": ").append(cycle.get(i)).append(" refs ").append(target);
        }
        String suggestion = cycle.size() == 1
                ? "A model cannot ref() itself; an incremental model reads its own table with {{ this }}."
                : "Remove one of these refs: models must form a directed acyclic graph.";
        return new TestbedException(problem.toString(), suggestion);
    }

    private static String location(ModelFile file, int line) {
        return line > 0 ? file.relativePath() + ", line " + line : file.relativePath();
    }

    /** The line of the first {@code ref('name')} (or {@code ref('package', 'name')}) in the file, or 0 if not found literally. */
    static int refLine(ModelFile file, String name) {
        return lineOf(file.sql(), Pattern.compile("\\bref\\s*\\(\\s*(?:['\"][^'\"]*['\"]\\s*,\\s*)?['\"]" + Pattern.quote(name) + "['\"]"));
    }

    static int sourceLine(ModelFile file, SourceKey source) {
        return lineOf(file.sql(), Pattern.compile("\\bsource\\s*\\(\\s*['\"]" + Pattern.quote(source.sourceName()) + "['\"]\\s*,\\s*['\"]"
                + Pattern.quote(source.tableName()) + "['\"]"));
    }

    private static int lineOf(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < matcher.start(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Map<String, SortedSet<String>> freeze(Map<String, SortedSet<String>> edges) {
        Map<String, SortedSet<String>> frozen = new TreeMap<>();
        edges.forEach((name, set) -> frozen.put(name, Collections.unmodifiableSortedSet(set)));
        return Collections.unmodifiableMap(frozen);
    }

    // ---------------------------------------------------------------- queries

    /** Every enabled model's name in an order where each model comes after all its parents; alphabetical among models ready at the same time. */
    public List<String> topologicalOrder() {
        return order;
    }

    /** The enabled models in {@link #topologicalOrder()}. */
    public Collection<ParsedModel> models() {
        return order.stream().map(models::get).toList();
    }

    /** True if an enabled model has this name. */
    public boolean contains(String name) {
        return models.containsKey(name);
    }

    /**
     * The enabled model of this name.
     *
     * @throws IllegalArgumentException if there is none (as do the other queries that take a name)
     */
    public ParsedModel model(String name) {
        return models.get(known(name));
    }

    /** The models this model refs directly. */
    public Set<String> parents(String name) {
        return parents.get(known(name));
    }

    /** The models that ref this model directly. */
    public Set<String> children(String name) {
        return children.get(known(name));
    }

    /** Every model this model depends on, directly or not (not the model itself). */
    public Set<String> ancestors(String name) {
        return ancestors(name, Integer.MAX_VALUE);
    }

    /** Every model that depends on this model, directly or not (not the model itself). */
    public Set<String> descendants(String name) {
        return descendants(name, Integer.MAX_VALUE);
    }

    /** The ancestors at most {@code depth} refs away ({@code 1} = parents). */
    public Set<String> ancestors(String name, int depth) {
        return walk(known(name), parents, depth);
    }

    /** The descendants at most {@code depth} refs away ({@code 1} = children). */
    public Set<String> descendants(String name, int depth) {
        return walk(known(name), children, depth);
    }

    /** A disabled model of this name, or null: for messages about selections. */
    ParsedModel disabledModel(String name) {
        return disabled.get(name);
    }

    /** Breadth-first, so a depth limit counts the shortest distance. */
    private static Set<String> walk(String start, Map<String, SortedSet<String>> edges, int depth) {
        Set<String> seen = new TreeSet<>();
        Deque<String> frontier = new ArrayDeque<>(List.of(start));
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            Deque<String> next = new ArrayDeque<>();
            for (String name : frontier) {
                for (String neighbour : edges.get(name)) {
                    if (!neighbour.equals(start) && seen.add(neighbour)) {
                        next.add(neighbour);
                    }
                }
            }
            frontier = next;
        }
        return Collections.unmodifiableSet(seen);
    }

    private String known(String name) {
        Objects.requireNonNull(name, "name");
        if (!models.containsKey(name)) {
            throw new IllegalArgumentException("No enabled model named '" + name + "' in the graph");
        }
        return name;
    }
}
