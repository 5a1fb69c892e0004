package dev.testbed.project;

import java.util.List;

/**
 * One entry of {@code dispatch:} in dbt_project.yml: where {@code adapter.dispatch(name, macro_namespace)} looks for the
 * macros of that namespace, in order (a project overrides a package's macros by putting itself first).
 */
public record Dispatch(String macroNamespace, List<String> searchOrder) {

    public Dispatch {
        searchOrder = List.copyOf(searchOrder);
    }
}
