package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a model's configuration is resolved: folder config, then properties, then config() in the model. */
class ModelCompilerConfigTest {

    @TempDir
    Path root;

    private ModelConfig configOf(TestProject p, String model) {
        return p.compiler().parse(p.file(model)).config();
    }

    @Test
    void defaultsAreAnEnabledViewInTheTargetSchema() {
        ModelConfig config = configOf(new TestProject(root).model("models/m.sql", "select 1"), "m");

        assertEquals(Materialization.VIEW, config.materialized());
        assertNull(config.schema());
        assertTrue(config.enabled());
        assertEquals(List.of(), config.tags());
        assertEquals(List.of(), config.uniqueKey());
        assertEquals(IncrementalStrategy.APPEND, config.incrementalStrategy());
        assertEquals(Map.of(), config.raw());
    }

    @Test
    void inlineConfigWinsOverPropertiesWhichWinOverFolderConfig() {
        TestProject p = new TestProject(root)
                .folderConfig("m", Map.of("materialized", "table", "schema", "staging", "enabled", true, "tags", List.of("nightly"), "+owner", "data"))
                .properties("m", Map.of("materialized", "incremental", "schema", "marts", "tags", "finance", "unique_key", "id"))
                .model("models/m.sql", "{{ config(materialized='incremental', tags=['core', 'nightly'], incremental_strategy='delete+insert') }}select 1 as id");
        ModelConfig config = configOf(p, "m");

        assertEquals(Materialization.INCREMENTAL, config.materialized());
        assertEquals("marts", config.schema());
        assertEquals(List.of("nightly", "finance", "core"), config.tags());
        assertEquals(List.of("id"), config.uniqueKey());
        assertEquals(IncrementalStrategy.DELETE_INSERT, config.incrementalStrategy());
        assertEquals("data", config.raw().get("owner"));
        assertEquals("delete+insert", config.raw().get("incremental_strategy"));
    }

    @Test
    void metaMergesKeyByKeyOverFolderPropertiesAndConfigCall() {
        // dbt-core 1.11.4 parses this very layering to meta {owner: ana, level: config, team: fin, inline: 1}
        TestProject p = new TestProject(root)
                .folderConfig("m", Map.of("meta", Map.of("owner", "ana", "level", "folder")))
                .properties("m", Map.of("meta", Map.of("team", "fin", "level", "props")))
                .model("models/m.sql", "{{ config(meta={'inline': 1, 'level': 'config'}) }}select 1");

        assertEquals(Map.of("owner", "ana", "level", "config", "team", "fin", "inline", 1L), configOf(p, "m").raw().get("meta"));
    }

    @Test
    void propertiesConfigWinsOverFolderConfig() {
        TestProject p = new TestProject(root)
                .folderConfig("m", Map.of("materialized", "table", "enabled", true))
                .properties("m", Map.of("materialized", "ephemeral", "enabled", false))
                .model("models/m.sql", "select 1");
        ModelConfig config = configOf(p, "m");
        assertEquals(Materialization.EPHEMERAL, config.materialized());
        assertFalse(config.enabled());
    }

    @Test
    void incrementalStrategyDefaultsToMergeWithAUniqueKeyAndAppendWithout() {
        TestProject p = new TestProject(root)
                .model("models/keyed.sql", "{{ config(materialized='incremental', unique_key=['store_id', 'sale_date']) }}select 1")
                .model("models/appended.sql", "{{ config(materialized='incremental') }}select 1")
                .model("models/csv_key.sql", "{{ config(materialized='incremental', unique_key='store_id, sale_date') }}select 1");

        ModelConfig keyed = configOf(p, "keyed");
        assertEquals(IncrementalStrategy.MERGE, keyed.incrementalStrategy());
        assertEquals(List.of("store_id", "sale_date"), keyed.uniqueKey());
        assertEquals(List.of("store_id", "sale_date"), keyed.raw().get("unique_key"));
        assertEquals(IncrementalStrategy.APPEND, configOf(p, "appended").incrementalStrategy());
        assertEquals(List.of("store_id", "sale_date"), configOf(p, "csv_key").uniqueKey());
    }

    @Test
    void unknownMaterializationFailsNamingTheModelFileAndTheClosestOne() {
        TestProject p = new TestProject(root).model("models/marts/m.sql", "select 1\n{{ config(materialized='tabel') }}");
        TestbedException e = assertThrows(TestbedException.class, () -> configOf(p, "m"));

        assertTrue(e.getMessage().contains("Model m (models/marts/m.sql, line 2): unknown materialization 'tabel'"), e.getMessage());
        assertTrue(e.suggestion().startsWith("Did you mean 'table'?"), e.suggestion());
    }

    @Test
    void unknownMaterializationFromAPropertiesFileNamesThatFile() {
        TestProject p = new TestProject(root).properties("m", Map.of("materialized", "snapshot")).model("models/m.sql", "select 1");
        TestbedException e = assertThrows(TestbedException.class, () -> configOf(p, "m"));
        assertTrue(e.getMessage().contains("Model m (models/schema.yml): unknown materialization 'snapshot'"), e.getMessage());
    }

    @Test
    void mergeWithoutUniqueKeyFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ config(materialized='incremental', incremental_strategy='merge') }}select 1");
        TestbedException e = assertThrows(TestbedException.class, () -> configOf(p, "m"));
        assertTrue(e.getMessage().contains("incremental_strategy 'merge' needs a unique_key"), e.getMessage());
    }

    @Test
    void unknownIncrementalStrategyFails() {
        TestProject p = new TestProject(root).model("models/m.sql", "{{ config(materialized='incremental', incremental_strategy='insert_overwrite') }}select 1");
        TestbedException e = assertThrows(TestbedException.class, () -> configOf(p, "m"));
        assertTrue(e.getMessage().contains("unknown incremental_strategy 'insert_overwrite'"), e.getMessage());
        assertTrue(e.suggestion().contains("append, delete+insert, merge"), e.suggestion());
    }

    @Test
    void enabledAcceptsBooleansAndTheirText() {
        TestProject p = new TestProject(root)
                .folderConfig("m", Map.of("enabled", "false"))
                .model("models/m.sql", "select 1")
                .model("models/n.sql", "{{ config(enabled=true) }}select 1")
                .model("models/o.sql", "{{ config(enabled='perhaps') }}select 1");
        assertFalse(configOf(p, "m").enabled());
        assertTrue(configOf(p, "n").enabled());
        TestbedException e = assertThrows(TestbedException.class, () -> configOf(p, "o"));
        assertTrue(e.getMessage().contains("Model o (models/o.sql, line 1): enabled must be true or false, got perhaps"), e.getMessage());
    }
}
