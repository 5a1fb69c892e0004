package dev.testbed.graph;

import dev.testbed.compile.Descriptions;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Target;
import dev.testbed.core.Reporter;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.ProjectLoader;
import dev.testbed.project.SourceTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A project read, parsed and put in dependency order: the first three stages (parse → graph, with
 * the compiler that will render it), shared by run-models and verify-metrics. The project's descriptions are rendered
 * ({@code doc()} and other Jinja in them), as dbt renders them while parsing.
 *
 * @param docs the project's docs blocks, for manifest.json's {@code docs}
 */
public record ProjectGraph(Project project, ModelCompiler compiler, ModelGraph graph, DocBlocks docs) {

    public static ProjectGraph load(Path root, Target target, Map<String, Object> vars, Reporter reporter) {
        Project loaded = ProjectLoader.load(root, reporter::warn);
        ModelCompiler compiler = new ModelCompiler(loaded, target, vars, System.getenv());
        DocBlocks docs = DocBlocks.load(loaded);
        Project project = Descriptions.render(loaded, docs, compiler);
        List<ParsedModel> parsed = new ArrayList<>(project.models().stream().map(compiler::parse).toList());
        parsed.addAll(project.snapshots().stream().map(compiler::parseSnapshot).toList());
        parsed.forEach(model -> model.config().unsupported().forEach(reporter::warn));
        List<ParsedModel> seeds = project.seeds().stream().map(compiler::parseSeed).toList();
        parsed.addAll(seeds);
        compiler.useGraph(parsed);
        ModelGraph graph = ModelGraph.build(parsed, project.sources().stream().map(SourceTable::key).toList());
        return new ProjectGraph(project, compiler, graph, docs);
    }
}
