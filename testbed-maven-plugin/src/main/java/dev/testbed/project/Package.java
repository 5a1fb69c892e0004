package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dbt package the project uses ({@code packages.yml} / {@code dependencies.yml}): its models and seeds are in the
 * project's lists (see {@link Project#packageOf}); this holds what stays the package's own.
 *
 * @param name   the package's name, from its own dbt_project.yml: its macro namespace and its unique_ids' middle part
 * @param root   the package's folder
 * @param macros its macro files, named relative to the root project
 * @param vars   the vars its nodes see, scoped as dbt scopes them (before -Dtestbed.vars overrides)
 * @param testConfig the config its singular tests get from dbt_project.yml: its own {@code data_tests:} entries, overridden
 *                   by the root project's {@code data_tests: <package>:} entries (keys without {@code +})
 */
public record Package(String name, Path root, List<MacroFile> macros, Map<String, Object> vars, Map<String, Object> testConfig) {

    public Package {
        macros = List.copyOf(macros);
        testConfig = testConfig == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(testConfig));
        vars = Map.copyOf(vars.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** A package without data-test config of its own. */
    public Package(String name, Path root, List<MacroFile> macros, Map<String, Object> vars) {
        this(name, root, macros, vars, Map.of());
    }
}
