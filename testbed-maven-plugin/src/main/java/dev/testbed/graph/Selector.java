package dev.testbed.graph;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ClosestName;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.ModelConfig;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * dbt's node selection syntax ({@code --select} / {@code --exclude}) over a {@link ModelGraph}.
 *
 * <p>An expression is a space-separated union of terms; a term is a comma-separated intersection of
 * criteria. A criterion is {@code [@][N+]method:value[+N]} or {@code [N+]value[+N]}:
 * <ul>
 *   <li>{@code name} (a model's name, with {@code *}, {@code ?} and {@code [..]} wildcards; {@code *} is every model);
 *       a value with a {@code /} means {@code path:}, one ending in {@code .sql} means {@code file:}, as in dbt;</li>
 *   <li>{@code tag:x} (wildcards allowed), {@code path:models/staging} (a folder or a file, relative to the project
 *       root; wildcards allowed), {@code file:stg_sales.sql}, {@code config.materialized:table} (any config key:
 *       {@code config.schema:marts}, {@code config.incremental_strategy:merge}, ...),
 *       {@code source:raw} / {@code source:raw.raw_sales} (the source itself is not a model, so this selects
 *       nothing unless followed by {@code +}: {@code source:raw+} is every model downstream of it);</li>
 *   <li>{@code +x} adds every ancestor, {@code x+} every descendant, {@code 2+x} / {@code x+1} only as many
 *       generations; {@code @x} adds the descendants and all their ancestors.</li>
 * </ul>
 * An empty expression or {@code *} selects every model; the exclude expression is applied last. A model name
 * that names no model is an error with the closest name as a suggestion; other criteria that match nothing
 * produce a warning, as in dbt.
 */
public final class Selector {

    /** dbt's own pattern (core/dbt/graph/selector_spec.py). */
    private static final Pattern CRITERION = Pattern.compile(
            "(?<at>@)?(?<parents>(?<parentsDepth>\\d*)\\+)?(?:(?<method>[\\w.]+):)?(?<value>.*?)(?<children>\\+(?<childrenDepth>\\d*))?");

    private static final String METHODS = "a model name, tag:, path:, file:, config.<key>:, resource_type:, source:, state:, result:";

    /** dbt's {@code state:} values (core/dbt/graph/selector_methods.py, StateSelectorMethod) that we can tell from the lake. */
    static final Set<String> STATE_VALUES = Set.of("new", "old", "modified", "unmodified", "modified.body", "modified.configs", "modified.macros");

    /** The statuses dbt writes to run_results.json, which {@code result:} matches exactly (ResultSelectorMethod). */
    static final Set<String> RESULT_VALUES = Set.of("success", "error", "skipped", "pass", "fail", "warn");

    private final ModelGraph graph;
    private final Consumer<String> warnings;
    private final String expression;
    private final String role;
    private final NodeStates states;

    private Selector(ModelGraph graph, Consumer<String> warnings, String expression, String role, NodeStates states) {
        this.graph = graph;
        this.states = states;
        this.warnings = warnings;
        this.expression = expression;
        this.role = role;
    }

    /** {@link #select(ModelGraph, String, String, Consumer)} without warnings. */
    public static Set<String> select(ModelGraph graph, String select, String exclude) {
        return select(graph, select, exclude, warning -> {
        });
    }

    /**
     * The names of the selected models, in the graph's topological order.
     *
     * @param select   the selection; null, blank or {@code *} selects every model
     * @param exclude  models to leave out of the selection; null or blank leaves out none
     * @param warnings receives a line for each criterion that matches no model
     * @throws TestbedException for a name that names no enabled model, or a malformed criterion
     */
    public static Set<String> select(ModelGraph graph, String select, String exclude, Consumer<String> warnings) {
        return select(graph, select, exclude, warnings, NodeStates.NONE);
    }

    /**
     * As {@link #select(ModelGraph, String, String, Consumer)}, with {@code state:} and {@code result:} criteria answered
     * by {@code states}.
     */
    public static Set<String> select(ModelGraph graph, String select, String exclude, Consumer<String> warnings, NodeStates states) {
        Set<String> selected = isBlank(select) ? Set.copyOf(graph.topologicalOrder())
                : new Selector(graph, warnings, select.strip(), "select", states).evaluate();
        Set<String> excluded = isBlank(exclude) ? Set.of() : new Selector(graph, warnings, exclude.strip(), "exclude", states).evaluate();
        Set<String> result = new LinkedHashSet<>();
        for (String name : graph.topologicalOrder()) {
            if (selected.contains(name) && !excluded.contains(name)) {
                result.add(name);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** Union of the space-separated terms, each the intersection of its comma-separated criteria. */
    private Set<String> evaluate() {
        Set<String> union = new TreeSet<>();
        for (String term : expression.split("\\s+")) {
            Set<String> intersection = null;
            for (String criterion : term.split(",", -1)) {
                Set<String> matched = criterion(criterion);
                if (intersection == null) {
                    intersection = new TreeSet<>(matched);
                } else {
                    intersection.retainAll(matched);
                }
            }
            union.addAll(intersection);
        }
        return union;
    }

    private Set<String> criterion(String text) {
        Matcher matcher = CRITERION.matcher(text);
        if (text.isEmpty() || !matcher.matches() || matcher.group("value").isEmpty()) {
            throw error("'" + text + "' is not a selector.", "Write e.g. 'stg_sales', '+customer_metrics', 'tag:daily' or 'path:models/staging'; "
                    + "separate selectors with spaces (union) or commas (intersection).");
        }
        boolean at = matcher.group("at") != null;
        boolean withParents = matcher.group("parents") != null;
        boolean withChildren = matcher.group("children") != null;
        if (at && withParents) {
            throw error("'" + text + "' combines '@' with a leading '+'.", "Use either '@" + matcher.group("value") + "' or '+" + matcher.group("value") + "'.");
        }
        int parentsDepth = depth(matcher.group("parentsDepth"));
        int childrenDepth = depth(matcher.group("childrenDepth"));
        String method = matcher.group("method");
        String value = matcher.group("value");
        if (method == null) {
            method = value.contains("/") || value.contains("\\") ? "path" : value.endsWith(".sql") ? "file" : "name";
        }

        if (method.equals("test_type")) {
            // dbt's test_type: selects tests (unit, data, generic, singular), never a model; the test runners read it
            return Set.of();
        }
        Set<String> base = new TreeSet<>();
        Set<String> childrenStart = base;
        if (method.equals("source")) {
            // sources are not models: the selection is what reads them, reached only through '+'
            Set<String> readers = matching(model -> model.sources().stream().anyMatch(source -> sourceMatches(source, value)));
            warnIfEmpty(readers, method + ":" + value, "no model reads a matching source");
            if (!withChildren && !at) {
                warnings.accept("The " + role + " '" + text + "' selects no model: a source is not a model. Write '" + text
                        + "+' for the models downstream of it.");
                return Set.of();
            }
            base = new TreeSet<>(readers);
            childrenStart = readers;
            if (!at && childrenDepth != Integer.MAX_VALUE) {
                childrenDepth--; // the readers are the first generation below the source
            }
            withParents = false; // a source has no ancestors
        } else {
            base.addAll(baseSet(method, value, text));
        }

        Set<String> result = new TreeSet<>(base);
        if (withChildren || at) {
            for (String name : childrenStart) {
                result.addAll(graph.descendants(name, at ? Integer.MAX_VALUE : childrenDepth));
            }
        }
        if (at) {
            for (String name : List.copyOf(result)) {
                result.addAll(graph.ancestors(name));
            }
        } else if (withParents) {
            for (String name : base) {
                result.addAll(graph.ancestors(name, parentsDepth));
            }
        }
        return result;
    }

    private Set<String> baseSet(String method, String value, String text) {
        if (method.equals("name") || method.equals("fqn")) {
            return byName(value);
        }
        if (method.equals("tag")) {
            Predicate<String> tag = glob(value);
            Set<String> matched = matching(model -> model.config().tags().stream().anyMatch(tag));
            warnIfEmpty(matched, "tag:" + value, "tags in use: " + describe(graph.models().stream().flatMap(model -> model.config().tags().stream()).toList()));
            return matched;
        }
        if (method.equals("path")) {
            Predicate<String> path = pathMatcher(value);
            Set<String> matched = matching(model -> path.test(model.file().relativePath()));
            warnIfEmpty(matched, "path:" + value, "paths are relative to the project folder, e.g. path:models/staging");
            return matched;
        }
        if (method.equals("file")) {
            Predicate<String> file = glob(value);
            Set<String> matched = matching(model -> {
                String fileName = Path.of(model.file().relativePath()).getFileName().toString();
                return file.test(fileName) || file.test(model.name());
            });
            warnIfEmpty(matched, "file:" + value, "give a model's file name, e.g. file:stg_sales.sql");
            return matched;
        }
        if (method.startsWith("config.") && method.length() > "config.".length()) {
            String key = method.substring("config.".length());
            Set<String> matched = matching(model -> configValues(model.config(), key).contains(value));
            warnIfEmpty(matched, text, "no enabled model has " + key + " = " + value);
            return matched;
        }
        if (method.equals("resource_type")) {
            // the graph's nodes are models, seeds and snapshots; their data tests follow them
            Set<String> matched = matching(model -> model.config().materialized().resourceType().equals(value));
            warnIfEmpty(matched, text, "the graph's resource types are model, seed and snapshot");
            return matched;
        }
        if (method.equals("state") || method.equals("result")) {
            return fromLake(method, value, text);
        }
        throw error("unknown selector method '" + method + ":' in '" + text + "'.", "Use " + METHODS + ".");
    }

    /** {@code state:modified}, {@code result:error} and the like: what the lake recorded of the last builds and run. */
    private Set<String> fromLake(String method, String value, String text) {
        boolean state = method.equals("state");
        Set<String> allowed = state ? STATE_VALUES : RESULT_VALUES;
        if (!allowed.contains(value)) {
            throw error("'" + text + "' is not a " + method + ": selector.", "Use one of: " + describe(allowed.stream().map(v -> method + ":" + v).toList()) + ".");
        }
        if (!states.available()) {
            throw error("'" + text + "' compares with the lake's last builds, and this selection has no lake to read.",
                    "Use " + method + ": with run-models or verify-metrics, which read the lake.");
        }
        return matching(model -> state ? states.states(model.name()).contains(value) : value.equals(states.lastResult(model.name())));
    }

    private Set<String> byName(String value) {
        if (value.contains("*") || value.contains("?") || value.contains("[")) {
            Set<String> matched = matching(model -> glob(value).test(model.name()));
            warnIfEmpty(matched, value, "no model name matches the pattern");
            return matched;
        }
        if (graph.contains(value)) {
            return Set.of(value);
        }
        ParsedModel disabled = graph.disabledModel(value);
        if (disabled != null) {
            throw error("the model '" + value + "' (" + disabled.file().relativePath() + ") is disabled.",
                    "Enable it (enabled: true) to build it, or leave it out of the " + role + ".");
        }
        if (value.contains(".")) {
            throw error("'" + value + "' names no model; dotted (fqn) selectors are not supported.",
                    "Select a folder with path:, e.g. path:models/staging, or name the model.");
        }
        throw error("no model is named '" + value + "'.", ClosestName.among(value, graph.topologicalOrder())
                .map(name -> "Did you mean '" + name + "'?")
                .orElse("Use " + METHODS + "; a model's name is its file name without .sql."));
    }

    private Set<String> matching(Predicate<ParsedModel> predicate) {
        return graph.models().stream().filter(predicate).map(ParsedModel::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private void warnIfEmpty(Set<String> matched, String criterion, String hint) {
        if (matched.isEmpty()) {
            warnings.accept("The " + role + " criterion '" + criterion + "' matches no enabled model (" + hint + ").");
        }
    }

    private static String describe(Collection<String> values) {
        Set<String> distinct = new TreeSet<>(values);
        return distinct.isEmpty() ? "none" : String.join(", ", distinct);
    }

    private static boolean sourceMatches(SourceKey source, String value) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return glob(value).test(source.sourceName());
        }
        return glob(value.substring(0, dot)).test(source.sourceName()) && glob(value.substring(dot + 1)).test(source.tableName());
    }

    /** The config values a {@code config.<key>:} criterion compares with, in dbt's spelling. */
    private static Set<String> configValues(ModelConfig config, String key) {
        Object value = switch (key) {
            case "materialized" -> config.materialized() == null ? null : config.materialized().name().toLowerCase(Locale.ROOT);
            case "schema" -> config.schema();
            case "tags" -> config.tags();
            case "enabled" -> config.enabled();
            case "unique_key" -> config.uniqueKey();
            case "incremental_strategy" -> config.incrementalStrategy() == null ? null : strategy(config.incrementalStrategy());
            default -> config.raw() == null ? null : config.raw().get(key);
        };
        if (value == null) {
            return Set.of();
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        if (value instanceof Map<?, ?>) {
            return Set.of();
        }
        return Set.of(String.valueOf(value));
    }

    private static String strategy(IncrementalStrategy strategy) {
        return strategy == IncrementalStrategy.DELETE_INSERT ? "delete+insert" : strategy.name().toLowerCase(Locale.ROOT);
    }

    /**
     * dbt's path method: the value (relative to the project root) is a folder containing the model's file,
     * or the file itself; {@code .sql} may be left out; wildcards match the file or one of its folders.
     */
    private static Predicate<String> pathMatcher(String value) {
        String path = value.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        String wanted = path;
        if (wanted.contains("*") || wanted.contains("?") || wanted.contains("[")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + wanted);
            return relative -> {
                for (Path candidate = Path.of(relative); candidate != null; candidate = candidate.getParent()) {
                    if (matcher.matches(candidate)) {
                        return true;
                    }
                }
                return false;
            };
        }
        return relative -> relative.equals(wanted) || relative.equals(wanted + ".sql") || relative.startsWith(wanted + "/");
    }

    /** Shell-style wildcards as in Python's fnmatch: {@code *}, {@code ?}, {@code [abc]}; everything else literal. */
    static Predicate<String> glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '[' ? pattern.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = pattern.substring(i + 1, close);
                boolean negated = set.startsWith("!");
                regex.append('[').append(negated ? "^" : "").append(characterSet(negated ? set.substring(1) : set)).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled = Pattern.compile(regex.toString());
        return text -> compiled.matcher(text).matches();
    }

    /** The inside of a {@code [..]} wildcard for a Java regex: ranges kept, regex syntax escaped. */
    private static String characterSet(String set) {
        StringBuilder out = new StringBuilder();
        for (char c : set.toCharArray()) {
            if ("\\[]&^".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int depth(String digits) {
        return digits == null || digits.isEmpty() || digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private TestbedException error(String problem, String suggestion) {
        return new TestbedException("Cannot " + role + " models with '" + expression + "': " + problem, suggestion);
    }
}
