package dev.testbed.profile;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import dev.testbed.core.TestbedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Renders the Jinja in a profile's values as dbt's ProfileRenderer does: {@code env_var('X', default)} and
 * {@code var('x', default)} (dbt gives a profile only the command line's vars), each string value on its own. A
 * missing variable without a default fails, naming the file, the line and the variable.
 */
final class ProfileRenderer {

    private final Map<String, String> environment;
    private final Map<String, Object> vars;
    private final String fileName;
    // an unknown name fails instead of rendering as nothing: dbt's profile context has more (fromjson, modules, …)
    private final Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
    /** The lookups without value of the render in progress (one profile is rendered by one thread). */
    private final List<String> missing = new ArrayList<>();

    ProfileRenderer(Map<String, String> environment, Map<String, Object> vars, String fileName) {
        this.environment = environment;
        this.vars = vars;
        this.fileName = fileName;
        jinjava.getGlobalContext().addGlobalMacro(new Lookup("env_var", this::lookup));
        jinjava.getGlobalContext().addGlobalMacro(new Lookup("var", this::lookup));
    }

    private Object lookup(String function, List<Object> args) {
        String name = args.isEmpty() ? "" : String.valueOf(args.get(0));
        Object found = function.equals("env_var") ? environment.get(name) : vars.get(name);
        if (found == null && !(function.equals("var") && vars.containsKey(name))) {
            if (args.size() > 1) {
                return args.get(1);
            }
            missing.add(function + "('" + name + "')");
            return "";
        }
        return found;
    }

    /** A function of the profile's Jinja: looks a name up and says what is missing when it is not found. */
    private static final class Lookup extends MacroFunction {

        private static final Context NO_SCOPE = new Context();

        private final BiFunction<String, List<Object>, Object> body;

        Lookup(String name, BiFunction<String, List<Object>, Object> body) {
            super(List.of(), name, new LinkedHashMap<>(), false, NO_SCOPE, 0, 0);
            this.body = body;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            List<Object> args = new ArrayList<>(varArgs);
            if (kwargMap.containsKey("default") && args.size() < 2) {
                args.add(kwargMap.get("default"));
            }
            return body.apply(getName(), args);
        }
    }

    /** The value with its Jinja rendered; text without Jinja is returned as it is. */
    String render(String value, int line, String key) {
        if (value == null || !(value.contains("{{") || value.contains("{%"))) {
            return value;
        }
        missing.clear();
        RenderResult result = jinjava.renderForResult(value, new HashMap<>());
        String where = fileName + ", line " + line + " (" + key + ")";
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            throw new TestbedException(where + ": " + first + " has no value" + (first.startsWith("env_var")
                    ? ": the environment variable is not set and no default is given." : ": the var is not given and has no default."),
                    first.startsWith("env_var") ? "Set the environment variable, or give a default: " + first.replace("')", "', 'default')") + "."
                            : "Give it with -Dtestbed.vars (dbt's --vars), or a default: " + first.replace("')", "', 'default')") + ".");
        }
        List<TemplateError> errors = result.getErrors();
        if (!errors.isEmpty()) {
            throw new TestbedException(where + ": cannot render " + value + ": " + errors.get(0).getMessage(),
                    "Fix the Jinja there; the plugin renders env_var(), var() and Jinja's own filters in a profile.");
        }
        return result.getOutput();
    }
}
