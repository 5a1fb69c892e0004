package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a dbt-style project from disk: {@code dbt_project.yml} (optional), the model and macro files, and
 * the properties files ({@code version: 2}) under the model paths.
 *
 * <p>What is read, with dbt's defaults:
 * <ul>
 *   <li>{@code dbt_project.yml}: {@code name} (default: the folder's name), {@code model-paths} (default
 *       {@code [models]}; dbt's older {@code source-paths} is accepted), {@code macro-paths} (default
 *       {@code [macros]}), {@code vars} (top-level entries, with the entries of a mapping under the project's
 *       own name laid over them, as dbt scopes project vars) and the {@code models:} config tree;</li>
 *   <li>every {@code *.sql} below a model path is a model named after its file; names are unique;</li>
 *   <li>every {@code *.sql} below a macro path is a macro file;</li>
 *   <li>every {@code *.yml} / {@code *.yaml} below a model path is a properties file: its {@code sources:}
 *       (schema defaults to the source's name, identifier to the table's name) and {@code models:} (description,
 *       config, columns, tests). {@code tests:} and {@code data_tests:} are both read and concatenated. Missing
 *       descriptions are empty strings, a missing {@code data_type} is null. {@code seeds:} entries are read
 *       like models' (files under the seed paths count as properties files too). Other top-level keys (macros,
 *       exposures, ...) are ignored.</li>
 * </ul>
 *
 * <p>The {@code models:} config tree follows dbt: the first level is the project's name (config written
 * directly at the top level is accepted too), then folder names below the model path, down to a model's own
 * name. Keys starting with {@code +} are config; an unprefixed key is config too when its value is not a
 * mapping, or is one of dbt's mapping-valued configs ({@code meta}, {@code docs}, {@code persist_docs},
 * {@code grants}, {@code contract}, {@code quoting}, {@code column_types}); any other key with a mapping
 * value is a subfolder. The config of every folder on a model's path is merged, deeper folders overriding,
 * except that {@code tags} and hooks accumulate and {@code meta} and {@code column_types} mappings merge key by key, as in dbt.
 * Values are kept as written (Jinja in them is not rendered here).
 *
 * <p>The {@code seeds:} tree of dbt_project.yml is read the same way, with folders below the seed path; its resolved
 * config sits in {@link Project#folderConfig()} under the seed's name (seeds and models share one namespace). Seed configs
 * dbt acts on and the plugin does not ({@link SeedConfigs}) warn with the file, line and key.
 *
 * <p>Problems that make the project unusable throw {@link TestbedException} naming the file and, where
 * known, the line. Problems dbt only warns about (properties for a model that does not exist, a folder
 * config that matches no model, a duplicated YAML key) go to the warnings consumer.
 */
public final class ProjectLoader {

    /** The project file, at the project's root. */
    public static final String PROJECT_FILE = "dbt_project.yml";

    /** Configs whose value is a mapping, so an unprefixed key with a mapping value is config, not a folder. */
    private static final Set<String> MAPPING_CONFIGS = Set.of("meta", "docs", "persist_docs", "grants", "contract", "quoting", "column_types");

    /** Mapping configs that dbt merges key by key (its MergeBehavior.Update) instead of replacing them. */
    private static final Set<String> KEYWISE_CONFIGS = Set.of("meta", "column_types");

    /** Configs whose values accumulate down the folder tree instead of being replaced. */
    private static final Set<String> ACCUMULATING_CONFIGS = Set.of("pre-hook", "post-hook", "pre_hook", "post_hook");

    private final Path root;
    private final Consumer<String> warnings;
    /** The root project's folder, which file names in messages are relative to; a package's files too, where they lie inside it. */
    private final Path shownFrom;
    /** The package's name when this loader reads a package, else null. */
    private final String packageName;

    private ProjectLoader(Path root, Consumer<String> warnings) {
        this(root, warnings, root, null);
    }

    private ProjectLoader(Path root, Consumer<String> warnings, Path shownFrom, String packageName) {
        this.root = root;
        this.warnings = warnings;
        this.shownFrom = shownFrom;
        this.packageName = packageName;
    }

    /** Loads the project in {@code root}, dropping warnings. */
    public static Project load(Path root) {
        return load(root, warning -> {
        });
    }

    /**
     * Loads the project in {@code root}.
     *
     * @param warnings receives one line per problem that dbt would warn about but not fail on
     * @throws TestbedException if the folder or its model paths are missing, a YAML file is invalid, two
     *                          models share a name, or a source table or model properties entry is declared twice
     */
    public static Project load(Path root, Consumer<String> warnings) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(warnings, "warnings");
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new TestbedException(Files.exists(absolute) ? "The project folder " + absolute + " is a file, not a folder."
                    : "The project folder " + absolute + " does not exist.",
                    "Point the build at the folder that holds models/ (and dbt_project.yml, if the project has one).");
        }
        return new ProjectLoader(absolute, warnings).load();
    }

    /**
     * The root project with its packages: their models, seeds, sources and properties join the project's (names stay unique
     * across packages, since ref() and relations use them); their macros stay in their own namespaces; their config comes
     * from their own dbt_project.yml, overridden by the root's {@code models:} / {@code seeds:} entries under their names.
     */
    private Project load() {
        Own own = loadOwn();
        List<Own> packages = new ArrayList<>();
        for (InstalledPackages.Found found : InstalledPackages.find(root, own.settings().packagesInstallPath(), warnings)) {
            ProjectLoader loader = new ProjectLoader(found.root(), warning -> warnings.accept("package " + found.name() + ": " + warning), root, found.name());
            try {
                packages.add(loader.loadOwn());
            } catch (TestbedException e) {
                throw new TestbedException("Package '" + found.name() + "' (" + found.root() + "): " + e.getMessage(), e.suggestion(), e);
            }
        }
        return merge(own, packages);
    }

    /** What one project folder (the root project or a package) holds, before packages are joined. */
    private record Own(Settings settings, List<ModelFile> models, List<Placed> placedModels, List<MacroFile> macros, Map<SourceKey, SourceTable> sources,
                       Map<String, ModelProperties> properties, List<Placed> placedSeeds, Map<String, Map<String, Object>> folderConfig,
                       List<ModelFile> snapshots, List<Placed> placedSnapshots, List<UnitTestDefinition> unitTests) {
    }

    private Project merge(Own own, List<Own> packages) {
        Settings settings = own.settings();
        List<ModelFile> models = new ArrayList<>(own.models());
        List<SeedFile> seeds = new ArrayList<>(own.placedSeeds().stream().map(Placed::seed).toList());
        Map<SourceKey, SourceTable> sources = new LinkedHashMap<>(own.sources());
        Map<String, ModelProperties> properties = new LinkedHashMap<>(own.properties());
        Map<String, String> nodePackages = new TreeMap<>();
        Map<String, String> nodeFiles = new LinkedHashMap<>();
        own.models().forEach(model -> nodeFiles.put(model.name(), model.relativePath()));
        seeds.forEach(seed -> nodeFiles.put(seed.name(), seed.relativePath()));
        own.snapshots().forEach(snapshot -> nodeFiles.put(snapshot.name(), snapshot.relativePath()));
        // the root's config trees reach a package's nodes under the package's name: models: <package>: <folder>: ...
        List<Placed> modelsInRootTree = new ArrayList<>(own.placedModels());
        List<Placed> seedsInRootTree = new ArrayList<>(own.placedSeeds());
        List<Placed> snapshotsInRootTree = new ArrayList<>(own.placedSnapshots());
        List<ModelFile> snapshots = new ArrayList<>(own.snapshots());
        List<UnitTestDefinition> unitTests = new ArrayList<>(own.unitTests());
        List<Package> loaded = new ArrayList<>();
        Set<String> projectNames = new LinkedHashSet<>(List.of(settings.name()));
        packages.forEach(pkg -> projectNames.add(pkg.settings().name()));
        for (Own pkg : packages) {
            String name = pkg.settings().name();
            pkg.models().forEach(model -> claim(nodeFiles, model.name(), model.relativePath()));
            pkg.placedSeeds().forEach(seed -> claim(nodeFiles, seed.name(), seed.seed().relativePath()));
            // dbt builds a package's snapshots and runs its unit tests like the root's
            pkg.snapshots().forEach(snapshot -> claim(nodeFiles, snapshot.name(), snapshot.relativePath()));
            snapshots.addAll(pkg.snapshots());
            unitTests.addAll(pkg.unitTests());
            pkg.snapshots().forEach(snapshot -> nodePackages.put(snapshot.name(), name));
            pkg.placedSnapshots().forEach(snapshot -> snapshotsInRootTree.add(new Placed(snapshot.name(), prefixed(name, snapshot.fqn()), null)));
            models.addAll(pkg.models());
            pkg.placedSeeds().forEach(seed -> seeds.add(seed.seed()));
            pkg.models().forEach(model -> nodePackages.put(model.name(), name));
            pkg.placedSeeds().forEach(seed -> nodePackages.put(seed.name(), name));
            pkg.placedModels().forEach(model -> modelsInRootTree.add(new Placed(model.name(), prefixed(name, model.fqn()), null)));
            pkg.placedSeeds().forEach(seed -> seedsInRootTree.add(new Placed(seed.name(), prefixed(name, seed.fqn()), seed.seed())));
            pkg.sources().forEach((key, table) -> {
                if (sources.putIfAbsent(key, table) != null) {
                    throw new TestbedException("Source " + key + " is declared by package '" + name + "' and again by another package or the project.",
                            "Source names must be unique across the project and its packages: rename one of them.");
                }
            });
            pkg.properties().forEach(properties::putIfAbsent);
            Map<String, Object> testConfig = new LinkedHashMap<>(pkg.settings().testConfig());
            testConfig.putAll(settings.testConfigByPackage().getOrDefault(name, Map.of()));
            loaded.add(new Package(name, pkg.settings().root(), pkg.macros(), packageVars(pkg, settings, projectNames), testConfig));
        }
        settings.testConfigByPackage().keySet().stream().filter(scope -> !projectNames.contains(scope)).forEach(scope -> warnings.accept(PROJECT_FILE
                + ": data_tests: '" + scope + "' is ignored: it names no package, and only +config entries for the whole project (at the top, "
                + "under '" + settings.name() + "' or under a package's name) apply to data tests"));
        // the entries under the root project's own name are its own; those under a package's name, or above all, reach the package
        Map<String, Map<String, Object>> rootConfig = new TreeMap<>(resolveFolderConfig("models", settings.configLevels(), modelsInRootTree));
        rootConfig.putAll(resolveFolderConfig("seeds", settings.seedConfigLevels(), seedsInRootTree));
        rootConfig.putAll(resolveFolderConfig("snapshots", settings.snapshotConfigLevels(), snapshotsInRootTree));
        Map<String, Map<String, Object>> forPackages = new TreeMap<>(resolveFolderConfig("models", notOwn(settings.configLevels()),
                modelsInRootTree.subList(own.placedModels().size(), modelsInRootTree.size()), false));
        forPackages.putAll(resolveFolderConfig("seeds", notOwn(settings.seedConfigLevels()),
                seedsInRootTree.subList(own.placedSeeds().size(), seedsInRootTree.size()), false));
        forPackages.putAll(resolveFolderConfig("snapshots", notOwn(settings.snapshotConfigLevels()),
                snapshotsInRootTree.subList(own.placedSnapshots().size(), snapshotsInRootTree.size()), false));
        Map<String, Map<String, Object>> folderConfig = new TreeMap<>(own.folderConfig());
        for (Own pkg : packages) {
            // the package's own dbt_project.yml first, the root project's entries for the package over it, as in dbt
            pkg.folderConfig().forEach((node, config) -> {
                Map<String, Object> merged = new LinkedHashMap<>(config);
                merge(merged, forPackages.getOrDefault(node, Map.of()));
                folderConfig.put(node, Collections.unmodifiableMap(merged));
            });
        }
        own.folderConfig().keySet().forEach(node -> folderConfig.put(node, rootConfig.get(node)));
        models.sort(Comparator.comparing(ModelFile::name));
        seeds.sort(Comparator.comparing(SeedFile::name));
        snapshots.sort(Comparator.comparing(ModelFile::name));
        return new Project(root, settings.name(), List.copyOf(models), List.copyOf(own.macros()), List.copyOf(sources.values()),
                Collections.unmodifiableMap(properties), Collections.unmodifiableMap(settings.vars()), Collections.unmodifiableMap(folderConfig),
                List.copyOf(seeds), Collections.unmodifiableMap(settings.testConfig()), settings.dispatch(), List.copyOf(snapshots), List.copyOf(unitTests),
                List.copyOf(loaded), Collections.unmodifiableMap(nodePackages));
    }

    private static Map<String, Object> varsAsWritten(MapNode vars) {
        Map<String, Object> plain = new LinkedHashMap<>();
        vars.entries().forEach((key, value) -> plain.put(key, value.plain()));
        return plain;
    }

    /**
     * The vars a package's nodes see, as dbt scopes them (lowest first): the package's own dbt_project.yml vars (with its
     * own scoped ones), the root project's global vars, the root's vars scoped to the package ({@code vars: {pkg: {...}}}).
     */
    private static Map<String, Object> packageVars(Own pkg, Settings rootSettings, Set<String> projectNames) {
        Map<String, Object> vars = new LinkedHashMap<>(pkg.settings().vars());
        rootSettings.varsAsWritten().forEach((key, value) -> {
            if (!(value instanceof Map<?, ?> && projectNames.contains(key))) {
                vars.put(key, value);
            }
        });
        if (rootSettings.varsAsWritten().get(pkg.settings().name()) instanceof Map<?, ?> scoped) {
            scoped.forEach((key, value) -> vars.put(String.valueOf(key), value));
        }
        return Collections.unmodifiableMap(vars);
    }

    private static List<ConfigLevel> notOwn(List<ConfigLevel> levels) {
        return levels.stream().filter(level -> !level.ownProject()).toList();
    }

    /** Records that a node of this name exists; a second one, in the project or a package, fails naming both files. */
    private static void claim(Map<String, String> nodeFiles, String name, String file) {
        String earlier = nodeFiles.putIfAbsent(name, file);
        if (earlier != null) {
            throw new TestbedException("Two nodes are named '" + name + "': " + earlier + " and " + file + ".",
                    "Model and seed names must be unique across the project and its packages here, since ref('" + name + "') and the "
                            + "relation use the name: rename one of them.");
        }
    }

    private static List<String> prefixed(String first, List<String> rest) {
        List<String> path = new ArrayList<>();
        path.add(first);
        path.addAll(rest);
        return List.copyOf(path);
    }

    private Own loadOwn() {
        Settings settings = readSettings();
        List<Path> modelDirs = modelDirectories(settings.modelPaths());
        List<FoundModel> found = findModels(modelDirs);
        List<ModelFile> models = found.stream().map(FoundModel::file).sorted(Comparator.comparing(ModelFile::name)).toList();
        Set<String> modelNames = models.stream().map(ModelFile::name).collect(Collectors.toCollection(LinkedHashSet::new));

        List<MacroFile> macros = findMacros(settings.macroPaths(), settings.macroPathsConfigured());

        Map<SourceKey, SourceTable> sources = new LinkedHashMap<>();
        Map<SourceKey, String> sourceLocations = new LinkedHashMap<>();
        Map<String, ModelProperties> properties = new LinkedHashMap<>();
        Map<String, String> propertyLocations = new LinkedHashMap<>();
        List<UnitTestDefinition> unitTests = new ArrayList<>();
        List<Path> seedDirs = settings.seedPaths().stream().map(p -> root.resolve(p).normalize()).filter(Files::isDirectory).toList();
        List<Placed> foundSeeds = findSeeds(seedDirs, modelNames);
        List<SeedFile> seeds = foundSeeds.stream().map(Placed::seed).toList();
        Set<String> nodeNames = new LinkedHashSet<>(modelNames);
        seeds.forEach(seed -> nodeNames.add(seed.name()));
        List<Path> snapshotDirs = settings.snapshotPaths().stream().map(p -> root.resolve(p).normalize()).filter(Files::isDirectory).toList();
        List<FoundModel> foundSnapshots = new ArrayList<>(findSnapshots(snapshotDirs, nodeNames));
        foundSnapshots.forEach(snapshot -> nodeNames.add(snapshot.file().name()));
        List<Path> propertyDirs = new ArrayList<>(modelDirs);
        propertyDirs.addAll(seedDirs);
        propertyDirs.addAll(snapshotDirs);
        List<ModelFile> yamlSnapshots = new ArrayList<>();
        for (Path file : files(propertyDirs, ".yml", ".yaml")) {
            readProperties(file, nodeNames, sources, sourceLocations, properties, propertyLocations, yamlSnapshots, unitTests);
        }
        for (ModelFile snapshot : yamlSnapshots) {
            // dbt places a YAML-defined snapshot at its properties file's folder for the snapshots: config tree
            Path dir = snapshotDirs.stream().filter(snapshot.path()::startsWith).findFirst().orElse(snapshot.path().getParent());
            foundSnapshots.add(new FoundModel(snapshot, fqn(dir, snapshot.path(), snapshot.name())));
        }
        foundSnapshots.sort(Comparator.comparing(snapshot -> snapshot.file().name()));

        List<Placed> placedModels = found.stream().map(model -> new Placed(model.file().name(), model.fqn(), null)).toList();
        // "matches no model" is said once the packages' nodes are known too (see merge)
        Map<String, Map<String, Object>> folderConfig = new TreeMap<>(resolveFolderConfig("models", settings.configLevels(), placedModels, false));
        // seeds share the namespace of models, so their resolved folder config sits in the same map
        folderConfig.putAll(resolveFolderConfig("seeds", settings.seedConfigLevels(), foundSeeds, false));
        List<Placed> placedSnapshots = foundSnapshots.stream().map(snapshot -> new Placed(snapshot.file().name(), snapshot.fqn(), null)).toList();
        folderConfig.putAll(resolveFolderConfig("snapshots", settings.snapshotConfigLevels(), placedSnapshots, false));
        return new Own(settings, models, placedModels, List.copyOf(macros), sources, properties, foundSeeds, folderConfig,
                foundSnapshots.stream().map(FoundModel::file).toList(), placedSnapshots, List.copyOf(unitTests));
    }

    /**
     * CSV files under the seed paths, with their folders below the seed path (for the {@code seeds:} config tree); a seed
     * may not share its name with a model, since ref() must mean one thing.
     */
    private List<Placed> findSeeds(List<Path> seedDirs, Set<String> modelNames) {
        Map<String, Placed> byName = new TreeMap<>();
        for (Path dir : seedDirs) {
            for (Path file : files(List.of(dir), ".csv")) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".csv".length());
                SeedFile seed = new SeedFile(name, file, relative(file));
                Placed earlier = byName.putIfAbsent(name, new Placed(name, fqn(dir, file, name), seed));
                if ((earlier != null && !earlier.seed().path().equals(file)) || modelNames.contains(name)) {
                    throw new TestbedException("Two nodes are named '" + name + "': " + (earlier != null ? earlier.seed().relativePath() : "a model")
                            + " and " + seed.relativePath() + ".", "Seed and model names share one namespace because ref('" + name
                            + "') must mean one thing: rename one of them.");
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * The {@code {% snapshot %}} blocks of the {@code .sql} files under the snapshot paths, with their folders below the snapshot
     * path (for the {@code snapshots:} config tree); a snapshot shares the one namespace of models and seeds, since ref() must mean one thing.
     */
    private List<FoundModel> findSnapshots(List<Path> snapshotDirs, Set<String> nodeNames) {
        Map<String, FoundModel> byName = new TreeMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : snapshotDirs) {
            for (Path file : files(List.of(dir), ".sql")) {
                if (!seen.add(file)) {
                    continue;
                }
                for (ModelFile snapshot : SnapshotBlocks.read(file, relative(file), read(file))) {
                    FoundModel earlier = byName.putIfAbsent(snapshot.name(), new FoundModel(snapshot, fqn(dir, file, snapshot.name())));
                    if (earlier != null || nodeNames.contains(snapshot.name())) {
                        throw new TestbedException("Two nodes are named '" + snapshot.name() + "': " + (earlier != null ? earlier.file().relativePath()
                                : "a model or seed") + " and the snapshot in " + snapshot.relativePath() + ".", "Snapshot, model and seed names share "
                                + "one namespace because ref('" + snapshot.name() + "') must mean one thing: rename one of them.");
                    }
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** The folders from {@code dir} down to {@code file}, then {@code name}: dbt's fqn without the project's name. */
    private static List<String> fqn(Path dir, Path file, String name) {
        List<String> fqn = new ArrayList<>();
        dir.relativize(file.getParent()).forEach(folder -> {
            if (!folder.toString().isEmpty()) {
                fqn.add(folder.toString());
            }
        });
        fqn.add(name);
        return List.copyOf(fqn);
    }

    // ---------------------------------------------------------------- dbt_project.yml

    /**
     * One level of the {@code models:} or {@code seeds:} tree that carries config: the folder path below the project, its
     * config and the line of each key.
     */
    private record ConfigLevel(List<String> path, Map<String, Object> config, int line, Map<String, Integer> keyLines, boolean ownProject) {
    }

    private record Settings(String name, List<String> modelPaths, List<String> macroPaths, boolean macroPathsConfigured,
                            Map<String, Object> vars, List<ConfigLevel> configLevels, List<String> seedPaths, Map<String, Object> testConfig,
                            List<ConfigLevel> seedConfigLevels, List<Dispatch> dispatch, Path root, String packagesInstallPath,
                            Map<String, Object> varsAsWritten, List<String> snapshotPaths, List<ConfigLevel> snapshotConfigLevels,
                            Map<String, Map<String, Object>> testConfigByPackage) {
    }

    private Settings readSettings() {
        String defaultName = root.getFileName() == null ? "project" : root.getFileName().toString();
        Path file = root.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(file)) {
            return new Settings(defaultName, List.of("models"), List.of("macros"), false, new LinkedHashMap<>(), List.of(), List.of("seeds"),
                    Map.of(), List.of(), List.of(), root, InstalledPackages.DEFAULT_INSTALL_PATH, Map.of(), List.of("snapshots"), List.of(), Map.of());
        }
        Where where = new Where(PROJECT_FILE);
        MapNode top = where.map(YamlTree.parse(PROJECT_FILE, read(file), warnings), "dbt_project.yml");
        if (top == null) {
            top = new MapNode(Map.of(), 1);
        }
        UnsupportedParts.inProject(root, top, warnings);
        String name = where.text(top.get("name"), "name");
        if (name == null || name.isBlank()) {
            name = defaultName;
        }
        RequiredDbtVersion.check(relative(file), top.get("require-dbt-version"), name);
        List<String> modelPaths = where.paths(top.get("model-paths") != null ? top.get("model-paths") : top.get("source-paths"), "model-paths");
        List<String> macroPaths = where.paths(top.get("macro-paths"), "macro-paths");
        List<String> seedPaths = where.paths(top.get("seed-paths") != null ? top.get("seed-paths") : top.get("data-paths"), "seed-paths");
        List<String> snapshotPaths = where.paths(top.get("snapshot-paths"), "snapshot-paths");

        Map<String, Object> vars = new LinkedHashMap<>();
        MapNode varsNode = where.map(top.get("vars"), "vars");
        if (varsNode != null) {
            varsNode.entries().forEach((key, value) -> vars.put(key, value.plain()));
            if (varsNode.get(name) instanceof MapNode scoped) {
                scoped.entries().forEach((key, value) -> vars.put(key, value.plain()));
            }
        }

        List<ConfigLevel> seedLevels = configTree(where, top, "seeds", name);
        seedLevels.forEach(level -> level.keyLines().forEach((key, line) -> SeedConfigs.unsupported(key, level.config().get(key))
                .ifPresent(why -> warnings.accept(PROJECT_FILE + ", line " + line + ": seeds config '+" + key + "' " + why))));
        Map<String, Map<String, Object>> testConfigByPackage = new TreeMap<>();
        Map<String, Object> testConfig = testConfig(where, top, name, testConfigByPackage);
        return new Settings(name, modelPaths == null ? List.of("models") : modelPaths,
                macroPaths == null ? List.of("macros") : macroPaths, macroPaths != null, vars, configTree(where, top, "models", name),
                seedPaths == null ? List.of("seeds") : seedPaths, testConfig, seedLevels, dispatch(where, top, name),
                root, Objects.requireNonNullElse(where.text(top.get("packages-install-path"), "packages-install-path"), InstalledPackages.DEFAULT_INSTALL_PATH),
                varsNode == null ? Map.of() : varsAsWritten(varsNode),
                snapshotPaths == null ? List.of("snapshots") : snapshotPaths, configTree(where, top, "snapshots", name), testConfigByPackage);
    }

    /** dbt's {@code dispatch:} list: a {@code macro_namespace} and its {@code search_order} per entry. */
    private List<Dispatch> dispatch(Where where, MapNode top, String projectName) {
        Node node = top.get("dispatch");
        if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
            return List.of();
        }
        List<Dispatch> entries = new ArrayList<>();
        for (Node item : where.list(node, "dispatch")) {
            MapNode entry = where.map(item, "an entry of dispatch");
            if (entry == null) {
                continue;
            }
            String namespace = where.required(entry, "macro_namespace", "a dispatch entry");
            Node orderNode = entry.get("search_order");
            List<String> order = orderNode == null ? List.of()
                    : where.list(orderNode, "search_order").stream().map(name -> where.text(name, "an entry of search_order")).toList();
            if (order.isEmpty() || order.stream().anyMatch(name -> name == null || name.isBlank())) {
                throw where.error(orderNode == null ? entry : orderNode, "the dispatch entry for '" + namespace + "' needs a search_order: "
                        + "a list of package names.", "Write e.g. search_order: ['" + projectName + "', '" + namespace + "'].");
            }
            entries.add(new Dispatch(namespace, order));
        }
        return List.copyOf(entries);
    }

    /** The config levels of the {@code models:} or {@code seeds:} tree, shallow first. */
    private List<ConfigLevel> configTree(Where where, MapNode top, String key, String projectName) {
        List<ConfigLevel> levels = new ArrayList<>();
        MapNode node = where.map(top.get(key), key);
        if (node != null) {
            collectConfig(node, List.of(), projectName, false, levels);
        }
        levels.sort(Comparator.comparingInt(level -> level.path().size())); // stable: shallow first, document order within a depth
        return levels;
    }

    /**
     * dbt_project.yml's {@code data_tests:} (dbt 1.8's name) or {@code tests:}: {@code +key} entries at the top or under the
     * project's name apply to every data test; tests' own config wins, tags accumulate. Folder levels are not supported.
     * The {@code +key} entries under another name go to {@code byPackage}: the root project's config for a package's tests.
     */
    private Map<String, Object> testConfig(Where where, MapNode top, String projectName, Map<String, Map<String, Object>> byPackage) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (String key : List.of("tests", "data_tests")) {
            MapNode node = where.map(top.get(key), key);
            if (node == null) {
                continue;
            }
            List<MapNode> levels = new ArrayList<>(List.of(node));
            node.entries().forEach((name, value) -> {
                if (name.equals(projectName) && value instanceof MapNode scoped) {
                    levels.add(scoped);
                } else if (value instanceof MapNode scoped) {
                    // a package's name, or a folder: which one is known once the packages are found (see merge)
                    scoped.entries().forEach((scopedKey, scopedValue) -> {
                        if (scopedKey.startsWith("+")) {
                            byPackage.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(scopedKey.substring(1), scopedValue.plain());
                        }
                    });
                } else if (!name.startsWith("+")) {
                    warnings.accept(PROJECT_FILE + ", line " + value.line() + ": " + key + ": '" + name + "' is ignored; only +config entries for "
                            + "the whole project (at the top or under '" + projectName + "') apply to data tests");
                }
            });
            for (MapNode level : levels) {
                level.entries().forEach((name, value) -> {
                    if (name.startsWith("+")) {
                        config.put(name.substring(1), value.plain());
                    }
                });
            }
        }
        return config;
    }

    /** Collects the config of this level, then descends into subfolders (so a level's config precedes its children's). */
    private void collectConfig(MapNode node, List<String> path, String projectName, boolean ownProject, List<ConfigLevel> levels) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        Map<String, MapNode> children = new LinkedHashMap<>();
        node.entries().forEach((key, value) -> {
            if (key.startsWith("+")) {
                config.put(key.substring(1), value.plain());
                keyLines.put(key.substring(1), value.line());
            } else if (value instanceof MapNode child && !MAPPING_CONFIGS.contains(key)) {
                children.put(key, child);
            } else if (!(value instanceof Scalar scalar && scalar.value() == null)) {
                config.put(key, value.plain()); // unprefixed config, e.g. "materialized: table"
                keyLines.put(key, value.line());
            }
        });
        if (!config.isEmpty()) {
            levels.add(new ConfigLevel(path, config, node.line(), keyLines, ownProject));
        }
        children.forEach((key, child) -> {
            // the project's own name at the top level is the project, not a folder
            boolean projectLevel = path.isEmpty() && key.equals(projectName);
            collectConfig(child, projectLevel ? path : append(path, key), projectName, ownProject || projectLevel, levels);
        });
    }

    /** A model or seed with its fqn below the project; {@code seed} is null for a model. */
    private record Placed(String name, List<String> fqn, SeedFile seed) {
    }

    /** The config of every level on each node's path, merged as dbt does; {@code tree} is "models" or "seeds". */
    private Map<String, Map<String, Object>> resolveFolderConfig(String tree, List<ConfigLevel> levels, List<Placed> nodes) {
        return resolveFolderConfig(tree, levels, nodes, true);
    }

    private Map<String, Map<String, Object>> resolveFolderConfig(String tree, List<ConfigLevel> levels, List<Placed> nodes, boolean warnUnmatched) {
        String kind = tree.substring(0, tree.length() - 1);
        for (ConfigLevel level : levels) {
            if (warnUnmatched && !level.path().isEmpty() && nodes.stream().noneMatch(node -> startsWith(node.fqn(), level.path()))) {
                warnings.accept(PROJECT_FILE + ", line " + level.line() + ": the " + tree + " config for '" + String.join(".", level.path())
                        + "' matches no " + kind + " (folders are named relative to the " + kind + " path, e.g. 'staging' for " + tree + "/staging)");
            }
        }
        Map<String, Map<String, Object>> resolved = new TreeMap<>();
        for (Placed node : nodes) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (ConfigLevel level : levels) {
                if (startsWith(node.fqn(), level.path())) {
                    merge(merged, level.config());
                }
            }
            resolved.put(node.name(), Collections.unmodifiableMap(merged));
        }
        return resolved;
    }

    private static void merge(Map<String, Object> into, Map<String, Object> config) {
        config.forEach((key, value) -> {
            if (key.equals("tags")) {
                LinkedHashSet<String> tags = new LinkedHashSet<>(tags(into.get("tags")));
                tags.addAll(tags(value));
                into.put("tags", List.copyOf(tags));
            } else if (ACCUMULATING_CONFIGS.contains(key)) {
                List<Object> hooks = new ArrayList<>(asList(into.get(key)));
                hooks.addAll(asList(value));
                into.put(key, Collections.unmodifiableList(hooks));
            } else if (KEYWISE_CONFIGS.contains(key) && value instanceof Map<?, ?> later && into.get(key) instanceof Map<?, ?> earlier) {
                Map<Object, Object> both = new LinkedHashMap<>(earlier);
                both.putAll(later);
                into.put(key, both);
            } else {
                into.put(key, value);
            }
        });
    }

    /** dbt accepts a tag as a single string or a list of strings. */
    private static List<String> tags(Object value) {
        return asList(value).stream().filter(Objects::nonNull).map(Object::toString).toList();
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return List.of(value);
    }

    private static boolean startsWith(List<String> fqn, List<String> prefix) {
        return prefix.size() <= fqn.size() && fqn.subList(0, prefix.size()).equals(prefix);
    }

    private static List<String> append(List<String> path, String element) {
        List<String> longer = new ArrayList<>(path);
        longer.add(element);
        return List.copyOf(longer);
    }

    // ---------------------------------------------------------------- models and macros

    /** A model file and its path of folders below its model path, ending with its name (dbt's fqn without the project). */
    private record FoundModel(ModelFile file, List<String> fqn) {
    }

    private List<Path> modelDirectories(List<String> modelPaths) {
        List<Path> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String modelPath : modelPaths) {
            Path dir = root.resolve(modelPath).normalize();
            if (Files.isDirectory(dir)) {
                existing.add(dir);
            } else {
                missing.add(modelPath);
            }
        }
        String looked = modelPaths.stream().map(p -> p + "/").collect(Collectors.joining(", "));
        if (existing.isEmpty() && packageName != null) {
            return existing; // a package of macros only
        }
        if (existing.isEmpty()) {
            throw new TestbedException("No model folder in " + root + ": looked for " + looked + ".",
                    "Create " + modelPaths.get(0) + "/ with one .sql file per model, or set model-paths in " + PROJECT_FILE
                            + " to the folders that hold the models.");
        }
        for (String path : missing) {
            warnings.accept(PROJECT_FILE + ": the model path '" + path + "' does not exist in " + root);
        }
        return existing;
    }

    private List<FoundModel> findModels(List<Path> modelDirs) {
        Map<String, FoundModel> byName = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : modelDirs) {
            for (Path file : files(List.of(dir), ".sql")) {
                if (!seen.add(file)) {
                    continue; // reached through two overlapping model paths
                }
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".sql".length());
                ModelFile model = new ModelFile(name, file, relative(file), read(file));
                FoundModel earlier = byName.putIfAbsent(name, new FoundModel(model, fqn(dir, file, name)));
                if (earlier != null) {
                    throw new TestbedException("Two models are named '" + name + "': " + earlier.file().relativePath() + " and " + model.relativePath() + ".",
                            "Model names must be unique in a project, because ref('" + name + "') must mean one model: rename one of the files.");
                }
            }
        }
        if (byName.isEmpty() && packageName == null) {
            warnings.accept("No .sql model files under " + modelDirs.stream().map(this::relative).map(p -> p + "/").collect(Collectors.joining(", ")));
        }
        return List.copyOf(byName.values());
    }

    private List<MacroFile> findMacros(List<String> macroPaths, boolean configured) {
        List<Path> dirs = new ArrayList<>();
        for (String macroPath : macroPaths) {
            Path dir = root.resolve(macroPath).normalize();
            if (Files.isDirectory(dir)) {
                dirs.add(dir);
            } else if (configured) {
                warnings.accept(PROJECT_FILE + ": the macro path '" + macroPath + "' does not exist in " + root);
            }
        }
        // dbt reads custom generic tests ({% test %} blocks) from tests/generic/ as macros too
        Path genericTests = root.resolve("tests").resolve("generic");
        if (Files.isDirectory(genericTests)) {
            dirs.add(genericTests);
        }
        return files(dirs, ".sql").stream().map(file -> new MacroFile(file, relative(file), read(file))).toList();
    }

    /** Regular files below the folders whose names end with one of the suffixes, without repeats, sorted by relative path. */
    private List<Path> files(List<Path> dirs, String... suffixes) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(file -> Stream.of(suffixes).anyMatch(suffix -> file.getFileName().toString().endsWith(suffix)))
                        .forEach(found::add);
            } catch (IOException e) {
                throw new TestbedException("Cannot list the files in " + relative(dir) + ": " + e.getMessage(), "Check the folder's permissions.", e);
            }
        }
        return found.stream().sorted(Comparator.comparing(this::relative)).toList();
    }

    /**
     * A file's name in messages and artifacts: relative to the root project; a package's file outside it (a {@code local:}
     * package elsewhere) as {@code <package>/<path in the package>}, so that it never points outside the project.
     */
    private String relative(Path file) {
        Path shown = file.startsWith(shownFrom) ? shownFrom.relativize(file) : Path.of(packageName == null ? "" : packageName).resolve(root.relativize(file));
        return shown.toString().replace(File.separatorChar, '/');
    }

    private String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new TestbedException(relative(file) + " is not valid UTF-8 text.", "Save the file as UTF-8.", e);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + relative(file) + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
    }

    // ---------------------------------------------------------------- properties files

    private void readProperties(Path file, Set<String> modelNames, Map<SourceKey, SourceTable> sources, Map<SourceKey, String> sourceLocations,
                                Map<String, ModelProperties> properties, Map<String, String> propertyLocations, List<ModelFile> yamlSnapshots,
                                List<UnitTestDefinition> unitTests) {
        String name = relative(file);
        Where where = new Where(name);
        MapNode top = where.map(YamlTree.parse(name, read(file), warnings), "a properties file");
        if (top == null) {
            return; // empty file
        }
        UnsupportedParts.inProperties(name, top, warnings);
        unitTests.addAll(new UnitTestParser(root, name, file).parse(top.get("unit_tests")));
        Node version = top.get("version");
        if (version != null && !"2".equals(where.text(version, "version"))) {
            throw where.error(version, "unsupported 'version: " + where.text(version, "version") + "'.",
                    "Properties files use 'version: 2' (or leave version out).");
        }
        for (Node entry : where.list(top.get("sources"), "sources")) {
            MapNode source = where.entry(entry, "an entry of sources");
            String sourceName = where.required(source, "name", "a source");
            String schema = where.text(source.get("schema"), "schema of source '" + sourceName + "'");
            String sourceDescription = where.description(source, "source '" + sourceName + "'");
            for (Node tableEntry : where.list(source.get("tables"), "tables of source '" + sourceName + "'")) {
                MapNode table = where.entry(tableEntry, "a table of source '" + sourceName + "'");
                String tableName = where.required(table, "name", "a table of source '" + sourceName + "'");
                String what = "source table '" + sourceName + "." + tableName + "'";
                String identifier = where.text(table.get("identifier"), "identifier of " + what);
                SourceTable sourceTable = new SourceTable(sourceName, tableName, schema == null || schema.isBlank() ? sourceName : schema,
                        identifier == null || identifier.isBlank() ? tableName : identifier, where.description(table, what),
                        where.columns(table, what), where.tests(table, what), file, sourceDescription,
                        where.eventTime(table, where.eventTime(source, null, "source '" + sourceName + "'"), what));
                String location = name + ", line " + table.line();
                String earlier = sourceLocations.putIfAbsent(sourceTable.key(), location);
                if (earlier != null) {
                    throw new TestbedException("The source table " + sourceTable.key() + " is declared twice: " + earlier + " and " + location + ".",
                            "Declare each source table once; remove one of the entries.");
                }
                sources.put(sourceTable.key(), sourceTable);
            }
        }
        List<Node> entries = new ArrayList<>(where.list(top.get("models"), "models"));
        int firstSeed = entries.size();
        entries.addAll(where.list(top.get("seeds"), "seeds"));
        int firstSnapshot = entries.size();
        entries.addAll(where.list(top.get("snapshots"), "snapshots"));
        for (int index = 0; index < entries.size(); index++) {
            Node entry = entries.get(index);
            boolean seed = index >= firstSeed && index < firstSnapshot;
            String kind = index >= firstSnapshot ? "snapshot" : seed ? "seed" : "model";
            MapNode model = where.entry(entry, "an entry of models, seeds or snapshots");
            String modelName = where.required(model, "name", "a model, seed or snapshot");
            String what = "'" + modelName + "'";
            Map<String, Object> config = new LinkedHashMap<>();
            MapNode configNode = where.map(model.get("config"), "config of " + what);
            if (configNode != null) {
                configNode.entries().forEach((key, value) -> propertiesConfig(name, kind, modelName, key, value, config));
            }
            String relation = kind.equals("snapshot") ? where.text(model.get("relation"), "relation of snapshot " + what) : null;
            if (relation != null && !relation.isBlank()) {
                // dbt 1.9's YAML-defined snapshot: its query is every column of the relation, which is a ref() or source() call
                if (modelNames.contains(modelName)) {
                    throw where.error(model, "the snapshot '" + modelName + "' is defined here and as another model, seed or snapshot.",
                            "Snapshot, model and seed names share one namespace: rename one of them.");
                }
                String sql = "\n".repeat(model.get("relation").line() - 1) + "select * from {{ " + relation.strip() + " }}";
                yamlSnapshots.add(new ModelFile(modelName, file, name, sql));
                modelNames.add(modelName);
            }
            ModelProperties modelProperties = new ModelProperties(modelName, where.description(model, what), Collections.unmodifiableMap(config),
                    where.columns(model, what), where.tests(model, what), file, where.constraints(model, what));
            String location = name + ", line " + model.line();
            String earlier = propertyLocations.putIfAbsent(modelName, location);
            if (earlier != null) {
                throw new TestbedException("The model '" + modelName + "' has properties in two places: " + earlier + " and " + location + ".",
                        "Describe each model once; merge the two entries.");
            }
            properties.put(modelName, modelProperties);
            if (!modelNames.contains(modelName)) {
                warnings.accept(location + ": properties for '" + modelName + "', but there is no " + modelName + ".sql under the model paths"
                        + " nor " + modelName + ".csv under the seed paths, nor a snapshot of that name."
                        + ClosestName.didYouMean(modelName, modelNames));
            }
        }
    }

    /**
     * One key of a model's or seed's {@code config:} in a properties file. dbt takes these keys literally, so a
     * {@code +schema} or {@code +materialized} here configures nothing (checked with dbt-core 1.11.4: the node keeps the
     * target schema and its other configs); it is left out with a warning.
     */
    private void propertiesConfig(String file, String kind, String node, String key, Node value, Map<String, Object> config) {
        String where = file + ", line " + value.line() + ": config '" + key + "' of " + kind + " '" + node + "' ";
        if (key.startsWith("+")) {
            warnings.accept(where + "is ignored, as dbt ignores it: the '+' prefix belongs to dbt_project.yml; write '" + key.substring(1) + ":' here");
            return;
        }
        config.put(key, value.plain());
        if (kind.equals("seed")) {
            SeedConfigs.unsupported(key, value.plain()).ifPresent(why -> warnings.accept(where + why));
        }
    }

    /** Reads values of one YAML file, turning shape errors into messages with the file and line. */
    private record Where(String file) {

        TestbedException error(Node node, String problem, String suggestion) {
            return new TestbedException(file + (node == null ? "" : ", line " + node.line()) + ": " + problem, suggestion);
        }

        MapNode map(Node node, String what) {
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return null;
            }
            if (node instanceof MapNode map) {
                return map;
            }
            throw error(node, what + " must be a mapping of 'key: value' lines.", "Indent the entries below it as 'key: value'.");
        }

        /** A list entry that must be a mapping (e.g. a source, a table, a column). */
        MapNode entry(Node node, String what) {
            if (node instanceof MapNode map) {
                return map;
            }
            throw error(node, what + " must be a mapping with at least a 'name'.", "Write the entry as '- name: ...' with its keys indented below.");
        }

        List<Node> list(Node node, String what) {
            if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
                return List.of();
            }
            if (node instanceof ListNode list) {
                return list.items();
            }
            throw error(node, what + " must be a list.", "Write each entry on its own line starting with '- '.");
        }

        String text(Node node, String what) {
            if (node == null) {
                return null;
            }
            if (node instanceof Scalar scalar) {
                return scalar.text();
            }
            throw error(node, what + " must be a single value, not a list or mapping.", "Write it as 'key: value'.");
        }

        String required(MapNode map, String key, String what) {
            String value = text(map.get(key), what + "'s " + key);
            if (value == null || value.isBlank()) {
                throw error(map, what + " has no '" + key + "'.", "Add '" + key + ": ...' to the entry.");
            }
            return value;
        }

        List<String> paths(Node node, String what) {
            if (node == null) {
                return null;
            }
            List<String> paths = node instanceof Scalar ? List.of(text(node, what))
                    : list(node, what).stream().map(item -> text(item, "an entry of " + what)).toList();
            if (paths.isEmpty() || paths.stream().anyMatch(path -> path == null || path.isBlank())) {
                throw error(node, what + " must list at least one folder, and no empty ones.", "Write e.g. '" + what + ": [\"models\"]'.");
            }
            return paths;
        }

        String description(MapNode map, String what) {
            String description = text(map.get("description"), "description of " + what);
            return description == null ? "" : description;
        }

        /** {@code tests:} and {@code data_tests:} (dbt 1.8's name), both read. */
        List<Object> tests(MapNode map, String what) {
            List<Object> tests = new ArrayList<>();
            for (String key : List.of("tests", "data_tests")) {
                list(map.get(key), key + " of " + what).forEach(test -> tests.add(test.plain()));
            }
            return Collections.unmodifiableList(tests);
        }

        /** {@code config: {event_time: …}} of a source or source table, else {@code inherited} (a table inherits its source's, as in dbt). */
        String eventTime(MapNode map, String inherited, String what) {
            MapNode config = map(map.get("config"), "config of " + what);
            String eventTime = config == null ? null : text(config.get("event_time"), "event_time of " + what);
            return eventTime == null || eventTime.isBlank() ? inherited : eventTime;
        }

        /** {@code constraints:}, each a mapping with at least a {@code type}, as dbt's parser requires. */
        List<Object> constraints(MapNode map, String what) {
            List<Object> constraints = new ArrayList<>();
            for (Node entry : list(map.get("constraints"), "constraints of " + what)) {
                MapNode constraint = map(entry, "a constraint of " + what);
                if (constraint == null || constraint.get("type") == null) {
                    throw error(entry, "a constraint of " + what + " has no 'type'.", "Write '- type: not_null' (or check, unique, primary_key, foreign_key, custom).");
                }
                constraints.add(constraint.plain());
            }
            return Collections.unmodifiableList(constraints);
        }

        List<ColumnProperties> columns(MapNode map, String what) {
            List<ColumnProperties> columns = new ArrayList<>();
            for (Node entry : list(map.get("columns"), "columns of " + what)) {
                MapNode column = entry(entry, "a column of " + what);
                String name = required(column, "name", "a column of " + what);
                String columnWhat = "column '" + name + "' of " + what;
                columns.add(new ColumnProperties(name, description(column, columnWhat), text(column.get("data_type"), "data_type of " + columnWhat),
                        tests(column, columnWhat), constraints(column, columnWhat)));
            }
            return List.copyOf(columns);
        }
    }
}
