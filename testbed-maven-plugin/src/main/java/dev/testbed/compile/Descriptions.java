package dev.testbed.compile;

import dev.testbed.project.ColumnProperties;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.Project;
import dev.testbed.project.SourceTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's descriptions rendered as dbt renders them when it parses properties files: {@code {{ doc('name') }}}
 * becomes the docs block's text (and other Jinja is rendered too), for models, seeds, sources and their columns. Every
 * later stage (manifest.json, the docs site, inspect) then reads the rendered text.
 */
public final class Descriptions {

    private final Project project;
    private final DocBlocks docs;
    private final ModelCompiler compiler;
    private final Map<Path, List<String>> fileLines = new HashMap<>();

    private Descriptions(Project project, DocBlocks docs, ModelCompiler compiler) {
        this.project = project;
        this.docs = docs;
        this.compiler = compiler;
    }

    /**
     * The project with every description rendered.
     *
     * @throws dev.testbed.core.TestbedException for a doc() naming no block (dbt's message, with the file and line) and other
     *                                           template errors
     */
    public static Project render(Project project, DocBlocks docs, ModelCompiler compiler) {
        return new Descriptions(project, docs, compiler).render();
    }

    private Project render() {
        Map<String, ModelProperties> properties = new LinkedHashMap<>();
        project.properties().forEach((name, described) -> {
            String id = (project.seeds().stream().anyMatch(seed -> seed.name().equals(name)) ? "seed."
                    : project.snapshots().stream().anyMatch(snapshot -> snapshot.name().equals(name)) ? "snapshot." : "model.")
                    + project.packageOf(name) + "." + name;
            String in = project.packageOf(name);
            properties.put(name, new ModelProperties(described.name(), text(described.description(), id, described.definedIn(), in),
                    described.config(), columns(described.columns(), id, described.definedIn(), in), described.tests(), described.definedIn(),
                    described.constraints()));
        });
        List<SourceTable> sources = project.sources().stream().map(source -> {
            String id = "source." + project.name() + "." + source.sourceName() + "." + source.tableName();
            return new SourceTable(source.sourceName(), source.tableName(), source.schema(), source.identifier(),
                    text(source.description(), id, source.definedIn(), project.name()), columns(source.columns(), id, source.definedIn(), project.name()),
                    source.tests(), source.definedIn(), text(source.sourceDescription(), id, source.definedIn(), project.name()), source.eventTime());
        }).toList();
        return project.withSourcesAndProperties(sources, Map.copyOf(properties));
    }

    private List<ColumnProperties> columns(List<ColumnProperties> columns, String id, Path file, String packageName) {
        return columns.stream().map(column -> new ColumnProperties(column.name(), text(column.description(), id, file, packageName), column.dataType(),
                column.tests(), column.constraints())).toList();
    }

    private String text(String description, String id, Path file, String packageName) {
        return compiler.renderDescription(description, id, () -> where(file, description), docs, packageName);
    }

    /** The file and, where the description's first line can be found in it, its line: the properties tree keeps no lines. */
    private String where(Path file, String description) {
        if (file == null) {
            return "a properties file";
        }
        String name = project.root().relativize(file).toString().replace('\\', '/');
        List<String> lines = fileLines.computeIfAbsent(file, Descriptions::readLines);
        String first = description.strip().lines().findFirst().orElse("");
        for (int i = 0; i < lines.size() && !first.isEmpty(); i++) {
            if (lines.get(i).contains(first)) {
                return name + ", line " + (i + 1);
            }
        }
        return name;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(); // the loader read it a moment ago; without its lines, messages name the file alone
        }
    }
}
