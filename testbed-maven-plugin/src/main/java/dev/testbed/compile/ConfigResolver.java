package dev.testbed.compile;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ConfigFlag;
import dev.testbed.project.Hooks;
import dev.testbed.project.IncrementalOptions;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import dev.testbed.project.Microbatch;
import dev.testbed.project.ModelConfig;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.OnSchemaChange;
import dev.testbed.project.SeedOptions;
import dev.testbed.project.SnapshotOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model's configuration from its layers, lowest precedence first (dbt's order: dbt_project.yml folder config, properties
 * file, {@code config(...)} in the model). Later layers win key by key; tags accumulate.
 */
final class ConfigResolver {

    /** One source of configuration; origin says where it was set, for messages. */
    record Layer(String origin, Map<String, ?> values) {
    }

    /** What a model may configure; SEED belongs to CSV files only, SNAPSHOT to snapshots. */
    private static final List<String> MATERIALIZATIONS = Arrays.stream(Materialization.values())
            .filter(m -> m != Materialization.SEED && m != Materialization.SNAPSHOT).map(ConfigResolver::dbtName).toList();
    /** Both spellings of the hook configs, to the one dbt's manifest uses. */
    private static final Map<String, String> HOOK_KEYS = Map.of("pre-hook", "pre-hook", "pre_hook", "pre-hook", "post-hook", "post-hook",
            "post_hook", "post-hook");
    private static final List<String> STRATEGIES = List.of("append", "delete+insert", "merge", "microbatch");

    private ConfigResolver() {
    }

    /** Every key of every layer, later layers winning, tags accumulated; values as plain Java lists and maps. */
    static Map<String, Object> merge(List<Layer> layers) {
        return merge(layers, new HashMap<>());
    }

    static ModelConfig resolve(String model, List<Layer> layers) {
        Map<String, String> origins = new HashMap<>();
        Map<String, Object> raw = merge(layers, origins);
        Materialization materialized = materialization(model, raw.get("materialized"), origins.get("materialized"));
        List<String> uniqueKey = uniqueKey(model, raw.get("unique_key"), origins.get("unique_key"));
        IncrementalStrategy strategy = strategy(model, raw.get("incremental_strategy"), origins.get("incremental_strategy"), uniqueKey);
        if (materialized == Materialization.INCREMENTAL && strategy == IncrementalStrategy.MICROBATCH) {
            Microbatch.of(model, raw, origins.get("incremental_strategy"));
        }
        if (materialized == Materialization.INCREMENTAL && strategy != IncrementalStrategy.APPEND && strategy != IncrementalStrategy.MICROBATCH
                && uniqueKey.isEmpty()) {
            throw new TestbedException("Model " + model + " (" + origins.get("incremental_strategy") + "): incremental_strategy '"
                    + dbtName(strategy) + "' needs a unique_key", "Set unique_key='id_column' (or a list of columns), or use incremental_strategy='append'.");
        }
        @SuppressWarnings("unchecked")
        List<String> tags = raw.containsKey("tags") ? (List<String>) raw.get("tags") : List.of();
        List<String> unsupported = UnsupportedConfigs.check(model, raw, origins, materialized, strategy);
        ModelConfig config = new ModelConfig(materialized, schema(model, raw.get("schema"), origins.get("schema")), tags,
                enabled(model, raw.get("enabled"), origins.get("enabled")), uniqueKey, strategy, Collections.unmodifiableMap(raw),
                incrementalOptions(model, raw, origins, materialized == Materialization.INCREMENTAL && strategy == IncrementalStrategy.MERGE),
                unsupported, hooks(layers));
        if (config.contractEnforced() && materialized == Materialization.INCREMENTAL
                && !List.of(OnSchemaChange.APPEND_NEW_COLUMNS, OnSchemaChange.FAIL).contains(config.incremental().onSchemaChange())) {
            // dbt-core's ModelConfig validation, at parse time
            throw new TestbedException("Model " + model + " (" + origins.get("contract") + "): Invalid value for on_schema_change: "
                    + config.incremental().onSchemaChange().dbtName() + ". Models materialized as incremental with contracts enabled "
                    + "must set on_schema_change to 'append_new_columns' or 'fail'", "Set on_schema_change='append_new_columns' or 'fail' on the model.");
        }
        return config;
    }

    /**
     * An enforced contract's declared columns, types and constraints live in the properties file, not in the config; like
     * dbt's {@code contract.checksum} in the manifest, a checksum of them joins the {@code contract} config, so that a
     * changed data type or constraint changes the model's config (and its build is not kept as up to date).
     */
    static ModelConfig withContractChecksum(ModelConfig config, ModelProperties properties) {
        if (!config.contractEnforced() || properties == null) {
            return config;
        }
        List<Object> declared = new ArrayList<>();
        properties.columns().forEach(c -> declared.add(List.of(c.name(), String.valueOf(c.dataType()), c.constraints())));
        declared.add(properties.constraints());
        Map<String, Object> contract = new LinkedHashMap<>();
        ((Map<?, ?>) config.raw().get("contract")).forEach((key, value) -> contract.put(String.valueOf(key), value));
        contract.put("checksum", Integer.toHexString(declared.toString().hashCode()));
        Map<String, Object> raw = new LinkedHashMap<>(config.raw());
        raw.put("contract", Collections.unmodifiableMap(contract));
        return new ModelConfig(config.materialized(), config.schema(), config.tags(), config.enabled(), config.uniqueKey(), config.incrementalStrategy(),
                Collections.unmodifiableMap(raw), config.incremental(), config.unsupported(), config.hooks());
    }

    /** Hooks accumulate over the layers instead of the last layer's winning, as in dbt. */
    private static Hooks hooks(List<Layer> layers) {
        Hooks hooks = Hooks.NONE;
        for (Layer layer : layers) {
            hooks = hooks.plus(layer.values(), layer.origin());
        }
        return hooks;
    }

    /**
     * A seed's configuration: always materialized as a seed; {@code schema}, {@code alias}, {@code enabled} and {@code tags}
     * as for models, and the seed's own configs checked here, so that a wrong value fails before anything runs.
     */
    static ModelConfig resolveSeed(String seed, List<Layer> layers) {
        Map<String, String> origins = new HashMap<>();
        Map<String, Object> raw = merge(layers, origins);
        SeedOptions.of(seed, raw, origins::get);
        @SuppressWarnings("unchecked")
        List<String> tags = raw.containsKey("tags") ? (List<String>) raw.get("tags") : List.of();
        return new ModelConfig(Materialization.SEED, schema(seed, raw.get("schema"), origins.get("schema")), tags,
                enabled(seed, raw.get("enabled"), origins.get("enabled")), List.of(), IncrementalStrategy.APPEND, Collections.unmodifiableMap(raw),
                IncrementalOptions.NONE, List.of(), hooks(layers));
    }

    /**
     * A snapshot's configuration: always materialized as a snapshot, its {@link SnapshotOptions} checked here so that a missing
     * strategy or unique_key fails before anything runs; {@code schema}, {@code alias}, {@code enabled}, {@code tags} and hooks as for models,
     * and the configs models may not set ({@code database}, {@code sql_header}; here also {@code target_database}) fail as for models.
     */
    static ModelConfig resolveSnapshot(String snapshot, List<Layer> layers) {
        Map<String, String> origins = new HashMap<>();
        Map<String, Object> raw = merge(layers, origins);
        SnapshotOptions options = SnapshotOptions.of(snapshot, raw, origins::get);
        @SuppressWarnings("unchecked")
        List<String> tags = raw.containsKey("tags") ? (List<String>) raw.get("tags") : List.of();
        if (raw.get("target_database") != null) {
            throw new TestbedException("Snapshot " + snapshot + " (" + origins.get("target_database") + "): the config 'target_database' is not supported"
                    + " by this engine; dbt builds the snapshot in that database instead of the target's.",
                    "Remove 'target_database', or point the profile's database at that catalog.");
        }
        List<String> unsupported = UnsupportedConfigs.check(snapshot, raw, origins, Materialization.SNAPSHOT, IncrementalStrategy.APPEND);
        return new ModelConfig(Materialization.SNAPSHOT, schema(snapshot, raw.get("schema"), origins.get("schema")), tags,
                enabled(snapshot, raw.get("enabled"), origins.get("enabled")), options.uniqueKey(), IncrementalStrategy.APPEND,
                Collections.unmodifiableMap(raw), IncrementalOptions.NONE, unsupported, hooks(layers));
    }

    private static IncrementalOptions incrementalOptions(String model, Map<String, Object> raw, Map<String, String> origins, boolean merges) {
        List<String> update = strings(raw.get("merge_update_columns"), "merge_update_columns", origins.get("merge_update_columns"));
        List<String> exclude = strings(raw.get("merge_exclude_columns"), "merge_exclude_columns", origins.get("merge_exclude_columns"));
        if (merges && !update.isEmpty() && !exclude.isEmpty()) {
            // dbt's get_merge_update_columns raises "Model cannot specify merge_update_columns and merge_exclude_columns", and
            // only when it merges: a folder config may set one of them for models that never merge
            throw new TestbedException("Model " + model + ": merge_update_columns (set in " + origins.get("merge_update_columns")
                    + ") and merge_exclude_columns (set in " + origins.get("merge_exclude_columns") + ") are both set; dbt refuses this too",
                    "Keep one of them: merge_update_columns lists the columns a match updates, merge_exclude_columns the ones it leaves as they are.");
        }
        List<String> predicates = new ArrayList<>();
        for (Object predicate : raw.get("incremental_predicates") instanceof Collection<?> items ? items : listOf(raw.get("incremental_predicates"))) {
            if (!(predicate instanceof String text) || text.isBlank()) {
                throw new TestbedException("Model " + model + " (" + origins.get("incremental_predicates") + "): incremental_predicates must be SQL conditions, got "
                        + predicate, "Write incremental_predicates=[\"DBT_INTERNAL_DEST.sale_date >= current_date - 7\"].");
            }
            predicates.add(text.strip());
        }
        return new IncrementalOptions(raw.get("unique_key") instanceof Collection<?>, update, exclude, predicates,
                onSchemaChange(model, raw.get("on_schema_change"), origins.get("on_schema_change")));
    }

    private static List<Object> listOf(Object value) {
        return value == null ? List.of() : List.of(value);
    }

    /** dbt logs an unknown value and falls back to ignore; a typo here would silently keep a table's columns stale, so it fails. */
    private static OnSchemaChange onSchemaChange(String model, Object value, String origin) {
        if (value == null) {
            return OnSchemaChange.IGNORE;
        }
        String name = value.toString();
        return (value instanceof String ? OnSchemaChange.parse(name) : Optional.<OnSchemaChange>empty()).orElseThrow(() -> new TestbedException(
                "Model " + model + " (" + origin + "): unknown on_schema_change '" + name + "'",
                Names.closest(name, OnSchemaChange.NAMES).map(c -> "Did you mean '" + c + "'? ").orElse("") + "Supported: " + String.join(", ", OnSchemaChange.NAMES) + "."));
    }

    private static Map<String, Object> merge(List<Layer> layers, Map<String, String> origins) {
        Map<String, Object> raw = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        boolean tagged = false;
        for (Layer layer : layers) {
            if (layer.values() == null) {
                continue;
            }
            for (Map.Entry<String, ?> entry : layer.values().entrySet()) {
                String key = entry.getKey().startsWith("+") ? entry.getKey().substring(1) : entry.getKey();
                Object value = plain(entry.getValue());
                origins.put(key, layer.origin());
                if (key.equals("tags")) {
                    tagged = true;
                    tags.addAll(strings(value, "tags", layer.origin()));
                } else if ((key.equals("column_types") || key.equals("meta")) && value instanceof Map<?, ?> later && raw.get(key) instanceof Map<?, ?> earlier) {
                    // dbt merges meta and a seed's column_types key by key (MergeBehavior.Update): every level's keys apply, the later level winning a key
                    Map<Object, Object> both = new LinkedHashMap<>(earlier);
                    both.putAll(later);
                    raw.put(key, Collections.unmodifiableMap(both));
                } else if (HOOK_KEYS.containsKey(key)) {
                    // kept under dbt's manifest spelling, accumulated; ModelConfig.hooks() has them with their origins
                    List<Object> hooks = new ArrayList<>(raw.get(HOOK_KEYS.get(key)) instanceof List<?> earlier ? earlier : List.of());
                    hooks.addAll(value instanceof Collection<?> items ? items : listOf(value));
                    raw.put(HOOK_KEYS.get(key), Collections.unmodifiableList(hooks));
                } else {
                    raw.put(key, value);
                }
            }
        }
        if (tagged) {
            raw.put("tags", List.copyOf(tags));
        }
        return raw;
    }

    /** Jinjava's lists, maps and strings as plain Java values. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            collection.forEach(item -> copy.add(plain(item)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof CharSequence || value instanceof Relation) {
            return value.toString();
        }
        return value;
    }

    private static Materialization materialization(String model, Object value, String origin) {
        if (value == null) {
            return Materialization.VIEW;
        }
        String name = value.toString();
        if (value instanceof String && MATERIALIZATIONS.contains(name.strip().toLowerCase(Locale.ROOT))) {
            return Materialization.parse(name);
        }
        throw new TestbedException("Model " + model + " (" + origin + "): unknown materialization '" + name + "'",
                Names.closest(name, MATERIALIZATIONS).map(c -> "Did you mean '" + c + "'? ").orElse("") + "Supported: " + String.join(", ", MATERIALIZATIONS) + ".");
    }

    private static IncrementalStrategy strategy(String model, Object value, String origin, List<String> uniqueKey) {
        if (value == null) {
            return uniqueKey.isEmpty() ? IncrementalStrategy.APPEND : IncrementalStrategy.MERGE;
        }
        String name = value.toString();
        if (value instanceof String && STRATEGIES.contains(name.strip().toLowerCase(Locale.ROOT))) {
            return IncrementalStrategy.parse(name);
        }
        throw new TestbedException("Model " + model + " (" + origin + "): unknown incremental_strategy '" + name + "'",
                Names.closest(name, STRATEGIES).map(c -> "Did you mean '" + c + "'? ").orElse("") + "Supported: " + String.join(", ", STRATEGIES) + ".");
    }

    private static List<String> uniqueKey(String model, Object value, String origin) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        if (value instanceof Collection<?>) {
            return strings(value, "unique_key", origin).stream().map(String::strip).toList();
        }
        throw new TestbedException("Model " + model + " (" + origin + "): unique_key must be a column name or a list of them, got " + value,
                "Write unique_key='id' or unique_key=['id', 'day'].");
    }

    private static String schema(String model, Object value, String origin) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.isBlank() ? null : text.strip();
        }
        throw new TestbedException("Model " + model + " (" + origin + "): schema must be a name, got " + value, "Write schema='marts'.");
    }

    private static boolean enabled(String model, Object value, String origin) {
        if (value == null) {
            return true;
        }
        return ConfigFlag.parse(value).orElseThrow(() -> new TestbedException("Model " + model + " (" + origin + "): enabled must be true or false, got "
                + value, "Write enabled=false or enabled=true."));
    }

    private static List<String> strings(Object value, String key, String origin) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof Collection<?> items) {
            List<String> strings = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String text)) {
                    throw new TestbedException("The " + key + " set in " + origin + " must be names, got " + item, "Write " + key + "=['a', 'b'].");
                }
                strings.add(text);
            }
            return strings;
        }
        throw new TestbedException("The " + key + " set in " + origin + " must be a name or a list of names, got " + value, "Write " + key + "=['a', 'b'].");
    }

    private static String dbtName(Materialization materialization) {
        return materialization.name().toLowerCase(Locale.ROOT);
    }

    private static String dbtName(IncrementalStrategy strategy) {
        return strategy == IncrementalStrategy.DELETE_INSERT ? "delete+insert" : strategy.name().toLowerCase(Locale.ROOT);
    }
}
