package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dbt-style project as read from disk.
 *
 * @param root           the project folder (holding {@code dbt_project.yml} if there is one)
 * @param name           the project's name ({@code name:} in dbt_project.yml, else the folder name)
 * @param models         every model file, enabled or not, sorted by name
 * @param macros         every macro file
 * @param sources        every source table declared in properties files
 * @param properties     model properties by model name
 * @param vars           {@code vars:} from dbt_project.yml (top-level ones), before any overrides
 * @param folderConfig   {@code models:} config of dbt_project.yml resolved per model, and {@code seeds:} config resolved
 *                       per seed (keys without {@code +})
 * @param seeds          every CSV file under the seed paths, sorted by name; their properties ({@code seeds:} entries of
 *                       properties files) are in {@code properties} under the seed's name; every model
 *                       has an entry (empty if no folder config applies); {@code tags} is a {@code List<String>}
 *                       accumulated down the folders, other values are as written in YAML (deeper folders win)
 * @param testConfig     the project's default data-test config: the {@code +key} entries of {@code data_tests:} (or
 *                       {@code tests:}) in dbt_project.yml, at the top or under the project's name, keys without {@code +}
 * @param dispatch       the {@code dispatch:} entries of dbt_project.yml, which set adapter.dispatch's search order per namespace
 * @param snapshots      every snapshot, sorted by name: a {@code {% snapshot %}} block of a {@code .sql} file under the snapshot
 *                       paths (its {@code sql} is the block's body, preceded by blank lines so that line numbers are the file's), or
 *                       a {@code snapshots:} entry with a {@code relation:} in a properties file (dbt 1.9+); their folder config
 *                       (the {@code snapshots:} tree) is in {@code folderConfig}, their properties in {@code properties}
 * @param unitTests      the {@code unit_tests:} of the properties files, in file order, enabled or not
 * @param packages       the packages the project uses, in the order they were found
 * @param nodePackages   the package of each model and seed that comes from a package, by node name (the others are the root project's)
 */
public record Project(Path root, String name, List<ModelFile> models, List<MacroFile> macros, List<SourceTable> sources,
                      Map<String, ModelProperties> properties, Map<String, Object> vars, Map<String, Map<String, Object>> folderConfig,
                      List<SeedFile> seeds, Map<String, Object> testConfig, List<Dispatch> dispatch, List<ModelFile> snapshots,
                      List<UnitTestDefinition> unitTests, List<Package> packages, Map<String, String> nodePackages) {

    public Project {
        dispatch = dispatch == null ? List.of() : List.copyOf(dispatch);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        unitTests = unitTests == null ? List.of() : List.copyOf(unitTests);
        packages = packages == null ? List.of() : List.copyOf(packages);
        nodePackages = nodePackages == null ? Map.of() : Map.copyOf(nodePackages);
    }

    /** A project without {@code dispatch:} entries, snapshots, unit tests or packages. */
    public Project(Path root, String name, List<ModelFile> models, List<MacroFile> macros, List<SourceTable> sources,
                   Map<String, ModelProperties> properties, Map<String, Object> vars, Map<String, Map<String, Object>> folderConfig,
                   List<SeedFile> seeds, Map<String, Object> testConfig) {
        this(root, name, models, macros, sources, properties, vars, folderConfig, seeds, testConfig, List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    /** The package a model or seed belongs to: a package's name, or the root project's. */
    public String packageOf(String node) {
        return nodePackages.getOrDefault(node, name);
    }

    /**
     * A node's file relative to its own package's folder, as dbt's {@code original_file_path} is: the file's path as given
     * for a root node; for a package node, without the folders that lead to the package (e.g. {@code models/x.sql} for
     * {@code dbt_packages/util/models/x.sql}).
     */
    public String pathInPackage(String node, String relativePath) {
        Package dependency = dependency(packageOf(node));
        if (dependency == null) {
            return relativePath;
        }
        Path file = root.resolve(relativePath).normalize();
        if (file.startsWith(dependency.root())) {
            return dependency.root().relativize(file).toString().replace('\\', '/');
        }
        // a package outside the project: its files are named <package>/<path in the package>
        return relativePath.substring(relativePath.indexOf('/') + 1);
    }

    /** The package of that name, or null (also for the root project's name). */
    public Package dependency(String packageName) {
        return packages.stream().filter(p -> p.name().equals(packageName)).findFirst().orElse(null);
    }

    /** The search order {@code dispatch:} sets for a macro namespace, or null when it sets none. */
    public List<String> searchOrder(String macroNamespace) {
        return dispatch.stream().filter(entry -> entry.macroNamespace().equals(macroNamespace)).map(Dispatch::searchOrder).findFirst().orElse(null);
    }

    /** The same project with other sources and properties (descriptions rendered), everything else kept. */
    public Project withSourcesAndProperties(List<SourceTable> newSources, Map<String, ModelProperties> newProperties) {
        return new Project(root, name, models, macros, newSources, newProperties, vars, folderConfig, seeds, testConfig, dispatch, snapshots, unitTests,
                packages, nodePackages);
    }
}
