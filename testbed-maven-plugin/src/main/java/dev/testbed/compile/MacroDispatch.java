package dev.testbed.compile;

import dev.testbed.project.Project;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * dbt's {@code adapter.dispatch(macro_name, macro_namespace)} as dbt-core 1.11 resolves it: the packages to search are the
 * {@code search_order} that dbt_project.yml's {@code dispatch:} sets for the namespace; else, for a namespace that is a
 * loaded package, the root project and then that package; else (no namespace, or an unknown one) the bare-name lookup of
 * the calling node's package. In each, {@code duckdb__<name>} and then {@code default__<name>}; the first found wins.
 */
final class MacroDispatch {

    /** The adapter's prefixes, most specific first (dbt-duckdb has no parent adapter). */
    private static final List<String> PREFIXES = List.of("duckdb", "default");

    /** The macro found, or null with every name searched, in dbt's notation ({@code pkg.duckdb__x}, or {@code duckdb__x}). */
    record Result(ProjectMacro macro, List<String> searched) {
    }

    private final Project project;
    private final MacroNamespaces macros;

    MacroDispatch(Project project, MacroNamespaces macros) {
        this.project = project;
        this.macros = macros;
    }

    /**
     * @param namespace     the macro namespace, or null
     * @param searchPackage the package of the node (or macro file) being rendered
     */
    Result resolve(String macroName, String namespace, String searchPackage) {
        List<String> searched = new ArrayList<>();
        for (String packageName : searchPackages(namespace)) {
            for (String prefix : PREFIXES) {
                String candidate = prefix + "__" + macroName;
                searched.add(packageName == null ? candidate : packageName + "." + candidate);
                ProjectMacro macro = packageName == null ? macros.flat(searchPackage).get(candidate) : macros.inPackage(packageName, candidate);
                if (macro != null) {
                    return new Result(macro, List.copyOf(searched));
                }
            }
        }
        return new Result(null, List.copyOf(searched));
    }

    /** The packages to search in order; null stands for the bare-name lookup. */
    private List<String> searchPackages(String namespace) {
        if (namespace == null) {
            return Arrays.asList((String) null);
        }
        List<String> order = project.searchOrder(namespace);
        if (order != null) {
            return order;
        }
        return macros.hasPackage(namespace) ? List.of(project.name(), namespace) : Arrays.asList((String) null);
    }
}
