package dev.testbed.compile;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.List;
import java.util.Map;

/**
 * A {@code {% macro %}} with dbt's semantics on top of Jinjava's: {@code return(value)} makes the call evaluate to the value,
 * and problems inside it are reported with the macro's file and line as well as the caller's.
 */
final class ProjectMacro extends MacroFunction {

    private final String file;
    private final String packageName;

    ProjectMacro(MacroFunction definition, String name, String file, String packageName) {
        super(definition, name);
        this.file = file;
        this.packageName = packageName;
    }

    /** The file that defines the macro, relative to its package's root ({@code dbt/macros/...} for the built-in package). */
    String file() {
        return file;
    }

    /** The package (the root project, a package, or {@code dbt}) whose namespace holds the macro. */
    String packageName() {
        return packageName;
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Render render = Render.current(interpreter);
        if (render == null) {
            return super.doEvaluate(argMap, kwargMap, varArgs);
        }
        int line = interpreter.getLineNumber();
        int position = interpreter.getPosition();
        int errorsBefore = interpreter.getErrors().size();
        Render.Frame frame = render.enter(this, line);
        try {
            Object output = super.doEvaluate(argMap, kwargMap, varArgs);
            return frame.returned ? frame.value : output;
        } finally {
            render.leave(interpreter.getErrors(), errorsBefore);
            // Jinjava leaves the line at the macro's last one; later problems in the caller need the caller's line.
            interpreter.setLineNumber(line);
            interpreter.setPosition(position);
        }
    }
}
