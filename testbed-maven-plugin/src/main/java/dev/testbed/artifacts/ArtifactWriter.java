package dev.testbed.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.testbed.graph.ModelGraph;
import dev.testbed.project.ColumnProperties;
import dev.testbed.project.DocBlocks;
import dev.testbed.project.Hooks;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceTable;
import dev.testbed.results.ModelResult;
import dev.testbed.results.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes {@code manifest.json} and {@code run_results.json} in dbt's shape: the fields that tools
 * reading dbt artifacts use (nodes with depends_on, config, columns, relation names; results with
 * status, timing and rows affected).
 */
public final class ArtifactWriter {

    static final String MANIFEST_SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json";
    static final String RUN_RESULTS_SCHEMA = "https://schemas.getdbt.com/dbt/run-results/v6.json";
    static final String GENERATOR = "testbed";

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ArtifactWriter(Path directory) {
        this.directory = directory;
    }

    /** @param docs the project's docs blocks, written as dbt writes them under the manifest's {@code docs} */
    public void write(Project project, ModelGraph graph, Collection<SourceTable> sources, Map<String, String> relations,
                      RunResult result, Invocation request, DocBlocks docs) {
        String invocation = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("metadata", metadata(MANIFEST_SCHEMA, now, invocation, project));
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, List<String>> parentMap = new LinkedHashMap<>();
        Map<String, List<String>> childMap = new LinkedHashMap<>();
        for (String name : graph.topologicalOrder()) {
            ParsedModel model = graph.model(name);
            String id = modelId(project, name);
            nodes.put(id, node(project, model, relations.get(name), request));
            List<String> parents = new ArrayList<>();
            graph.parents(name).forEach(parent -> parents.add(modelId(project, parent)));
            model.sources().forEach(source -> parents.add(sourceId(project, source.sourceName(), source.tableName())));
            parentMap.put(id, parents);
            childMap.put(id, graph.children(name).stream().map(child -> modelId(project, child)).sorted().toList());
        }
        Map<String, Object> sourceNodes = new LinkedHashMap<>();
        for (SourceTable source : sources) {
            String id = sourceId(project, source.sourceName(), source.tableName());
            sourceNodes.put(id, source(project, source, request));
            parentMap.put(id, List.of());
            childMap.put(id, graph.models().stream()
                    .filter(m -> m.sources().contains(source.key()))
                    .map(m -> modelId(project, m.name())).sorted().toList());
        }
        manifest.put("nodes", nodes);
        manifest.put("sources", sourceNodes);
        manifest.put("macros", Map.of());
        manifest.put("docs", docs(project, docs));
        manifest.put("parent_map", parentMap);
        manifest.put("child_map", childMap);

        Map<String, Object> runResults = new LinkedHashMap<>();
        runResults.put("metadata", metadata(RUN_RESULTS_SCHEMA, now, invocation, project));
        List<Map<String, Object>> results = new ArrayList<>();
        for (ModelResult model : result.models()) {
            results.add(result(project, model));
        }
        runResults.put("results", results);
        runResults.put("elapsed_time", result.elapsed().toNanos() / 1e9);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", "run");
        args.put("select", request.select() == null ? List.of() : Arrays.asList(request.select().trim().split("\\s+")));
        args.put("exclude", request.exclude() == null ? List.of() : Arrays.asList(request.exclude().trim().split("\\s+")));
        args.put("full_refresh", request.fullRefresh());
        args.put("target", request.target().name());
        runResults.put("args", args);

        writeJson("manifest.json", manifest);
        writeJson("run_results.json", runResults);
    }

    static Map<String, Object> metadata(String schema, String now, String invocation, Project project) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dbt_schema_version", schema);
        metadata.put("dbt_version", GENERATOR);
        metadata.put("generated_at", now);
        metadata.put("invocation_id", invocation);
        metadata.put("adapter_type", "duckdb");
        metadata.put("project_name", project.name());
        return metadata;
    }

    private Map<String, Object> node(Project project, ParsedModel model, String relation, Invocation request) {
        ModelProperties properties = project.properties().get(model.name());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", modelId(project, model.name()));
        node.put("resource_type", model.config().materialized().resourceType());
        node.put("name", model.name());
        node.put("package_name", project.packageOf(model.name()));
        String file = project.pathInPackage(model.name(), model.file().relativePath());
        node.put("original_file_path", file);
        node.put("path", file.replaceFirst("^[^/]+/", ""));
        node.put("fqn", fqn(project, model));
        node.put("database", request.target().catalog());
        boolean ephemeral = model.config().materialized() == dev.testbed.project.Materialization.EPHEMERAL;
        node.put("schema", ephemeral ? request.target().schema() : relation.substring(relation.indexOf('.') + 1, relation.lastIndexOf('.')));
        node.put("alias", model.name());
        node.put("relation_name", ephemeral ? null : relation); // as dbt: an ephemeral model has no relation
        Map<String, Object> config = new LinkedHashMap<>(model.config().raw());
        config.put("materialized", model.config().materialized().name().toLowerCase());
        config.put("enabled", model.config().enabled());
        config.put("tags", model.config().tags());
        config.put("schema", model.config().schema());
        if (!model.config().uniqueKey().isEmpty()) {
            config.put("unique_key", model.config().uniqueKey());
        }
        config.put("pre-hook", hooks(model.config().hooks().pre()));
        config.put("post-hook", hooks(model.config().hooks().post()));
        node.put("config", config);
        node.put("tags", model.config().tags());
        node.put("description", properties == null || properties.description() == null ? "" : properties.description());
        node.put("columns", columns(properties == null ? List.of() : properties.columns()));
        Map<String, Object> dependsOn = new LinkedHashMap<>();
        List<String> dependencies = new ArrayList<>();
        new TreeSet<>(model.refs()).forEach(ref -> dependencies.add(modelId(project, ref)));
        model.sources().forEach(source -> dependencies.add(sourceId(project, source.sourceName(), source.tableName())));
        dependsOn.put("nodes", dependencies);
        dependsOn.put("macros", List.of());
        node.put("depends_on", dependsOn);
        node.put("refs", model.refs().stream().distinct().map(ref -> Map.of("name", ref)).toList());
        node.put("sources", model.sources().stream().distinct().map(s -> List.of(s.sourceName(), s.tableName())).toList());
        node.put("raw_code", model.file().sql());
        node.put("language", "sql");
        return node;
    }

    /** dbt's shape of a node's hooks in the manifest: every layer's, in the order they run, as written. */
    private static List<Map<String, Object>> hooks(List<Hooks.Hook> hooks) {
        return hooks.stream().map(hook -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sql", hook.sql());
            entry.put("transaction", hook.transaction());
            entry.put("index", null);
            return entry;
        }).toList();
    }

    private static Map<String, Object> docs(Project project, DocBlocks docs) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (DocBlocks.Block block : docs.blocks().values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            String id = "doc." + block.packageName() + "." + block.name();
            entry.put("name", block.name());
            entry.put("resource_type", "doc");
            entry.put("package_name", block.packageName());
            entry.put("path", block.path());
            entry.put("original_file_path", block.originalFilePath());
            entry.put("unique_id", id);
            entry.put("block_contents", block.contents());
            entries.put(id, entry);
        }
        return entries;
    }

    private static Map<String, Object> source(Project project, SourceTable source, Invocation request) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", sourceId(project, source.sourceName(), source.tableName()));
        node.put("resource_type", "source");
        node.put("source_name", source.sourceName());
        node.put("name", source.tableName());
        node.put("package_name", project.name());
        node.put("database", request.target().catalog());
        node.put("schema", source.schema());
        node.put("identifier", source.identifier());
        node.put("relation_name", request.target().catalog() + "." + source.schema() + "." + source.identifier());
        node.put("description", source.description() == null ? "" : source.description());
        node.put("source_description", source.sourceDescription() == null ? "" : source.sourceDescription());
        node.put("columns", columns(source.columns()));
        node.put("original_file_path", project.root().relativize(source.definedIn()).toString().replace('\\', '/'));
        return node;
    }

    private static Map<String, Object> columns(List<ColumnProperties> columns) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ColumnProperties column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("description", column.description() == null ? "" : column.description());
            entry.put("data_type", column.dataType());
            byName.put(column.name(), entry);
        }
        return byName;
    }

    private static Map<String, Object> result(Project project, ModelResult model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("unique_id", modelId(project, model.model().name()));
        entry.put("status", model.status().dbtName());
        Instant end = model.started().plus(model.elapsed());
        entry.put("timing", List.of(Map.of("name", "execute", "started_at", model.started().toString(), "completed_at", end.toString())));
        entry.put("thread_id", "testbed-model");
        entry.put("execution_time", model.elapsed().toNanos() / 1e9);
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put("_message", model.message());
        if (model.rowsAffected() >= 0) {
            adapter.put("rows_affected", model.rowsAffected());
        }
        entry.put("adapter_response", adapter);
        entry.put("message", model.message());
        entry.put("failures", null);
        entry.put("compiled", !model.compiledSql().isEmpty());
        entry.put("compiled_code", model.compiledSql());
        entry.put("relation_name", model.relation());
        return entry;
    }

    private static List<String> fqn(Project project, ParsedModel model) {
        List<String> parts = new ArrayList<>();
        parts.add(project.packageOf(model.name()));
        String[] path = project.pathInPackage(model.name(), model.file().relativePath()).split("/");
        parts.addAll(Arrays.asList(path).subList(1, path.length - 1));
        parts.add(model.name());
        return parts;
    }

    static String modelId(Project project, String name) {
        boolean seed = project.seeds().stream().anyMatch(s -> s.name().equals(name));
        boolean snapshot = project.snapshots().stream().anyMatch(s -> s.name().equals(name));
        return (seed ? "seed." : snapshot ? "snapshot." : "model.") + project.packageOf(name) + "." + name;
    }

    static String sourceId(Project project, String source, String table) {
        return "source." + project.name() + "." + source + "." + table;
    }

    private void writeJson(String name, Object value) {
        writeJson(json, directory.resolve(name), value);
    }

    static void writeJson(ObjectMapper json, Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            json.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
