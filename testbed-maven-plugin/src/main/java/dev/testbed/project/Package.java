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
 */
public record Package(String name, Path root, List<MacroFile> macros, Map<String, Object> vars) {

    public Package {
        macros = List.copyOf(macros);
        vars = Map.copyOf(vars.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
