package dev.testbed.project;

import java.util.List;
import java.util.Map;

/**
 * A model's resolved configuration. Precedence, lowest first, as in dbt: {@code dbt_project.yml} folder
 * config, then the model's properties file, then {@code config(...)} in the model itself.
 *
 * @param materialized        how to build it
 * @param schema              custom schema ({@code +schema}), or null for the target schema
 * @param tags                tags, for selection
 * @param enabled             false removes the model from the project
 * @param uniqueKey           columns of {@code unique_key} (empty if none)
 * @param incrementalStrategy strategy for incremental models (default: merge with a unique key, else append)
 * @param raw                 every configured key and value, for artifacts and custom use
 * @param incremental         the finer incremental configs (merge columns, incremental predicates)
 * @param unsupported         one warning per config that dbt would act on and the plugin does not, naming where it was set
 * @param hooks               pre- and post-hooks, accumulated over the config layers in dbt's order
 */
public record ModelConfig(Materialization materialized, String schema, List<String> tags, boolean enabled, List<String> uniqueKey,
                          IncrementalStrategy incrementalStrategy, Map<String, Object> raw, IncrementalOptions incremental,
                          List<String> unsupported, Hooks hooks) {

    public ModelConfig {
        unsupported = List.copyOf(unsupported);
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    /** {@code contract: {enforced: true}}, set at any level. */
    public boolean contractEnforced() {
        return raw.get("contract") instanceof Map<?, ?> contract && contract.get("enforced") != null
                && ConfigFlag.parse(contract.get("enforced")).orElse(false);
    }

    /** A configuration without hooks. */
    public ModelConfig(Materialization materialized, String schema, List<String> tags, boolean enabled, List<String> uniqueKey,
                       IncrementalStrategy incrementalStrategy, Map<String, Object> raw, IncrementalOptions incremental,
                       List<String> unsupported) {
        this(materialized, schema, tags, enabled, uniqueKey, incrementalStrategy, raw, incremental, unsupported, Hooks.NONE);
    }

    /** A configuration without incremental options and without unsupported configs (seeds, tests' fixtures). */
    public ModelConfig(Materialization materialized, String schema, List<String> tags, boolean enabled, List<String> uniqueKey,
                       IncrementalStrategy incrementalStrategy, Map<String, Object> raw) {
        this(materialized, schema, tags, enabled, uniqueKey, incrementalStrategy, raw, IncrementalOptions.NONE, List.of(), Hooks.NONE);
    }
}
