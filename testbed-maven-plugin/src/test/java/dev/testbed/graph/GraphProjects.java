package dev.testbed.graph;

import dev.testbed.project.Materialization;
import dev.testbed.project.ModelConfig;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.ProjectLoader;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small projects on disk for the graph and selector tests. The Jinja compiler is not part of these tests,
 * so refs, sources and a few config() arguments are picked out of the model text with regular expressions.
 */
final class GraphProjects {

    private static final Pattern REF = Pattern.compile("ref\\('([^']+)'\\)");
    private static final Pattern SOURCE = Pattern.compile("source\\('([^']+)',\\s*'([^']+)'\\)");
    private static final Pattern MATERIALIZED = Pattern.compile("materialized='(\\w+)'");
    private static final Pattern TAGS = Pattern.compile("tags=\\[([^]]*)]");

    private GraphProjects() {
    }

    /** Writes {@code files} (relative path, text; alternating) below {@code root} and loads the project. */
    static Project write(Path root, String... files) {
        try {
            for (int i = 0; i < files.length; i += 2) {
                Path file = root.resolve(files[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, files[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ProjectLoader.load(root);
    }

    static List<ParsedModel> parse(Project project) {
        List<ParsedModel> parsed = new ArrayList<>();
        for (ModelFile file : project.models()) {
            List<String> refs = new ArrayList<>();
            Matcher ref = REF.matcher(file.sql());
            while (ref.find()) {
                refs.add(ref.group(1));
            }
            List<SourceKey> sources = new ArrayList<>();
            Matcher source = SOURCE.matcher(file.sql());
            while (source.find()) {
                sources.add(new SourceKey(source.group(1), source.group(2)));
            }
            Matcher materialized = MATERIALIZED.matcher(file.sql());
            Matcher tags = TAGS.matcher(file.sql());
            List<String> tagList = tags.find() ? List.of(tags.group(1).replace("'", "").split(",\\s*")) : List.of();
            ModelConfig config = new ModelConfig(materialized.find() ? Materialization.parse(materialized.group(1)) : Materialization.VIEW, null,
                    tagList, !file.sql().contains("enabled=false"), List.of(), null, Map.of());
            parsed.add(new ParsedModel(file, config, refs, sources));
        }
        return parsed;
    }

    static ModelGraph graph(Project project) {
        return ModelGraph.build(parse(project), project.sources().stream().map(SourceTable::key).toList());
    }

    static ModelGraph graph(Path root, String... files) {
        return graph(write(root, files));
    }
}
