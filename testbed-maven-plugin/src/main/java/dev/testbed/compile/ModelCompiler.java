package dev.testbed.compile;

import dev.testbed.core.TestbedException;
import dev.testbed.project.BuiltinMacros;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.Hooks;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelConfig;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SeedFile;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a project's models the way dbt does, with Jinjava: a first render ({@link #parse}) records refs, sources and
 * {@code config(...)}, and a final render ({@link #compile}) produces the SQL to run.
 *
 * <p>Templates see dbt's {@code ref}, {@code source}, {@code config}, {@code var}, {@code env_var}, {@code is_incremental},
 * {@code return}, {@code log}, {@code this}, {@code target} ({@code name}, {@code schema}, {@code type}, {@code database}),
 * {@code execute}, {@code project_name}, {@code exceptions.raise_compiler_error}, {@code doc} (in descriptions) and the project's macros;
 * in the final render also dbt's introspection ({@code run_query}, {@code statement}, {@code adapter}..., see {@link CompileDatabase})
 * against the database the context gives. Unknown names, functions, filters and tags fail with the file, the line and the
 * closest existing name.
 *
 * <p>One instance serves a whole run and may be used from several threads; it parses each macro file and model text once.
 */
public final class ModelCompiler {

    private static final String SCHEMA_MACRO = "generate_schema_name";
    /** What makes dbt render a text: any Jinja delimiter in it. */
    private static final Pattern JINJA = Pattern.compile("\\{[{%#]");
    /** dbt's {@code {% test name %}} defines the macro {@code test_name}. */
    private static final String GENERIC_TEST_PREFIX = "test_";
    /** dbt's {@code looks_like_func}: a test argument that is only such a call is rendered as if it were in braces. */
    private static final Pattern FUNCTION_CALL = Pattern.compile("^\\s*(env_var|ref|var|source|doc)\\s*\\(.+\\)\\s*$", Pattern.DOTALL);
    /** A template that is one {@code {{ expression }}} and nothing else. */
    private static final Pattern SINGLE_EXPRESSION = Pattern.compile("\\{\\{((?:(?!\\{\\{|}}).)*)}}", Pattern.DOTALL);

    private final Project project;
    private final Target target;
    private final JinjaEnvironment env;

    /**
     * @param varOverrides values that win over the project's {@code vars} (e.g. from {@code -Dtestbed.vars}); may be null
     * @param environment  what {@code env_var()} reads, usually {@code System.getenv()}; may be null
     * @throws TestbedException if a macro file does not parse or defines a macro twice
     */
    public ModelCompiler(Project project, Target target, Map<String, Object> varOverrides, Map<String, String> environment) {
        this.project = Objects.requireNonNull(project, "project");
        this.target = Objects.requireNonNull(target, "target");
        this.env = new JinjaEnvironment(project, target, varOverrides, environment);
    }

    public Project project() {
        return project;
    }

    public Target target() {
        return target;
    }

    /**
     * The environment variables {@code env_var()} has looked up so far, whether set or not. Equal values for these names
     * (and equal templates) make every render equal, which is what lets a goal prove itself up to date without rendering.
     */
    public Set<String> environmentRead() {
        return env.environmentRead();
    }

    /**
     * The first render: what the model refers to and its resolved configuration (folder config, then properties file, then
     * {@code config(...)}; tags accumulate). Here {@code is_incremental()} is false, {@code execute} is false and {@code ref}
     * renders a placeholder relation in the target schema.
     *
     * @throws TestbedException for template errors, undeclared sources, missing vars and invalid configuration
     */
    /**
     * What a render reads besides the project's files, as one canonical text: every var with its overrides applied, the
     * value of each environment variable {@code env_var()} has looked up so far, and the target. A model whose code (or
     * a macro it calls) uses {@code var}, {@code env_var} or {@code target} compiles differently when this changes.
     */
    public String renderInputs() {
        StringBuilder text = new StringBuilder("vars=").append(new java.util.TreeMap<>(env.vars()));
        project.packages().forEach(dependency -> text.append("\nvars of ").append(dependency.name()).append('=')
                .append(new java.util.TreeMap<>(env.vars(dependency.name()))));
        for (String name : new java.util.TreeSet<>(env.environmentRead())) {
            text.append("\nenv ").append(name).append('=').append(env.environment().get(name));
        }
        return text.append("\ntarget=").append(target.name()).append(' ').append(target.schema()).toString();
    }

    /**
     * Gives templates dbt's {@code graph} ({@code graph.nodes}, {@code graph.sources}) of the parsed project; until then
     * (while parsing, as in dbt) they see an empty graph.
     */
    public void useGraph(List<ParsedModel> models) {
        env.useGraph(JinjaGraph.of(project, this, models));
    }

    public ParsedModel parse(ModelFile model) {
        return firstRender(model, "models", ConfigResolver::resolve, project.packageOf(model.name()));
    }

    /**
     * A singular test's first render, in the macro namespace and vars of the package whose {@code tests/} holds it (the root
     * project's name for its own); its config is what its {@code config(...)} calls set, nothing from the models: tree.
     */
    public ParsedModel parseSingularTest(ModelFile test, String packageName) {
        return firstRender(test, null, ConfigResolver::resolve, packageName);
    }

    /** A singular test's final render, in its package's macro namespace and vars (see {@link #parseSingularTest}). */
    public String compileSingularTest(ParsedModel test, CompileContext context, String packageName) {
        return finalRender(test, context, packageName);
    }

    private ParsedModel firstRender(ModelFile model, String tree, java.util.function.BiFunction<String, List<ConfigResolver.Layer>, ModelConfig> resolver,
                                    String packageName) {
        List<ConfigResolver.Layer> layers = tree == null ? new ArrayList<>() : fileLayers(model.name(), tree);
        Render render = new Render(env, Render.Phase.PARSE, model.relativePath(), true, model.name(), null);
        render.packageName = packageName;
        Relation self = Relation.of(target.catalog(), target.schema(), model.name());
        env.render(render, env.template(model.sql()), env.globals(false, self, ConfigResolver.merge(layers)));
        for (Render.ConfigCall call : render.configCalls) {
            layers.add(new ConfigResolver.Layer(call.origin(), call.values()));
        }
        ModelConfig config = ConfigResolver.withContractChecksum(resolver.apply(model.name(), layers),
                project.properties() == null ? null : project.properties().get(model.name()));
        return new ParsedModel(model, config, List.copyOf(render.refs), List.copyOf(render.sources));
    }

    /**
     * A seed as a graph node: its config from the {@code seeds:} tree of dbt_project.yml, then its properties file's
     * {@code config:} (dbt's precedence; tags accumulate). A seed has no SQL, so nothing is rendered.
     *
     * @throws TestbedException for invalid configuration, naming where it was set
     */
    public ParsedModel parseSeed(SeedFile seed) {
        ModelConfig config = ConfigResolver.resolveSeed(seed.name(), fileLayers(seed.name(), "seeds"));
        return new ParsedModel(new ModelFile(seed.name(), seed.path(), seed.relativePath(), ""), config, List.of(), List.of());
    }

    /**
     * A snapshot's first render, like a model's: its refs, sources and {@code config(...)}, over the {@code snapshots:} tree of
     * dbt_project.yml and its properties file; its config is checked as a snapshot's ({@code strategy}, {@code unique_key}...).
     *
     * @throws TestbedException for template errors and missing or invalid snapshot configuration
     */
    public ParsedModel parseSnapshot(ModelFile snapshot) {
        return firstRender(snapshot, "snapshots", ConfigResolver::resolveSnapshot, project.packageOf(snapshot.name()));
    }

    /** The config a node gets from files, lowest precedence first: the {@code tree} ("models" or "seeds") of dbt_project.yml, then its properties file. */
    private List<ConfigResolver.Layer> fileLayers(String name, String tree) {
        List<ConfigResolver.Layer> layers = new ArrayList<>();
        if (project.folderConfig() != null && project.folderConfig().get(name) != null) {
            layers.add(new ConfigResolver.Layer("dbt_project.yml " + tree + ": config", project.folderConfig().get(name)));
        }
        ModelProperties properties = project.properties() == null ? null : project.properties().get(name);
        if (properties != null && properties.config() != null) {
            layers.add(new ConfigResolver.Layer(relative(properties.definedIn()), properties.config()));
        }
        return layers;
    }

    /**
     * The final render: the model's SQL with {@code ref}, {@code source}, {@code this} and {@code is_incremental()} as the
     * context says. {@code config(...)} renders nothing; {@code config.get('key')} reads the resolved configuration.
     *
     * @throws TestbedException for template errors, and for refs and sources the context has no relation for
     */
    public String compile(ParsedModel model, CompileContext context) {
        return finalRender(model, context, project.packageOf(model.file().name()));
    }

    private String finalRender(ParsedModel model, CompileContext context, String packageName) {
        Objects.requireNonNull(context, "context");
        ModelFile file = model.file();
        Render render = new Render(env, Render.Phase.COMPILE, file.relativePath(), true, file.name(), context);
        render.parsedRefs = Set.copyOf(model.refs());
        render.packageName = packageName;
        Relation self = context.thisRelation() == null ? null : Relation.parse(context.thisRelation());
        return env.render(render, env.template(file.sql()), env.globals(true, self, model.config().raw()));
    }

    /**
     * A model's or seed's hook, rendered as dbt renders it just before running it: with the node's {@code this}, config,
     * {@code ref}, {@code source} and {@code is_incremental()} as the context says, and the project's macros.
     *
     * @param what names the hook in messages, e.g. {@code pre-hook 2 of model x, set in models/x.sql, line 1}
     * @throws TestbedException for template errors, naming {@code what}
     */
    public String renderHook(ParsedModel model, Hooks.Hook hook, CompileContext context, String what) {
        Objects.requireNonNull(context, "context");
        Render render = new Render(env, Render.Phase.COMPILE, what, false, model.name(), context);
        render.packageName = project.packageOf(model.name());
        Relation self = context.thisRelation() == null ? null : Relation.parse(context.thisRelation());
        return env.render(render, env.template(hook.sql()), env.globals(true, self, model.config().raw()));
    }

    /**
     * An {@code on-run-start} / {@code on-run-end} hook of dbt_project.yml: no {@code this} and no model config; refs and
     * sources render as the context says; {@code extra} adds dbt's on-run-end variables ({@code schemas}, {@code results}...).
     *
     * @throws TestbedException for template errors, naming {@code what}
     */
    public String renderOperation(String sql, String what, CompileContext context, Map<String, Object> extra) {
        return renderOperation(sql, what, context, extra, project.name());
    }

    /** An operation of a package (its on-run-start / on-run-end hook), rendered with the package's macros and vars. */
    public String renderOperation(String sql, String what, CompileContext context, Map<String, Object> extra, String packageName) {
        Render render = new Render(env, Render.Phase.COMPILE, what, false, what, Objects.requireNonNull(context, "context"));
        render.packageName = packageName;
        Map<String, Object> globals = env.globals(true, null, Map.of());
        globals.putAll(extra);
        return env.render(render, env.template(sql), globals);
    }

    /**
     * A description as dbt renders it in its docs context: text holding Jinja is rendered, with {@code doc()}, {@code var()},
     * {@code env_var()} and the macros; other text stays as written. Like Jinja2's default, one trailing newline is dropped.
     *
     * @param documented the unique id of the node described, which an unknown doc() names as dbt does
     * @param where      the file and line of the description, for messages
     * @param packageName the package of the node described (the root project's name for its own), whose macros, vars and
     *                    docs blocks a bare name finds
     * @throws TestbedException for template errors and unknown docs blocks
     */
    public String renderDescription(String text, String documented, Supplier<String> where, DocBlocks docs, String packageName) {
        if (text == null || !JINJA.matcher(text).find()) {
            return text;
        }
        Render render = new Render(env, Render.Phase.DESCRIPTION, where.get(), false, null, null);
        render.docs = Objects.requireNonNull(docs, "docs");
        render.documented = documented;
        render.packageName = packageName;
        String rendered = env.render(render, env.template(text), env.globals(false, null, Map.of()));
        return rendered.endsWith("\n") ? rendered.substring(0, rendered.length() - 1) : rendered;
    }

    /**
     * dbt's {@code generate_schema_name}: the target schema, or {@code <target schema>_<custom schema>} for a model with a
     * {@code schema} config; a project macro {@code generate_schema_name(custom_schema_name, node)} replaces the rule.
     */
    public String schemaFor(ParsedModel model) {
        if (model.config().materialized() == Materialization.SNAPSHOT && model.config().raw().get("target_schema") instanceof String legacy
                && !legacy.isBlank()) {
            // dbt's legacy snapshot config names the schema itself; generate_schema_name applies only to 'schema' (dbt 1.9+)
            return legacy.strip();
        }
        String custom = model.config().schema();
        ProjectMacro macro = env.macro(SCHEMA_MACRO);
        if (macro == null) {
            return custom == null ? target.schema() : target.schema() + "_" + custom;
        }
        String what = SCHEMA_MACRO + " for model " + model.name() + " (" + model.file().relativePath() + ")";
        Render render = new Render(env, Render.Phase.SCHEMA, what, false, model.name(), null);
        Map<String, Object> globals = env.globals(true, null, model.config().raw());
        globals.put("custom_schema_name", custom);
        globals.put("node", node(model));
        String schema = env.render(render, env.template("{{ " + SCHEMA_MACRO + "(custom_schema_name, node) }}"), globals).strip();
        if (schema.isEmpty()) {
            throw new TestbedException(what + " returned an empty schema name.", "Make the macro in " + macro.file() + " return a schema name.");
        }
        return schema;
    }

    /** The SQL text of the model's relation: {@code catalog.schema.name} (or its {@code alias}), quoted only where needed. */
    public String relationFor(ParsedModel model) {
        Object alias = model.config().raw().get("alias");
        String identifier = alias instanceof String text && !text.isBlank() ? text.strip() : model.name();
        return target.relation(schemaFor(model), identifier);
    }

    /**
     * Whether the project defines the generic test {@code name} ({@code {% test name(model, ...) %}} in a macro file or
     * tests/generic/), or, for {@code package.name}, whether that package does. As in dbt, a package's test is reached
     * from the project's YAML only through its package's name.
     */
    public boolean hasGenericTest(String name) {
        return genericTest(name) != null;
    }

    /** The file that defines the generic test {@code name} (or {@code package.name}), relative to the project root, or null if there is none. */
    public String genericTestFile(String name) {
        ProjectMacro macro = genericTest(name);
        return macro == null ? null : macro.file();
    }

    private ProjectMacro genericTest(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? env.macro(GENERIC_TEST_PREFIX + name) : env.macro(name.substring(0, dot), GENERIC_TEST_PREFIX + name.substring(dot + 1));
    }

    /**
     * The file of the macro that replaces the SQL of dbt's built-in test {@code name} (unique, not_null, ...) through
     * dispatch, a {@code default__test_<name>} or {@code duckdb__test_<name>} outside the built-in dbt package; null when
     * dbt's own SQL stands.
     */
    public String builtInTestOverride(String name) {
        ProjectMacro macro = env.dispatched(GENERIC_TEST_PREFIX + name, BuiltinMacros.PACKAGE);
        return macro == null || BuiltinMacros.PACKAGE.equals(macro.packageName()) ? null : macro.file();
    }

    /**
     * Renders the project's generic test {@code name} the way dbt does, calling its macro with keyword arguments:
     * {@code model} (the tested relation's SQL text), {@code column_name} where the test sits on a column, and the test's
     * arguments as declared. {@code ref()} and {@code source()} inside the test render as the context says.
     *
     * @param origin what a template error names besides the macro's own file and line, e.g. the test and its properties file
     * @throws TestbedException for template errors
     */
    public String compileGenericTest(String name, Map<String, Object> kwargs, CompileContext context, String origin) {
        Objects.requireNonNull(context, "context");
        return renderGenericTest(name, kwargs, new Render(env, Render.Phase.COMPILE, origin, false, name, context), true);
    }

    /**
     * The generic test's render while parsing, as dbt's parse renders a test: {@code execute} is false, so nothing is
     * queried ({@code run_query} returns none, the adapter finds no relation and no columns), and {@code ref} and
     * {@code source} render the target's relations. What a test that queries the lake shows until it runs.
     *
     * @throws TestbedException for template errors
     */
    public String parseGenericTest(String name, Map<String, Object> kwargs, String origin) {
        return renderGenericTest(name, kwargs, new Render(env, Render.Phase.PARSE, origin, false, name, null), false);
    }

    /** A node's SQL rendered as its parse renders it ({@code execute} false, nothing queried); see {@link #parseGenericTest}. */
    public String renderParsing(ParsedModel model) {
        return renderParsing(model, project.packageOf(model.file().name()));
    }

    /** The same, for a node of that package (a package's singular test, which is no model of the project). */
    public String renderParsing(ParsedModel model, String packageName) {
        ModelFile file = model.file();
        Render render = new Render(env, Render.Phase.PARSE, file.relativePath(), true, file.name(), null);
        render.packageName = packageName;
        return env.render(render, env.template(file.sql()), env.globals(false, null, model.config().raw()));
    }

    private String renderGenericTest(String name, Map<String, Object> kwargs, Render render, boolean execute) {
        Map<String, Object> globals = env.globals(execute, null, Map.of());
        int dot = name.indexOf('.');
        StringBuilder call = new StringBuilder("{{ ").append(name, 0, dot + 1).append(GENERIC_TEST_PREFIX).append(name.substring(dot + 1)).append('(');
        int i = 0;
        for (Map.Entry<String, Object> argument : kwargs.entrySet()) {
            // values travel as variables, so lists, maps and quotes in them need no escaping in the call's text
            String variable = "__testbed_test_argument_" + i;
            globals.put(variable, argument.getValue());
            call.append(i++ == 0 ? "" : ", ").append(argument.getKey()).append('=').append(variable);
        }
        return env.render(render, env.template(call.append(") }}").toString()), globals);
    }

    /**
     * A generic test's argument rendered as dbt renders test keyword arguments before calling the test (add_rendered_test_kwargs
     * in dbt-core's clients/jinja.py): every string, also inside lists and mappings, is a Jinja template; a string that is
     * only a call of {@code var}, {@code env_var}, {@code ref}, {@code source} or {@code doc} is rendered as if in
     * {@code {{ }}}; a template that is one {@code {{ expression }}} keeps the expression's type (dbt's native rendering),
     * so {@code "{{ var('n') }}"} gives the number itself.
     *
     * @param origin what a template error names: the test and its properties file
     * @throws TestbedException for template errors, e.g. an unknown var
     */
    public Object renderTestArgument(Object value, CompileContext context, String origin) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, item) -> rendered.put(key, renderTestArgument(item, context, origin)));
            return rendered;
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            list.forEach(item -> rendered.add(renderTestArgument(item, context, origin)));
            return rendered;
        }
        if (!(value instanceof String text) || !(text.contains("{{") || text.contains("{%") || FUNCTION_CALL.matcher(text).matches())) {
            return value;
        }
        Render render = new Render(env, Render.Phase.COMPILE, origin, false, null, context);
        Map<String, Object> globals = env.globals(true, null, Map.of());
        Matcher single = SINGLE_EXPRESSION.matcher(text);
        if (FUNCTION_CALL.matcher(text).matches()) {
            return env.evaluate(render, text.strip(), globals);
        }
        if (single.matches()) {
            return env.evaluate(render, single.group(1).strip(), globals);
        }
        return env.render(render, env.template(text), globals);
    }

    /**
     * A compiler of the same project whose {@code var()} and {@code env_var()} see these values over this one's, and whose
     * macros named in {@code macros} return the value given instead of running: a unit test's {@code overrides}.
     */
    public ModelCompiler withOverrides(Map<String, Object> vars, Map<String, String> environment, Map<String, Object> macros) {
        if (vars.isEmpty() && environment.isEmpty() && macros.isEmpty()) {
            return this;
        }
        Map<String, Object> allVars = new HashMap<>(env.vars());
        allVars.putAll(vars);
        Map<String, String> allEnvironment = new HashMap<>(env.environment());
        allEnvironment.putAll(environment);
        ModelCompiler overridden = new ModelCompiler(project, target, allVars, allEnvironment);
        overridden.env.overrideMacros(macros);
        return overridden;
    }

    /** The SQL text of a declared source table: {@code catalog.schema.identifier}. */
    public String sourceRelation(SourceKey key) {
        SourceTable table = env.source(key);
        if (table == null) {
            throw new TestbedException("Source " + key + " is not declared.", Names.closest(key.toString(), env.sourceNames())
                    .map(c -> "Did you mean " + c + "?").orElse("Declare it under sources: in a properties file (models/**/*.yml)."));
        }
        return target.relation(table.schema(), table.identifier());
    }

    /** dbt's {@code node} argument of generate_schema_name, with the attributes macros usually read. */
    Map<String, Object> node(ParsedModel model) {
        String path = project.pathInPackage(model.name(), model.file().relativePath());
        int slash = path.indexOf('/');
        String inModels = slash < 0 ? path : path.substring(slash + 1);
        List<String> fqn = new ArrayList<>();
        fqn.add(project.packageOf(model.name()));
        String[] parts = inModels.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            fqn.add(parts[i]);
        }
        fqn.add(model.name());
        Map<String, Object> node = new HashMap<>();
        node.put("name", model.name());
        String resourceType = model.config().materialized().resourceType();
        node.put("resource_type", resourceType);
        node.put("package_name", project.packageOf(model.name()));
        node.put("unique_id", resourceType + "." + project.packageOf(model.name()) + "." + model.name());
        node.put("original_file_path", path);
        node.put("path", inModels);
        node.put("fqn", fqn);
        node.put("tags", model.config().tags());
        node.put("config", model.config().raw());
        return node;
    }

    private String relative(Path file) {
        if (file == null) {
            return "properties file";
        }
        Path root = project.root();
        if (root != null && file.isAbsolute() == root.isAbsolute() && file.startsWith(root)) {
            return root.relativize(file).toString().replace('\\', '/');
        }
        return file.toString();
    }
}
