package dev.testbed.state;

import dev.testbed.project.MacroFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's own macros by name, with the text of each definition, and which of them a piece of SQL calls.
 * dbt records a node's macros ({@code depends_on.macros}) while rendering; without a render, a call is found by its
 * name followed by {@code (}, which also counts a call inside a Jinja comment: that errs towards "modified", never
 * towards missing a change.
 */
public final class ProjectMacros {

    private static final Pattern DEFINITION = Pattern.compile(
            "\\{%-?\\s*macro\\s+(\\w+)\\s*\\(.*?\\{%-?\\s*endmacro\\s*-?%}", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("\\b(\\w+)\\s*\\(");

    private final Map<String, String> bodies;

    private ProjectMacros(Map<String, String> bodies) {
        this.bodies = bodies;
    }

    public static ProjectMacros of(List<MacroFile> files) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (MacroFile file : files) {
            Matcher matcher = DEFINITION.matcher(file.text());
            while (matcher.find()) {
                bodies.put(matcher.group(1), matcher.group());
            }
        }
        return new ProjectMacros(bodies);
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
        Matcher matcher = CALL.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (bodies.containsKey(name) && used.add(name)) {
                collect(bodies.get(name), used);
            }
        }
    }
}
