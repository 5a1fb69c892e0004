package dev.testbed.compile;

import dev.testbed.project.ColumnProperties;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dbt's {@code graph} context variable: {@code graph.nodes} (the models and seeds, by unique id) and {@code graph.sources},
 * each node with the fields packages read: {@code resource_type}, {@code name}, {@code unique_id}, {@code package_name},
 * {@code config}, {@code depends_on.nodes}, {@code columns}, {@code tags}, {@code database}, {@code schema},
 * {@code alias}, {@code original_file_path}, {@code fqn}, {@code description}. Data tests are not among the nodes.
 */
final class JinjaGraph {

    private JinjaGraph() {
    }

    /** The graph before the project is parsed: nothing in it yet. */
    static Map<String, Object> empty() {
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("nodes", Map.of());
        graph.put("sources", Map.of());
        graph.put("exposures", Map.of());
        graph.put("metrics", Map.of());
        return graph;
    }

    static Map<String, Object> of(Project project, ModelCompiler compiler, List<ParsedModel> models) {
        Map<String, String> ids = new LinkedHashMap<>();
        models.forEach(model -> ids.put(model.name(), id(project, model)));
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (ParsedModel model : models) {
            nodes.put(ids.get(model.name()), node(project, compiler, model, ids));
        }
        Map<String, Object> sources = new LinkedHashMap<>();
        for (SourceTable table : project.sources()) {
            sources.put(sourceId(project, table.key()), source(project, compiler, table));
        }
        Map<String, Object> graph = empty();
        graph.put("nodes", nodes);
        graph.put("sources", sources);
        return graph;
    }

    private static String id(Project project, ParsedModel model) {
        return (model.config().materialized() == Materialization.SEED ? "seed." : "model.") + project.name() + "." + model.name();
    }

    private static String sourceId(Project project, SourceKey key) {
        return "source." + project.name() + "." + key.sourceName() + "." + key.tableName();
    }

    private static Map<String, Object> node(Project project, ModelCompiler compiler, ParsedModel model, Map<String, String> ids) {
        Map<String, Object> node = new LinkedHashMap<>(compiler.node(model));
        Relation relation = Relation.parse(compiler.relationFor(model));
        node.put("database", relation.getDatabase());
        node.put("schema", relation.getSchema());
        node.put("alias", relation.getIdentifier());
        node.put("relation_name", relation.render());
        List<String> dependsOn = new ArrayList<>();
        model.refs().stream().map(ids::get).filter(id -> id != null && !dependsOn.contains(id)).forEach(dependsOn::add);
        model.sources().stream().map(key -> sourceId(project, key)).filter(id -> !dependsOn.contains(id)).forEach(dependsOn::add);
        node.put("depends_on", Map.of("nodes", dependsOn, "macros", List.of()));
        ModelProperties properties = project.properties() == null ? null : project.properties().get(model.name());
        node.put("description", properties == null ? "" : properties.description());
        node.put("columns", columns(properties == null ? List.of() : properties.columns()));
        return node;
    }

    private static Map<String, Object> source(Project project, ModelCompiler compiler, SourceTable table) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("resource_type", "source");
        node.put("name", table.tableName());
        node.put("source_name", table.sourceName());
        node.put("unique_id", sourceId(project, table.key()));
        node.put("package_name", project.name());
        node.put("database", compiler.target().catalog());
        node.put("schema", table.schema());
        node.put("identifier", table.identifier());
        node.put("relation_name", compiler.sourceRelation(table.key()));
        node.put("fqn", List.of(project.name(), table.sourceName(), table.tableName()));
        node.put("description", table.description());
        node.put("source_description", table.sourceDescription());
        node.put("tags", List.of());
        node.put("config", Map.of("enabled", true));
        node.put("columns", columns(table.columns() == null ? List.of() : table.columns()));
        return node;
    }

    private static Map<String, Object> columns(List<ColumnProperties> declared) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (ColumnProperties column : declared) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("description", column.description());
            entry.put("data_type", column.dataType());
            columns.put(column.name(), entry);
        }
        return columns;
    }
}
