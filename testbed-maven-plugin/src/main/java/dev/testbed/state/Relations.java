package dev.testbed.state;

import dev.testbed.compile.ModelCompiler;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.Project;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;

/** The {@code schema.name} a model, seed or source has in the lake, as DuckLake's catalog and snapshots name it. */
public record Relations(Project project, ModelCompiler compiler, ModelGraph graph) {

    /** {@code schema.name} of a model, seed or ephemeral model (whose "relation" is only a name). */
    public String of(String model) {
        String plain = compiler.relationFor(graph.model(model)).replace("\"", "");
        String catalog = compiler.target().catalog() + ".";
        return plain.startsWith(catalog) ? plain.substring(catalog.length()) : plain;
    }

    /** {@code schema.identifier} of a source given as {@code source.table}. */
    public String ofSource(String sourceDotTable) {
        for (SourceTable source : project.sources()) {
            if (source.key().toString().equals(sourceDotTable)) {
                return source.schema() + "." + source.identifier();
            }
        }
        return sourceDotTable;
    }

    public String ofSource(SourceKey source) {
        return ofSource(source.toString());
    }
}
