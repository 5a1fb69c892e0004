package dev.testbed.compile;

import java.util.List;
import java.util.Map;

/**
 * dbt's {@code adapter} object as templates see it. {@code adapter.dispatch(name, macro_namespace)} returns the macro to
 * call, resolved by {@link MacroDispatch}.
 */
final class JinjaAdapter {

    private final Builtins.Builtin dispatch;

    JinjaAdapter(MacroDispatch resolver) {
        this.dispatch = new Builtins.Builtin("dispatch", (render, args, kwargs) -> dispatch(resolver, render, args, kwargs));
    }

    /** {@code adapter.dispatch(...)}: Jinjava calls a property that holds a macro, with keyword arguments. */
    public Builtins.Builtin getDispatch() {
        return dispatch;
    }

    private static Object dispatch(MacroDispatch resolver, Render render, List<Object> args, Map<String, Object> kwargs) {
        if (kwargs.containsKey("packages")) {
            // dbt's MacroDispatchArgError
            throw render.fail("adapter.dispatch() got the argument 'packages', which dbt removed",
                    "Use adapter.dispatch('macro_name', macro_namespace='package_name') and list the packages in dbt_project.yml's dispatch: search_order.");
        }
        Object name = !args.isEmpty() ? args.get(0) : kwargs.get("macro_name");
        Object namespace = args.size() > 1 ? args.get(1) : kwargs.get("macro_namespace");
        if (!(name instanceof String macroName) || namespace != null && !(namespace instanceof String)) {
            throw render.fail("adapter.dispatch() takes a macro name and an optional macro namespace, as text; got " + args + " " + kwargs,
                    "Use adapter.dispatch('macro_name', 'package_name').");
        }
        int dot = macroName.indexOf('.');
        if (dot >= 0) {
            // dbt's own message
            throw render.fail("In adapter.dispatch, got a macro name of \"" + macroName + "\", but \".\" is not a valid macro name component. "
                    + "Did you mean `adapter.dispatch(\"" + macroName.substring(dot + 1) + "\", macro_namespace=\"" + macroName.substring(0, dot)
                    + "\")`?", null);
        }
        MacroDispatch.Result result = resolver.resolve(macroName, (String) namespace, render.packageName);
        if (result.macro() == null) {
            // dbt's message, word for word
            throw render.fail("In dispatch: No macro named '" + macroName + "' found within namespace: '" + namespace + "'\n    Searched for: "
                    + String.join(", ", result.searched().stream().map(s -> "'" + s + "'").toList()),
                    "Define one of these macros, or add the package that defines them.");
        }
        return result.macro();
    }
}
