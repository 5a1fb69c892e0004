package dev.testbed.compile;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.Importable;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.tree.Node;
import dev.testbed.core.TestbedException;
import dev.testbed.project.BuiltinMacros;
import dev.testbed.project.MacroFile;
import dev.testbed.project.Package;
import dev.testbed.project.Project;
import dev.testbed.project.RequiredDbtVersion;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * One Jinjava instance set up like dbt's Jinja, the project's macros (parsed and defined once) and a cache of parsed
 * templates. Thread-safe: every render gets its own interpreter and scope; parsed templates and macros are shared.
 */
final class JinjaEnvironment {

    /** Attributes of the objects templates get (target, relations), for "did you mean" on unknown attributes. */
    static final Set<String> ATTRIBUTES = Set.of("name", "schema", "type", "database", "identifier", "table");

    /** Parts of dbt's template context that this engine does not offer: named in their own message. */
    static final Set<String> UNSUPPORTED_DBT = Set.of("builtins", "model", "flags", "selected_resources", "fromyaml", "toyaml",
            "local_md5", "source_exists");

    /** What to say about a name of dbt's template context that this engine does not offer. */
    static final String SUPPORTED = "This engine supports ref, source, config, var, env_var, is_incremental, return, log, print, this, target, execute, "
            + "project_name, exceptions.raise_compiler_error, exceptions.warn, doc (in descriptions), run_query, statement, load_result, "
            + "store_result, adapter.dispatch, adapter.get_relation, adapter.get_columns_in_relation, adapter.quote, api.Relation.create, "
            + "modules.datetime, modules.re, graph.nodes, graph.sources, zip, tojson, fromjson, invocation_id, run_started_at, dbt_version, the project's "
            + "macros and the macros of the built-in dbt package (dbt.name(...)).";

    /** dbt's {@code modules}: the Python modules macros may use. */
    private static final Map<String, Object> MODULES = Map.of("datetime", PythonDatetime.MODULE, "re", PythonRe.MODULE);

    /** dbt's {@code api}: {@code api.Relation.create(database=, schema=, identifier=, type=)}. */
    private static final Map<String, Object> API = Map.of("Relation", Map.of("create", new Builtins.Builtin("create", (render, args, kwargs) -> {
        Map<String, Object> named = Introspection.named(render, "api.Relation.create", args, kwargs, List.of("database", "schema", "identifier", "type"));
        Relation relation = Relation.of(text(named.get("database")), text(named.get("schema")), text(named.get("identifier")));
        return named.get("type") == null ? relation : relation.withType(String.valueOf(named.get("type")));
    })));

    record Template(Node root, List<TemplateError> parseErrors) {
    }

    private final Project project;
    private final Target target;
    private final Map<String, Object> vars;
    private final Map<String, Object> overrides;
    private final Map<String, Map<String, Object>> packageVars = new ConcurrentHashMap<>();
    private final Map<String, String> environment;
    /** The names env_var() looked up, set or not: an up-to-date proof compares their values next time. */
    private final Set<String> environmentRead = ConcurrentHashMap.newKeySet();
    private final Map<SourceKey, SourceTable> sources;
    private final Set<String> modelNames;
    private final Set<String> sourceNames;
    private final JinjavaConfig config;
    private final Jinjava jinjava;
    private final JinjaTarget jinjaTarget;
    private final TemplateContext library;
    private final ConcurrentMap<String, Template> templates = new ConcurrentHashMap<>();
    private final Set<String> filterNames;
    private final Set<String> testNames;
    private final Set<String> tagNames;
    private final Set<String> jinjavaFunctionNames;
    private final MacroNamespaces macros;
    private final JinjaAdapter adapter;
    private final Set<String> callableNames;
    /** dbt's {@code graph}: empty while parsing, the parsed project's nodes after {@link #useGraph}. */
    private volatile Map<String, Object> graph = JinjaGraph.empty();
    /** dbt's {@code invocation_id} and {@code run_started_at}: one per compiler, which serves one run. */
    private final String invocationId = java.util.UUID.randomUUID().toString();
    private final PythonDatetime.DateTime runStartedAt = new PythonDatetime.DateTime(
            java.time.LocalDateTime.now(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC);

    /** A unit test's {@code overrides.macros}: each named macro returns the value instead of running (empty otherwise). */
    private List<MacroFunction> macroOverrides = List.of();

    JinjaEnvironment(Project project, Target target, Map<String, Object> varOverrides, Map<String, String> environment) {
        this.project = project;
        this.target = target;
        Map<String, Object> allVars = new HashMap<>();
        if (project.vars() != null) {
            allVars.putAll(project.vars());
        }
        if (varOverrides != null) {
            allVars.putAll(varOverrides);
        }
        this.vars = allVars;
        this.overrides = varOverrides == null ? Map.of() : new HashMap<>(varOverrides);
        this.environment = environment == null ? Map.of() : Map.copyOf(environment);
        this.sources = new LinkedHashMap<>();
        if (project.sources() != null) {
            project.sources().forEach(table -> sources.put(table.key(), table));
        }
        this.modelNames = project.models() == null ? Set.of()
                : project.models().stream().map(model -> model.name()).collect(Collectors.toCollection(TreeSet::new));
        this.sourceNames = sources.keySet().stream().map(SourceKey::toString).collect(Collectors.toCollection(TreeSet::new));
        this.config = JinjavaConfig.newBuilder()
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withUseSnakeCasePropertyNaming(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(200)
                .build();
        this.jinjava = new CallableValues(config);
        this.jinjaTarget = new JinjaTarget(target);
        this.library = TemplateContext.library();
        this.filterNames = names(library.getAllFilters());
        this.testNames = names(library.getAllExpTests());
        this.tagNames = names(library.getAllTags());
        this.jinjavaFunctionNames = library.getAllFunctions().stream().map(ELFunctionDefinition::getLocalName)
                .collect(Collectors.toCollection(TreeSet::new));
        this.macros = loadMacros();
        this.adapter = new JinjaAdapter(new MacroDispatch(project, macros));
        Set<String> callables = new TreeSet<>(Builtins.NAMES);
        callables.addAll(Introspection.NAMES);
        callables.addAll(macros.flat(project.name()).keySet());
        callables.addAll(jinjavaFunctionNames);
        this.callableNames = callables;
    }

    Project project() {
        return project;
    }

    Target target() {
        return target;
    }

    /** Project vars with the overrides applied. */
    Map<String, Object> vars() {
        return vars;
    }

    /** The vars a node or macro of the package sees: the package's scoped vars ({@link Package#vars()}) with the overrides applied. */
    Map<String, Object> vars(String packageName) {
        Package dependency = project.dependency(packageName);
        if (dependency == null) {
            return vars;
        }
        return packageVars.computeIfAbsent(packageName, name -> {
            Map<String, Object> scoped = new HashMap<>(dependency.vars());
            scoped.putAll(overrides);
            return scoped;
        });
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The value env_var() sees for the name, null when unset; remembers that the project read it. */
    String environmentValue(String name) {
        environmentRead.add(name);
        return environment.get(name);
    }

    Set<String> environmentRead() {
        return Set.copyOf(environmentRead);
    }

    SourceTable source(SourceKey key) {
        return sources.get(key);
    }

    Set<String> sourceNames() {
        return sourceNames;
    }

    /** The root project's and its packages' names. */
    Set<String> packageNames() {
        Set<String> names = new TreeSet<>(List.of(project.name()));
        project.packages().forEach(dependency -> names.add(dependency.name()));
        return names;
    }

    Set<String> modelNames() {
        return modelNames;
    }

    Set<String> filterNames() {
        return filterNames;
    }

    Set<String> testNames() {
        return testNames;
    }

    Set<String> tagNames() {
        return tagNames;
    }

    /** dbt functions, project macros and Jinjava functions. */
    Set<String> callableNames() {
        return callableNames;
    }

    /** A macro of the root project (not of dbt's package: the engine's own defaults stand for those), or null. */
    ProjectMacro macro(String name) {
        return macros.inPackage(project.name(), name);
    }

    /** A macro of a package (the root project, a package or dbt), or null. */
    ProjectMacro macro(String packageName, String name) {
        return macros.inPackage(packageName, name);
    }

    /** The macro {@code adapter.dispatch(macroName, namespace)} finds when called from the root project, or null. */
    ProjectMacro dispatched(String macroName, String namespace) {
        return new MacroDispatch(project, macros).resolve(macroName, namespace, project.name()).macro();
    }

    /** The template for a text, parsed once. */
    Template template(String text) {
        return templates.computeIfAbsent(text, this::parse);
    }

    private Template parse(String text) {
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, TemplateContext.under(library, null), config);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Node root = interpreter.parse(text);
            return new Template(root, List.copyOf(interpreter.getErrors()));
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /** Renders a template for a render; throws the first problem as a TestbedException. */
    String render(Render render, Template template, Map<String, Object> globals) {
        return run(render, template, globals, true).output();
    }

    /** The value of one Jinja expression, as Jinja computes it: a number stays a number, a list a list. */
    Object evaluate(Render render, String expression, Map<String, Object> globals) {
        String variable = "__testbed_value";
        return run(render, template("{% set " + variable + " = " + expression + " %}"), globals, true).context().get(variable);
    }

    /** The variables every render sees, besides the dbt functions and macros. */
    Map<String, Object> globals(boolean execute, Relation self, Map<String, Object> modelConfig) {
        Map<String, Object> globals = new HashMap<>();
        globals.put("target", jinjaTarget);
        globals.put("execute", execute);
        globals.put("project_name", project.name());
        globals.put("exceptions", JinjaExceptions.INSTANCE);
        globals.put("adapter", adapter);
        globals.put("api", API);
        globals.put("modules", MODULES);
        globals.put("graph", graph);
        globals.put("invocation_id", invocationId);
        globals.put("run_started_at", runStartedAt);
        globals.put("dbt_version", RequiredDbtVersion.DBT_VERSION);
        globals.put("config", modelConfig);
        if (self != null) {
            globals.put("this", self);
        }
        return globals;
    }

    private Rendered run(Render render, Template template, Map<String, Object> globals, boolean withMacros) {
        render.throwIfFailed(template.parseErrors());
        TemplateContext context = TemplateContext.under(library, render);
        context.put(Render.KEY, render);
        context.put("none", null);
        context.put("None", null);
        // dbt's run_query and statement are macros of its own project, which a project's macro of the same name replaces
        Introspection.ALL.forEach(context::addGlobalMacro);
        if (withMacros) {
            macros.namespaces().forEach(context::put);
            macros.flat(render.packageName).values().forEach(context::addGlobalMacro);
        }
        globals.forEach(context::put);
        Builtins.ALL.forEach(context::addGlobalMacro);
        // after the macros: an overridden macro answers with its value wherever it is called, as in a dbt unit test
        macroOverrides.forEach(context::addGlobalMacro);
        context.setDynamicVariableResolver(render::unknownVariable);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, config);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String output = interpreter.render(template.root());
            render.throwIfFailed(interpreter.getErrors());
            return new Rendered(output, context);
        } catch (TestbedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!(e instanceof TemplateFailure)) {
                render.unexpected(e);
            }
            render.throwIfFailed(interpreter.getErrors());
            throw e;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private record Rendered(String output, TemplateContext context) {
    }

    /** Defines the macros of every macro file once, each in its package's namespace; later renders share the definitions. */
    private MacroNamespaces loadMacros() {
        MacroNamespaces loaded = new MacroNamespaces(project.name(), BuiltinMacros.PACKAGE);
        loaded.declare(project.name());
        define(loaded, BuiltinMacros.PACKAGE, BuiltinMacros.files());
        if (project.macros() != null) {
            define(loaded, project.name(), project.macros().stream().sorted(Comparator.comparing(MacroFile::relativePath)).toList());
        }
        for (Package dependency : project.packages()) {
            loaded.declare(dependency.name());
            define(loaded, dependency.name(), dependency.macros().stream().sorted(Comparator.comparing(MacroFile::relativePath)).toList());
        }
        return loaded;
    }

    private void define(MacroNamespaces loaded, String packageName, List<MacroFile> files) {
        for (MacroFile file : files) {
            Render render = new Render(this, Render.Phase.LOAD, file.relativePath(), true, null, null);
            render.packageName = packageName;
            TemplateContext context = run(render, template(file.text()), globals(false, null, Map.of()), false).context();
            for (MacroFunction function : context.getGlobalMacros().values()) {
                if (!(function instanceof ProjectMacro macro)) {
                    continue;
                }
                if (Builtins.NAMES.contains(macro.getName())) {
                    throw new TestbedException(file.relativePath() + ": macro '" + macro.getName() + "' has the name of a built-in function.",
                            "Rename the macro; " + String.join(", ", Builtins.NAMES) + " cannot be overridden.");
                }
                loaded.add(macro);
            }
        }
    }

    /** Makes each macro named return its value instead of running: a unit test's {@code overrides.macros}. */
    void overrideMacros(Map<String, Object> values) {
        this.macroOverrides = values.entrySet().stream()
                .<MacroFunction>map(entry -> new Builtins.Builtin(entry.getKey(), (render, args, kwargs) -> entry.getValue())).toList();
    }

    void useGraph(Map<String, Object> parsed) {
        this.graph = parsed;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Set<String> names(Collection<? extends Importable> items) {
        return items.stream().map(Importable::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
