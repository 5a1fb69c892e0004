package dev.testbed.compile;

import com.google.common.collect.SetMultimap;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.exptest.IsDefinedExpTest;
import com.hubspot.jinjava.lib.exptest.IsUndefinedExpTest;
import com.hubspot.jinjava.lib.filter.DefaultFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.Map;

/**
 * The scopes of parses and renders. One library scope holds Jinjava's default library plus dbt's
 * {@code {% macro %}}/{@code {% test %}} tags and undefined-aware {@code defined}/{@code undefined} tests and
 * {@code default} filter; it is shared, read-only, by the top scope of every parse and render (building Jinjava's library
 * for each render would cost more than the render). A render's top scope adds strictness: unknown filters and tests are
 * problems, and names that are undefined are problems unless an {@code is defined}/{@code is undefined} test or a
 * {@code default} filter looks at them.
 *
 * <p>Jinjava copies some bookkeeping up the scope chain (resolved expressions, dependencies), which would make the shared
 * library scope grow and race; this engine does not use it, so these scopes drop it.
 */
final class TemplateContext extends Context {

    private static final ExpTest DEFINED = new IsDefinedExpTest() {
        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
            forgive(value, interpreter);
            return super.evaluate(value, interpreter, args);
        }
    };
    private static final ExpTest UNDEFINED = new IsUndefinedExpTest() {
        @Override
        public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
            forgive(value, interpreter);
            return super.evaluate(value, interpreter, args);
        }
    };
    private static final Filter DEFAULT = new DefaultForUndefined("default");
    private static final Filter D = new DefaultForUndefined("d");

    private final Render render;

    private TemplateContext(Render render, Context library) {
        super(library);
        this.render = render;
    }

    /** The shared library scope. */
    static TemplateContext library() {
        TemplateContext library = new TemplateContext(null, null);
        library.registerTag(DefiningMacroTag.MACRO);
        library.registerTag(DefiningMacroTag.TEST);
        library.registerExpTest(DEFINED);
        library.registerExpTest(UNDEFINED);
        library.registerFilter(DEFAULT);
        library.registerFilter(D);
        library.getGlobalMacros(); // created now: later lookups only read it
        return library;
    }

    /** A top scope for parsing (render null) or for one render, under the library scope. */
    static TemplateContext under(TemplateContext library, Render render) {
        return new TemplateContext(render, library);
    }

    @Override
    public void addResolvedExpression(String expression) {
        // not used by this engine; see the class comment
    }

    @Override
    public void addResolvedValue(String value) {
        // not used by this engine
    }

    @Override
    public void addResolvedFunction(String function) {
        // not used by this engine
    }

    @Override
    public void addDependency(String type, String identification) {
        // not used by this engine
    }

    @Override
    public void addDependencies(SetMultimap<String, String> dependencies) {
        // not used by this engine
    }

    /**
     * Jinjava calls only macros by name; Jinja (and dbt's templates) also call a macro held in a variable, as in
     * {@code {% set m = adapter.dispatch('x') %}{{ m() }}}. Such a variable is found in the scopes of the render, without
     * asking the undefined-name hook (a Jinjava function such as {@code range} is looked up here first, and is no problem).
     */
    @Override
    public MacroFunction getGlobalMacro(String name) {
        MacroFunction macro = super.getGlobalMacro(name);
        JinjavaInterpreter interpreter = render == null ? null : JinjavaInterpreter.getCurrent();
        if (macro != null || interpreter == null) {
            return macro;
        }
        for (Context scope = interpreter.getContext(); scope != null; scope = scope.getParent()) {
            if (scope.getScope().containsKey(name)) {
                return scope.getScope().get(name) instanceof MacroFunction held ? held : null;
            }
        }
        return null;
    }

    @Override
    public Filter getFilter(String name) {
        Filter filter = super.getFilter(name);
        if (filter == null && render != null) {
            render.unknownFilter(name);
        }
        return filter;
    }

    @Override
    public ExpTest getExpTest(String name) {
        ExpTest test = super.getExpTest(name);
        if (test == null && render != null) {
            render.unknownTest(name);
        }
        return test;
    }

    private static void forgive(Object value, JinjavaInterpreter interpreter) {
        Render render = Render.current(interpreter);
        if (value == null && render != null) {
            render.forgiveUndefined(interpreter);
        }
    }

    /** Jinjava's {@code default} filter, which accepts an undefined value as Jinja's does. */
    private static final class DefaultForUndefined extends DefaultFilter {

        private final String name;

        DefaultForUndefined(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object object, JinjavaInterpreter interpreter, Map<String, Object> parsedArgs) {
            forgive(object, interpreter);
            return super.filter(object, interpreter, parsedArgs);
        }
    }
}
