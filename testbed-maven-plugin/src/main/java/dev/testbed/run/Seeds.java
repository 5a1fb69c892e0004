package dev.testbed.run;

import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.project.Hooks;
import dev.testbed.project.IncrementalOptions;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelConfig;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SeedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Seeds as graph nodes: a CSV file becomes a node with materialization SEED that models can ref, built
 * by DuckDB's CSV reader with types inferred, or set per column by {@code column_types} in the seed's
 * properties ({@code seeds: - name: x config: column_types: {id: bigint}}).
 */
public final class Seeds {

    private Seeds() {
    }

    public static List<ParsedModel> nodes(Project project) {
        List<ParsedModel> nodes = new ArrayList<>();
        for (SeedFile seed : project.seeds()) {
            ModelProperties properties = project.properties().get(seed.name());
            Map<String, Object> config = properties == null ? Map.of() : properties.config();
            Object schema = config.get("schema");
            Object enabled = config.get("enabled");
            List<String> tags = config.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                    : config.get("tags") == null ? List.of() : List.of(String.valueOf(config.get("tags")));
            Hooks hooks = properties == null ? Hooks.NONE
                    : Hooks.NONE.plus(config, project.root().relativize(properties.definedIn()).toString().replace('\\', '/'));
            ModelConfig modelConfig = new ModelConfig(Materialization.SEED, schema == null ? null : String.valueOf(schema), tags,
                    enabled == null || Boolean.parseBoolean(String.valueOf(enabled)), List.of(), IncrementalStrategy.APPEND, config,
                    IncrementalOptions.NONE, List.of(), hooks);
            nodes.add(new ParsedModel(new ModelFile(seed.name(), seed.path(), seed.relativePath(), ""), modelConfig, List.of(), List.of()));
        }
        return nodes;
    }

    /** The query that reads the seed's CSV file. */
    static String select(ParsedModel seed) {
        Object columnTypes = seed.config().raw().get("column_types");
        String types = "";
        if (columnTypes instanceof Map<?, ?> map && !map.isEmpty()) {
            types = ", types = {" + map.entrySet().stream()
                    .map(e -> Sql.literal(String.valueOf(e.getKey())) + ": " + Sql.literal(String.valueOf(e.getValue())))
                    .collect(Collectors.joining(", ")) + "}";
        } else if (columnTypes != null) {
            throw new TestbedException("Seed " + seed.name() + ": column_types must be a mapping of column: type, got " + columnTypes + ".",
                    "Write it as config: {column_types: {id: bigint, name: varchar}} in the seed's properties.");
        }
        return "SELECT * FROM read_csv(" + Sql.literal(seed.file().path().toString()) + ", header = true" + types + ")";
    }
}
