package dev.testbed.compile;

import dev.testbed.project.Dispatch;
import dev.testbed.project.MacroFile;
import dev.testbed.project.Package;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds project records in code, for compiler tests. */
final class TestProject {

    static final Target DEV = new Target("dev", "main", "lake");

    private final Path root;
    private final List<ModelFile> models = new ArrayList<>();
    private final List<MacroFile> macros = new ArrayList<>();
    private final List<SourceTable> sources = new ArrayList<>();
    private final Map<String, ModelProperties> properties = new HashMap<>();
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> folderConfig = new HashMap<>();
    private final Map<String, Object> varOverrides = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<Dispatch> dispatch = new ArrayList<>();
    private final Map<String, List<MacroFile>> packageMacros = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> packageVars = new LinkedHashMap<>();
    private final Map<String, String> nodePackages = new HashMap<>();

    TestProject(Path root) {
        this.root = root;
    }

    TestProject model(String relativePath, String sql) {
        String fileName = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        models.add(new ModelFile(fileName.substring(0, fileName.length() - 4), root.resolve(relativePath), relativePath, sql));
        return this;
    }

    TestProject macro(String relativePath, String text) {
        macros.add(new MacroFile(root.resolve(relativePath), relativePath, text));
        return this;
    }

    TestProject source(String source, String table, String schema) {
        sources.add(new SourceTable(source, table, schema, table, null, List.of(), List.of(), root.resolve("models/sources.yml")));
        return this;
    }

    TestProject properties(String model, Map<String, Object> config) {
        properties.put(model, new ModelProperties(model, null, config, List.of(), List.of(), root.resolve("models/schema.yml")));
        return this;
    }

    TestProject folderConfig(String model, Map<String, Object> config) {
        folderConfig.put(model, config);
        return this;
    }

    TestProject var(String name, Object value) {
        vars.put(name, value);
        return this;
    }

    TestProject override(String name, Object value) {
        varOverrides.put(name, value);
        return this;
    }

    TestProject env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A {@code dispatch:} entry of dbt_project.yml. */
    TestProject dispatch(String macroNamespace, String... searchOrder) {
        dispatch.add(new Dispatch(macroNamespace, List.of(searchOrder)));
        return this;
    }

    /** A package with a macro file (the package exists once named here). */
    TestProject packageMacro(String packageName, String relativePath, String text) {
        packageMacros.computeIfAbsent(packageName, name -> new ArrayList<>()).add(new MacroFile(root.resolve(relativePath), relativePath, text));
        return this;
    }

    /** A model of a package. */
    TestProject packageModel(String packageName, String relativePath, String sql) {
        packageMacros.computeIfAbsent(packageName, name -> new ArrayList<>());
        model(relativePath, sql);
        nodePackages.put(models.get(models.size() - 1).name(), packageName);
        return this;
    }

    /** A var as a package's nodes see it. */
    TestProject packageVar(String packageName, String name, Object value) {
        packageVars.computeIfAbsent(packageName, p -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    Project project() {
        return new Project(root, "shop", List.copyOf(models), List.copyOf(macros), List.copyOf(sources), Map.copyOf(properties),
                Map.copyOf(vars), Map.copyOf(folderConfig), List.of(), Map.of(), List.copyOf(dispatch), List.of(), List.of(),
                packageMacros.entrySet().stream().map(e -> new Package(e.getKey(), root.resolve(e.getKey()), e.getValue(),
                        packageVars.getOrDefault(e.getKey(), Map.of()))).toList(), Map.copyOf(nodePackages));
    }

    ModelCompiler compiler() {
        return new ModelCompiler(project(), DEV, varOverrides, environment);
    }

    ModelFile file(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** A compile context as a runner would make it: models in lake.main, sources in lake.&lt;schema&gt;. */
    static CompileContext context(ModelCompiler compiler, boolean incremental, String self) {
        return new CompileContext(name -> compiler.project().models().stream().anyMatch(m -> m.name().equals(name)) ? "lake.main." + name : null,
                compiler::sourceRelation, incremental, self);
    }

    /** Parses then compiles a model with a plain context. */
    static String compile(ModelCompiler compiler, String name, boolean incremental) {
        ModelFile file = compiler.project().models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        ParsedModel parsed = compiler.parse(file);
        return compiler.compile(parsed, context(compiler, incremental, "lake.main." + name));
    }

    static SourceKey key(String source, String table) {
        return new SourceKey(source, table);
    }
}
