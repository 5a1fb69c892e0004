package dev.testbed.unit;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceKey;
import dev.testbed.project.UnitTestDefinition;
import dev.testbed.results.DataTest;
import dev.testbed.results.Severity;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestName;
import dev.testbed.results.Threshold;
import dev.testbed.state.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's unit tests, as dbt-core 1.11 parses them (parser/unit_tests.py): each tests an enabled model of the
 * project, is compiled with its inputs replaced by fixture CTEs, and is selected with its model, by name, by tag or by
 * {@code test_type:unit}. A unit test of a disabled model is disabled, as in dbt.
 */
public final class UnitTests {

    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");
    private static final Pattern SOURCE = Pattern.compile("\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    private UnitTests() {
    }

    /**
     * Every enabled unit test of the project, compiled; a test that does not compile is kept with its error, to be reported
     * as an ERROR when it runs, as dbt reports it.
     *
     * @throws TestbedException for a unit test of a model that does not exist, a malformed input, or an incremental model
     *                          tested without the {@code is_incremental} override dbt requires
     */
    public static List<UnitTest> collect(Project project, ModelCompiler compiler, ModelGraph graph) {
        List<UnitTest> tests = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (UnitTestDefinition definition : project.unitTests()) {
            String where = definition.file() + ", line " + definition.line() + ": unit test '" + definition.name() + "'";
            if (!graph.contains(definition.model())) {
                if (project.models().stream().anyMatch(m -> m.name().equals(definition.model()))) {
                    continue; // the model is disabled, and so is its unit test
                }
                throw new TestbedException(where + ": Unable to find model '" + project.name() + "." + definition.model() + "'.",
                        "Name a model of this project in 'model:'.");
            }
            if (!definition.enabled()) {
                continue;
            }
            String id = "unit_test." + project.packageOf(definition.model()) + "." + definition.model() + "." + definition.name();
            if (!ids.add(id)) {
                throw new TestbedException(where + ": a unit test of this name already tests model " + definition.model() + ".",
                        "Give each unit test of a model its own name.");
            }
            tests.add(compile(project, compiler, graph, definition, id, where));
        }
        tests.sort(Comparator.comparing(UnitTest::name));
        return List.copyOf(tests);
    }

    private static UnitTest compile(Project project, ModelCompiler compiler, ModelGraph graph, UnitTestDefinition definition, String id, String where) {
        ParsedModel model = graph.model(definition.model());
        if (model.config().materialized() == Materialization.SEED) {
            throw new TestbedException(where + ": '" + model.name() + "' is a seed; dbt unit tests test SQL models only.", "Test a model instead.");
        }
        Inputs inputs = Inputs.of(project, graph, model, definition, where);
        boolean incremental = incremental(model, definition, inputs, where);
        TestName name = new TestName(definition.name(), definition.name(), id);
        TestConfig config = new TestConfig(Severity.ERROR, Threshold.ANY, Threshold.ANY, definition.tags(), null);
        String header = "/* unit test " + definition.name() + " of model " + model.name() + ": "
                + (definition.definition() + inputsCode(project, graph, inputs.refs().keySet())).replace("*/", "* /") + " */\n";
        // is_incremental is the CompileContext's; a namespaced name would need the namespace object replaced
        List<String> unsupported = definition.overrides().macros().keySet().stream().filter(m -> m.contains(".")).sorted().toList();
        if (!unsupported.isEmpty()) {
            String error = definition.file() + ": overrides.macros " + unsupported + " of unit test '" + definition.name() + "': this engine "
                    + "overrides macros by their bare name only; write the name without its package (it then applies to every call of that name)";
            return new UnitTest(definition, new DataTest(name, "unit", model.name(), null, config, null, error, inputs.refs().keySet(), definition.file()),
                    model, null, inputs.list(), null);
        }
        Map<String, Object> macroValues = new LinkedHashMap<>(definition.overrides().macros());
        macroValues.remove("is_incremental");
        ModelCompiler overridden = compiler.withOverrides(definition.overrides().vars(), definition.overrides().envVars(), macroValues);
        CompileContext context = new CompileContext(inputs.refs()::get, inputs.sources()::get, incremental,
                inputs.self() != null ? inputs.self() : compiler.relationFor(model));
        String origin = definition.file() + ", unit test " + definition.name();
        try {
            String compiled = overridden.compile(model, context);
            List<UnitTest.Input> rendered = new ArrayList<>();
            for (UnitTest.Input input : inputs.list()) {
                rendered.add(input.fixture().format() != UnitTestDefinition.Format.SQL ? input : new UnitTest.Input(input.cte(), input.model(),
                        input.source(), input.fixture(), render(compiler, graph, input.fixture().text(), origin + ", input " + input.fixture().input())));
            }
            String expectedSql = definition.expect().format() != UnitTestDefinition.Format.SQL ? null
                    : render(compiler, graph, definition.expect().text(), origin + ", expect");
            DataTest test = new DataTest(name, "unit", model.name(), null, config, header + renderedText(rendered, definition, expectedSql) + compiled,
                    null, inputs.refs().keySet(), definition.file());
            return new UnitTest(definition, test, model, compiled, List.copyOf(rendered), expectedSql);
        } catch (TestbedException e) {
            List<String> missing = inputs.missing(model);
            String error = "Compilation Error in unit test " + definition.name() + " (" + definition.file() + "): " + e.getMessage()
                    + (missing.isEmpty() ? "" : "; inputs not given: " + missing);
            return new UnitTest(definition, new DataTest(name, "unit", model.name(), null, config, null, error, inputs.refs().keySet(), definition.file()),
                    model, null, inputs.list(), null);
        }
    }

    /**
     * The given inputs, resolved: what each {@code ref} and {@code source} of the model renders in the test (its fixture's
     * CTE), and the CTE of {@code this}, or null.
     */
    private record Inputs(List<UnitTest.Input> list, Map<String, String> refs, Map<SourceKey, String> sources, String self) {

        static Inputs of(Project project, ModelGraph graph, ParsedModel model, UnitTestDefinition definition, String where) {
            List<UnitTest.Input> inputs = new ArrayList<>();
            Map<String, String> refs = new LinkedHashMap<>();
            Map<SourceKey, String> sources = new LinkedHashMap<>();
            String self = null;
            for (UnitTestDefinition.Fixture fixture : definition.given()) {
                Matcher ref = REF.matcher(fixture.input());
                Matcher source = SOURCE.matcher(fixture.input());
                if (fixture.input().strip().equals("this")) {
                    self = UnitTest.CTE_PREFIX + model.name();
                    inputs.add(new UnitTest.Input(self, model.name(), null, fixture, null));
                } else if (ref.matches()) {
                    String name = ref.group(1);
                    if (!graph.contains(name)) {
                        throw new TestbedException(where + " had an input (" + fixture.input() + ") which was not found in the project.",
                                "Name a model or seed of this project in the input.");
                    }
                    refs.put(name, UnitTest.CTE_PREFIX + name);
                    inputs.add(new UnitTest.Input(UnitTest.CTE_PREFIX + name, name, null, fixture, null));
                } else if (source.matches()) {
                    SourceKey key = new SourceKey(source.group(1), source.group(2));
                    if (project.sources().stream().noneMatch(s -> s.key().equals(key))) {
                        throw new TestbedException(where + " had an input (" + fixture.input() + ") which was not found in the project.",
                                "Declare the source table under sources: in a properties file.");
                    }
                    String cte = UnitTest.CTE_PREFIX + key.sourceName() + "__" + key.tableName();
                    sources.put(key, cte);
                    inputs.add(new UnitTest.Input(cte, null, key, fixture, null));
                } else {
                    throw new TestbedException(where + ": the input '" + fixture.input() + "' is not ref(...), source(...) or this.",
                            "Write the input as dbt does: input: ref('model'), input: source('source', 'table') or input: this.");
                }
            }
            return new Inputs(List.copyOf(inputs), Map.copyOf(refs), Map.copyOf(sources), self);
        }

        /** The refs and sources of the model that the test gives no rows for: dbt fails on those too. */
        List<String> missing(ParsedModel model) {
            List<String> missing = new ArrayList<>();
            model.refs().stream().filter(r -> !refs.containsKey(r)).forEach(r -> missing.add("ref('" + r + "')"));
            model.sources().stream().filter(s -> !sources.containsKey(s)).forEach(s -> missing.add("source('" + s.sourceName() + "', '" + s.tableName() + "')"));
            return missing;
        }
    }

    /**
     * What {@code is_incremental()} returns in the test. As dbt requires (parser/unit_tests.py), a unit test of an
     * incremental model that calls it must override it with a boolean, and with true give a {@code this} input.
     */
    private static boolean incremental(ParsedModel model, UnitTestDefinition definition, Inputs inputs, String where) {
        Object override = definition.overrides().macros().get("is_incremental");
        if (model.config().materialized() == Materialization.INCREMENTAL && model.file().sql().contains("is_incremental")) {
            if (!(override instanceof Boolean)) {
                throw new TestbedException(where + ": Boolean override for 'is_incremental' must be provided for unit test '" + definition.name()
                        + "' in model '" + model.name() + "'.", "Add overrides: {macros: {is_incremental: true}} (or false), as dbt requires.");
            }
            if (Boolean.TRUE.equals(override) && inputs.self() == null) {
                throw new TestbedException(where + ": Unit test '" + definition.name() + "' for incremental model '" + model.name()
                        + "' must have a 'this' input.", "Add '- input: this' with the rows the model's table holds before the run.");
            }
        }
        return Boolean.TRUE.equals(override);
    }

    /**
     * sql rows as dbt renders them: Jinja with the project's macros, vars and environment, refs to the lake's relations.
     * Not with the test's overrides: dbt renders the rows outside the test's context (checked with dbt-core 1.11.4: a
     * {@code var} or {@code env_var} the test overrides renders its project value in given and expected sql rows).
     */
    private static String render(ModelCompiler compiler, ModelGraph graph, String sql, String what) {
        CompileContext context = new CompileContext(name -> graph.contains(name) ? compiler.relationFor(graph.model(name)) : null,
                compiler::sourceRelation, false, null);
        return compiler.renderOperation(sql, what, context, Map.of());
    }

    /** A sql fixture's Jinja may read vars or macros: its rendered text belongs to the definition too. */
    private static String renderedText(List<UnitTest.Input> inputs, UnitTestDefinition definition, String expectedSql) {
        StringBuilder text = new StringBuilder();
        inputs.stream().filter(i -> i.sql() != null && !i.sql().equals(i.fixture().text()))
                .forEach(i -> text.append("/* ").append(i.cte()).append(": ").append(i.sql().replace("*/", "* /")).append(" */\n"));
        if (expectedSql != null && !expectedSql.equals(definition.expect().text())) {
            text.append("/* expect: ").append(expectedSql.replace("*/", "* /")).append(" */\n");
        }
        return text.toString();
    }

    /**
     * What the column types of the ref inputs follow from: each input model's code and config, a seed's file. A change
     * there changes the test's definition, so that the up-to-date check reruns it; new rows in an input do not.
     */
    private static String inputsCode(Project project, ModelGraph graph, Set<String> inputs) {
        StringBuilder text = new StringBuilder();
        for (String input : inputs) {
            ParsedModel parsed = graph.model(input);
            text.append("\ninput ").append(input).append(' ')
                    .append(Fingerprint.hash(parsed.file().sql() + "\n" + new TreeMap<>(parsed.config().raw())));
            project.seeds().stream().filter(seed -> seed.name().equals(input)).findFirst().ifPresent(seed -> {
                try {
                    text.append(" seed ").append(Fingerprint.hash(Files.readString(seed.path())));
                } catch (IOException e) {
                    text.append(" seed unreadable"); // loading the seed fails on its own, with its own message
                }
            });
        }
        return text.toString();
    }

    /**
     * The unit tests a selection picks, as dbt build's: those of the selected models (all, when nothing is selected),
     * those named, those with a selected tag, and all of them for {@code test_type:unit}; a term
     * {@code test_type:data} (or generic, singular) selects none of them. Exclusion works the same way.
     *
     * @param selectedModels the models the selection picks, without the excluded ones (every model for an empty selection)
     * @param byResult       whether a {@code result:} term selects a test by its name, as dbt's result method selects tests
     */
    public static List<UnitTest> select(List<UnitTest> tests, String selection, String exclusion, Set<String> selectedModels,
                                        Predicate<String> byResult) {
        return tests.stream()
                .filter(t -> selectedModels.contains(t.model().name()) || !blank(selection) && (matches(t, selection) || byResult.test(t.name())))
                .filter(t -> blank(exclusion) || !matches(t, exclusion))
                .toList();
    }

    /**
     * The selection without its terms that name a unit test (and no model), for the model and data-test selectors, which
     * know no unit tests. A selection of unit tests only becomes blank, which would select everything: ask
     * {@link #onlyUnitTests} first.
     */
    public static String withoutNames(String selection, List<UnitTest> tests, Set<String> models) {
        if (blank(selection)) {
            return selection;
        }
        Set<String> names = new java.util.HashSet<>();
        tests.forEach(t -> names.add(t.name()));
        return String.join(" ", Arrays.stream(selection.strip().split("\\s+")).filter(term -> !names.contains(term) || models.contains(term)).toList());
    }

    /** Whether every term of the selection names a unit test: then no model and no data test is selected. */
    public static boolean onlyUnitTests(String selection, List<UnitTest> tests, Set<String> models) {
        return !blank(selection) && blank(withoutNames(selection, tests, models));
    }

    private static boolean matches(UnitTest test, String expression) {
        return Arrays.stream(expression.strip().split("[\\s,]+")).anyMatch(term -> term.equals("test_type:unit") || term.equals(test.name())
                || term.startsWith("tag:") && test.test().config().tags().contains(term.substring("tag:".length())));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
