package dev.testbed.compile;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.testbed.core.TestbedException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The macros of every package, each in its own namespace: the root project's, each installed package's and the built-in
 * {@code dbt} package's. A bare name resolves as dbt's MacroNamespace resolves it: the macros of the package the node (or
 * the macro file) belongs to, then the root project's, then {@code dbt}'s; so a root-project macro named like a dbt macro
 * overrides it everywhere, and another package's macros are reached only through its namespace ({@code pkg.name()}).
 */
final class MacroNamespaces {

    private final String root;
    private final String internal;
    /** Package name to its macros, in load order. */
    private final Map<String, Map<String, ProjectMacro>> packages = new LinkedHashMap<>();
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final Map<String, Map<String, ProjectMacro>> flat = new ConcurrentHashMap<>();

    /**
     * @param root     the root project's name
     * @param internal the built-in package's name ({@code dbt})
     */
    MacroNamespaces(String root, String internal) {
        this.root = root;
        this.internal = internal;
    }

    /** Adds a macro to its package; a second macro of one name in one package fails, as in dbt. */
    void add(ProjectMacro macro) {
        Map<String, ProjectMacro> macros = packages.computeIfAbsent(macro.packageName(), name -> new LinkedHashMap<>());
        ProjectMacro earlier = macros.putIfAbsent(macro.getName(), macro);
        if (earlier != null) {
            String in = macro.packageName().equals(root) ? "" : " of package '" + macro.packageName() + "'";
            throw new TestbedException("Macro '" + macro.getName() + "'" + in + " is defined twice: in " + earlier.file() + " and in "
                    + macro.file() + ".", "Rename or remove one of them.");
        }
        flat.clear();
    }

    /** Declares a package that may have no macros, so that its namespace exists. */
    void declare(String packageName) {
        packages.computeIfAbsent(packageName, name -> new LinkedHashMap<>());
    }

    /** Whether a package of that name is loaded (dbt's "dependencies": the root project, the packages and dbt). */
    boolean hasPackage(String name) {
        return packages.containsKey(name);
    }

    /** The macro {@code name} of a package, or null. */
    ProjectMacro inPackage(String packageName, String name) {
        Map<String, ProjectMacro> macros = packages.get(packageName);
        return macros == null ? null : macros.get(name);
    }

    /** What bare names mean in a node or macro of {@code searchPackage}: its macros, else the root project's, else dbt's. */
    Map<String, ProjectMacro> flat(String searchPackage) {
        return flat.computeIfAbsent(searchPackage, search -> {
            Map<String, ProjectMacro> names = new LinkedHashMap<>(packages.getOrDefault(internal, Map.of()));
            names.putAll(packages.getOrDefault(root, Map.of()));
            names.putAll(packages.getOrDefault(search, Map.of()));
            return Collections.unmodifiableMap(names);
        });
    }

    /** Every package's namespace object, by package name, as templates see them ({@code dbt.escape_single_quotes(...)}). */
    synchronized Map<String, Namespace> namespaces() {
        packages.keySet().forEach(name -> namespaces.computeIfAbsent(name, Namespace::new));
        return Collections.unmodifiableMap(namespaces);
    }

    /**
     * One package's macros as a Jinja object: {@code ns.macro(...)} calls it. An unknown name is a problem naming the
     * package and the closest macro.
     */
    final class Namespace extends AbstractMap<String, Object> {

        private final String name;

        private Namespace(String name) {
            this.name = name;
        }

        @Override
        public Object get(Object key) {
            ProjectMacro macro = inPackage(name, String.valueOf(key));
            Render render = JinjavaInterpreter.getCurrent() == null ? null : Render.current();
            if (macro == null && render != null) {
                throw render.fail("package '" + name + "' has no macro '" + key + "'",
                        Names.didYouMean(String.valueOf(key), packages.get(name).keySet(), "Check the name, or the package that defines it."));
            }
            return macro;
        }

        @Override
        public boolean containsKey(Object key) {
            return inPackage(name, String.valueOf(key)) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Collections.<String, Object>unmodifiableMap(packages.get(name)).entrySet();
        }

        @Override
        public String toString() {
            return "<package " + name + ">";
        }
    }
}
