package dev.testbed.compile;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.MacroTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.LinkedHashMap;

/**
 * Jinjava's {@code {% macro %}} tag, defining {@link ProjectMacro}s; also dbt's {@code {% test name(...) %}} blocks, which
 * define a macro named {@code test_name} as dbt does.
 */
final class DefiningMacroTag extends MacroTag {

    static final DefiningMacroTag MACRO = new DefiningMacroTag("macro", "");
    static final DefiningMacroTag TEST = new DefiningMacroTag("test", "test_");

    private static final long serialVersionUID = 1L;

    private final String tagName;
    private final String prefix;

    private DefiningMacroTag(String tagName, String prefix) {
        this.tagName = tagName;
        this.prefix = prefix;
    }

    @Override
    public String getName() {
        return tagName;
    }

    @Override
    public String getEndTagName() {
        return "end" + tagName;
    }

    @Override
    protected MacroFunction constructMacroFunction(TagNode tagNode, JinjavaInterpreter interpreter, String name,
                                                   LinkedHashMap<String, Object> argNamesWithDefaults) {
        MacroFunction plain = super.constructMacroFunction(tagNode, interpreter, name, argNamesWithDefaults);
        Render render = Render.current(interpreter);
        return render == null ? new ProjectMacro(plain, prefix + name, "(template)", null)
                : new ProjectMacro(plain, prefix + name, render.file, render.packageName);
    }
}
