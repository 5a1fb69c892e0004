package dev.testbed.compile;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import dev.testbed.compile.Render.Phase;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dbt's functions: {@code ref}, {@code source}, {@code config}, {@code var}, {@code env_var}, {@code is_incremental},
 * {@code return} and {@code log}. They are macros to Jinjava, so keyword arguments work; each call finds its render through
 * the context, so one instance serves every render and thread.
 */
final class Builtins {

    interface Body {
        Object call(Render render, List<Object> args, Map<String, Object> kwargs);
    }

    /** A Jinjava macro that runs Java code. */
    static final class Builtin extends MacroFunction {

        /** Builtins have no definition scope; Jinjava's constructor wants one. */
        private static final Context NO_SCOPE = new Context();

        private final Body body;

        Builtin(String name, Body body) {
            super(List.of(), name, new LinkedHashMap<>(), false, NO_SCOPE, 0, 0);
            this.body = body;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            return body.call(Render.current(JinjavaInterpreter.getCurrent()), varArgs, kwargMap);
        }
    }

    static final List<MacroFunction> ALL = List.of(
            new Builtin("ref", Builtins::ref),
            new Builtin("source", Builtins::source),
            new Builtin("config", Builtins::config),
            new Builtin("var", Builtins::var),
            new Builtin("env_var", Builtins::envVar),
            new Builtin("is_incremental", Builtins::isIncremental),
            new Builtin("return", Builtins::returnValue),
            new Builtin("log", Introspection::log),
            new Builtin("doc", Builtins::doc));

    static final List<String> NAMES = ALL.stream().map(MacroFunction::getName).toList();

    private Builtins() {
    }

    private static Object ref(Render render, List<Object> args, Map<String, Object> kwargs) {
        if (!kwargs.isEmpty()) {
            throw render.fail("ref() got keyword arguments " + kwargs.keySet(), "Model versions are not supported; use ref('model_name').");
        }
        if (args.isEmpty() || args.size() > 2) {
            throw render.fail("ref() takes one or two arguments, got " + args.size(), "Use ref('model_name') or ref('project_name', 'model_name').");
        }
        String name = text(render, "ref", args, args.size() - 1);
        if (args.size() == 2) {
            String project = text(render, "ref", args, 0);
            String own = render.env.project().name();
            boolean known = project.equals(own) || render.env.project().dependency(project) != null;
            if (!known) {
                throw render.fail("ref('" + project + "', '" + name + "') names package '" + project + "', which this project neither is nor uses",
                        Names.didYouMean(project, render.env.packageNames(), "Use ref('" + name + "'), or declare the package in packages.yml."));
            }
            boolean inPackage = render.env.modelNames().contains(name) && render.env.project().packageOf(name).equals(project);
            if (!inPackage && render.env.modelNames().contains(name)) {
                throw render.fail("ref('" + project + "', '" + name + "'): '" + name + "' is a node of package '" + render.env.project().packageOf(name)
                        + "', not of '" + project + "'", "Use ref('" + render.env.project().packageOf(name) + "', '" + name + "') or ref('" + name + "').");
            }
        }
        if (render.phase != Phase.COMPILE) {
            render.refs.add(name);
            Target target = render.env.target();
            return Relation.of(target.catalog(), target.schema(), name);
        }
        if (render.parsedRefs != null && !render.parsedRefs.contains(name)) {
            // dbt's error: the model would run before what it reads, as its parse did not see this ref
            throw render.fail("dbt was unable to infer all dependencies for the model \"" + render.modelName + "\": ref('" + name
                    + "') is called only while executing (inside a statement block or an 'if execute' branch)",
                    "Add this line at the top of the model: -- depends_on: {{ ref('" + name + "') }}");
        }
        String relation = render.context.refRelation().apply(name);
        if (relation == null) {
            throw render.fail("ref('" + name + "') names no model", Names.didYouMean(name, render.env.modelNames(),
                    "Add a model file " + name + ".sql, or fix the name."));
        }
        return Relation.parse(relation);
    }

    private static Object source(Render render, List<Object> args, Map<String, Object> kwargs) {
        if (args.size() != 2 || !kwargs.isEmpty()) {
            throw render.fail("source() takes two arguments", "Use source('source_name', 'table_name').");
        }
        SourceKey key = new SourceKey(text(render, "source", args, 0), text(render, "source", args, 1));
        SourceTable table = render.env.source(key);
        if (table == null) {
            String suggestion = Names.closest(key.toString(), render.env.sourceNames())
                    .map(c -> "Did you mean source('" + c.replace(".", "', '") + "')?")
                    .orElse("Declare it under sources: in a properties file (models/**/*.yml).");
            throw render.fail("source('" + key.sourceName() + "', '" + key.tableName() + "') is not declared", suggestion);
        }
        if (render.phase != Phase.COMPILE) {
            render.sources.add(key);
            return Relation.of(render.env.target().catalog(), table.schema(), table.identifier());
        }
        String relation = render.context.sourceRelation().apply(key);
        if (relation == null) {
            throw render.fail("source('" + key.sourceName() + "', '" + key.tableName() + "') has no relation to compile to", "Check the source declaration.");
        }
        return Relation.parse(relation);
    }

    private static Object config(Render render, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Object arg : args) {
            if (!(arg instanceof Map<?, ?> map)) {
                throw render.fail("config() takes keyword arguments, got " + arg, "Write config(materialized='table', ...).");
            }
            map.forEach((key, value) -> values.put(String.valueOf(key), value));
        }
        values.putAll(kwargs);
        if (render.phase != Phase.COMPILE) {
            render.configCalls.add(new Render.ConfigCall(values, render.here().text()));
        }
        return "";
    }

    private static Object var(Render render, List<Object> args, Map<String, Object> kwargs) {
        String name = lookupName(render, "var", "'name'", args);
        Map<String, Object> vars = render.env.vars(render.packageName);
        return vars.containsKey(name) ? vars.get(name) : defaultOrFail(render, args, kwargs, "required var '" + name + "' is not set", name, vars.keySet(),
                "Set it under vars: in dbt_project.yml or with -Dtestbed.vars, or give a default: var('" + name + "', ...).");
    }

    private static Object envVar(Render render, List<Object> args, Map<String, Object> kwargs) {
        String name = lookupName(render, "env_var", "'NAME'", args);
        String value = render.env.environmentValue(name);
        return value != null ? value : defaultOrFail(render, args, kwargs,
                "environment variable '" + name + "' is not set", name, render.env.environment().keySet(),
                "Set the environment variable, or give a default: env_var('" + name + "', 'default').");
    }

    /** The name argument of var() and env_var(), which take a name and an optional default. */
    private static String lookupName(Render render, String function, String example, List<Object> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw render.fail(function + "() takes a name and an optional default, got " + args.size() + " arguments",
                    "Use " + function + "(" + example + ") or " + function + "(" + example + ", default).");
        }
        return text(render, function, args, 0);
    }

    /** The default given to var() or env_var() (second argument or default=...), or the failure naming the closest name. */
    private static Object defaultOrFail(Render render, List<Object> args, Map<String, Object> kwargs, String problem, String name,
                                        Collection<String> names, String how) {
        if (args.size() == 2) {
            return args.get(1);
        }
        if (kwargs.containsKey("default")) {
            return kwargs.get("default");
        }
        throw render.fail(problem, Names.closest(name, names).map(c -> "Did you mean '" + c + "'? " + how).orElse(how));
    }

    private static Object isIncremental(Render render, List<Object> args, Map<String, Object> kwargs) {
        return render.phase == Phase.COMPILE && render.context.incremental();
    }

    private static Object returnValue(Render render, List<Object> args, Map<String, Object> kwargs) {
        if (args.size() != 1 || !kwargs.isEmpty()) {
            throw render.fail("return() takes one value, got " + args.size(), "Use {{ return(value) }}.");
        }
        if (!render.returnValue(args.get(0))) {
            throw render.fail("return() is only allowed inside a macro", "Move it into a {% macro %} block.");
        }
        return "";
    }

    /** dbt's doc('name') or doc('package', 'name'): a docs block's contents, in descriptions only (dbt's docs context). */
    private static Object doc(Render render, List<Object> args, Map<String, Object> kwargs) {
        if (render.docs == null) {
            throw render.fail("doc() is only available in descriptions", "Use {{ doc('name') }} in a description: of a model, column, source or seed.");
        }
        if (args.isEmpty() || args.size() > 2 || !kwargs.isEmpty()) {
            throw render.fail("doc() takes one or two arguments, got " + (args.size() + kwargs.size()), "Use doc('name') or doc('project_name', 'name').");
        }
        String name = text(render, "doc", args, args.size() - 1);
        String project = args.size() == 2 ? text(render, "doc", args, 0) : null;
        DocBlocks.Block block = render.docs.find(name, project, render.env.project().name(), render.packageName);
        if (block == null) {
            // dbt's DocTargetNotFoundError, word for word
            throw render.fail("Documentation for '" + render.documented + "' depends on doc '" + name + "' "
                    + (project == null ? "" : "in package '" + project + "' ") + " which was not found",
                    Names.closest(name, render.docs.names()).map(c -> "Did you mean doc('" + c + "')? ").orElse("")
                            + "Define it as {% docs " + name + " %}...{% enddocs %} in a .md file under the model paths (or docs-paths).");
        }
        return block.contents();
    }

    private static String text(Render render, String function, List<Object> args, int index) {
        Object value = args.get(index);
        if (value instanceof String || value instanceof CharSequence) {
            return value.toString();
        }
        throw render.fail(function + "() needs text as argument " + (index + 1) + ", got " + value, "Quote the name, e.g. " + function + "('name').");
    }
}
