package dev.testbed.state;

import dev.testbed.project.BuiltinMacros;
import dev.testbed.project.MacroFile;
import dev.testbed.project.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros a project can call by name (its own and the built-in dbt package's), with the text of each definition, and
 * which of them a piece of SQL calls. dbt records a node's macros ({@code depends_on.macros}) while rendering; without a
 * render, a call is found by its name followed by {@code (} (also {@code pkg.name(}) inside {@code {{ }}} or
 * {@code {% %}}, and {@code adapter.dispatch('x'...} counts every {@code <prefix>__x}. SQL text outside them is not
 * searched: {@code cast(} or {@code replace(} there is SQL, not the dbt package's macro of that name. Macros of the same
 * name in other packages count too: it errs towards "modified", never towards missing a change.
 */
public final class ProjectMacros {

    /** A {@code macro} or a generic {@code test} block; dbt names the macro of test {@code x} {@code test_x}. */
    private static final Pattern DEFINITION = Pattern.compile(
            "\\{%-?\\s*(macro|test)\\s+(\\w+)\\s*\\(.*?\\{%-?\\s*end\\1\\s*-?%}", Pattern.DOTALL);
    /** A name followed by {@code (}, unless it follows {@code |}: a filter ({@code | replace(...)}) is no macro call. */
    private static final Pattern CALL = Pattern.compile("(?<!\\|\\s{0,20})\\b(\\w+)\\s*\\(");
    /** The Jinja parts of a text, where calls are: expressions and statements. */
    private static final Pattern JINJA = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    /** {@code dispatch('name'}: adapter.dispatch's first argument. */
    private static final Pattern DISPATCH = Pattern.compile("\\bdispatch\\s*\\(\\s*(?:macro_name\\s*=\\s*)?['\"](\\w+)['\"]");

    /** A reference to what a render reads besides the files: {@code var(}, {@code env_var(} or {@code target.}. */
    private static final Pattern RENDER_INPUT = Pattern.compile("\\b(?:var|env_var)\\s*\\(|\\btarget\\.");

    /**
     * A look at the database or the project's graph while compiling: {@code run_query(}, {@code statement(},
     * {@code load_result(}, {@code get_relation(}, {@code get_columns_in_relation(} or {@code graph.}.
     */
    private static final Pattern INTROSPECTION = Pattern.compile(
            "\\b(?:run_query|statement|load_result|get_relation|get_columns_in_relation)\\s*\\(|\\bgraph\\s*\\.");

    private final Map<String, String> bodies;
    private final String renderInputs;

    private ProjectMacros(Map<String, String> bodies, String renderInputs) {
        this.bodies = bodies;
        this.renderInputs = renderInputs;
    }

    /**
     * @param renderInputs what renders read besides the files ({@code ModelCompiler.renderInputs()}): part of the code of
     *                     every model whose text or macros read a var, an environment variable or the target
     */
    public static ProjectMacros of(Project project, String renderInputs) {
        List<MacroFile> files = new ArrayList<>(project.macros());
        project.packages().forEach(dependency -> files.addAll(dependency.macros()));
        return of(files, renderInputs);
    }

    /** The macros of these files (the root project's and its packages') and of the built-in dbt package. */
    public static ProjectMacros of(List<MacroFile> files, String renderInputs) {
        List<MacroFile> all = new ArrayList<>(BuiltinMacros.files());
        all.addAll(files);
        Map<String, String> bodies = new LinkedHashMap<>();
        for (MacroFile file : all) {
            Matcher matcher = DEFINITION.matcher(file.text());
            while (matcher.find()) {
                // one name may be defined by several packages (a project overriding dbt's): any of them changing counts
                String name = matcher.group(1).equals("test") ? "test_" + matcher.group(2) : matcher.group(2);
                bodies.merge(name, matcher.group(), (earlier, later) -> earlier + "\n" + later);
            }
        }
        return new ProjectMacros(bodies, renderInputs);
    }

    /**
     * What the render of {@code sql} reads besides the project's files, or an empty text when neither it nor a project
     * macro it calls reads a var, an environment variable or the target: so a changed var rebuilds its readers, and only them.
     */
    public String renderInputsOf(String sql) {
        boolean reads = RENDER_INPUT.matcher(sql).find() || usedBy(sql).stream().anyMatch(name -> RENDER_INPUT.matcher(bodies.get(name)).find());
        return reads ? renderInputs : "";
    }

    /**
     * Whether {@code sql}, or a project macro it calls, queries the lake or reads the project's graph while compiling: what
     * it renders then depends on data no code hash sees.
     */
    public boolean introspects(String sql) {
        return INTROSPECTION.matcher(sql).find() || usedBy(sql).stream().anyMatch(name -> INTROSPECTION.matcher(bodies.get(name)).find());
    }

    /** The definition of a macro, or null when the project defines none of that name. */
    public String body(String name) {
        return bodies.get(name);
    }

    /** The project macros {@code sql} calls, directly or through other project macros. */
    public Set<String> usedBy(String sql) {
        Set<String> used = new TreeSet<>();
        collect(sql, used);
        return used;
    }

    private void collect(String text, Set<String> used) {
        Matcher jinja = JINJA.matcher(text);
        while (jinja.find()) {
            String part = jinja.group();
            Matcher matcher = CALL.matcher(part);
            while (matcher.find()) {
                use(matcher.group(1), used);
            }
            Matcher dispatch = DISPATCH.matcher(part);
            while (dispatch.find()) {
                String suffix = "__" + dispatch.group(1);
                bodies.keySet().stream().filter(name -> name.endsWith(suffix)).toList().forEach(name -> use(name, used));
            }
        }
    }

    private void use(String name, Set<String> used) {
        if (bodies.containsKey(name) && used.add(name)) {
            collect(bodies.get(name), used);
        }
    }
}
