package dev.testbed.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.engine.Publish;
import dev.testbed.run.RunRequest;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots built twice on a real DuckLake, the source changing in between. The expected rows follow dbt's documented
 * snapshot semantics (docs.getdbt.com, "Snapshot configurations" and "Add snapshots to your DAG"), and the scd ids dbt's
 * formula: md5 of the unique key's values and the version's time, cast to text, null as '', joined with '|'.
 */
class SnapshotBuildTest {

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createSource() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.customers (id INTEGER, region VARCHAR, tier VARCHAR, updated_at TIMESTAMP)",
                "INSERT INTO lake.raw.customers VALUES (1, 'n', 'bronze', TIMESTAMP '2024-01-01 08:00:00'), "
                        + "(2, 's', 'silver', TIMESTAMP '2024-01-01 09:00:00'), (3, 'n', NULL, TIMESTAMP '2024-01-02 10:00:00')");
        TestData.write(project, "dbt_project.yml", "name: shop\n");
        TestData.write(project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables: [{name: customers}]
                """);
        TestData.write(project, "models/current_tiers.sql", "select id, tier from {{ ref('customers_history') }} where dbt_valid_to is null");
    }

    /** One update (later updated_at), one delete, one insert, and one row changed without a later updated_at. */
    private void changeSource() throws Exception {
        TestData.sql(location, "UPDATE lake.raw.customers SET tier = 'gold', updated_at = TIMESTAMP '2024-01-05 00:00:00' WHERE id = 1",
                "UPDATE lake.raw.customers SET tier = 'x' WHERE id = 3",
                "DELETE FROM lake.raw.customers WHERE id = 2",
                "INSERT INTO lake.raw.customers VALUES (4, 's', 'gold', TIMESTAMP '2024-01-04 08:00:00')");
    }

    @Test
    void timestampStrategyWithAListKeyClosesChangedAndDeletedRowsAndIsRefable() throws Exception {
        TestData.write(project, "snapshots/customers_history.sql", """
                -- text outside the block is ignored
                {% snapshot customers_history %}
                {{ config(unique_key=['id', 'region'], strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
                select * from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        assertFalse(run().failed());
        changeSource();
        RunResult second = run();
        assertFalse(second.failed(), second::failureSummary);

        String buildTime = TestData.rows(location, "SELECT max(dbt_valid_to) FROM lake.main.customers_history").get(0).get(0);
        assertEquals(List.of(
                List.of("1", "bronze", "2024-01-01 08:00:00", "2024-01-05 00:00:00", hash("1|n|2024-01-01 08:00:00")),
                List.of("1", "gold", "2024-01-05 00:00:00", "null", hash("1|n|2024-01-05 00:00:00")),
                List.of("2", "silver", "2024-01-01 09:00:00", "deleted", hash("2|s|2024-01-01 09:00:00")),
                List.of("3", "null", "2024-01-02 10:00:00", "null", hash("3|n|2024-01-02 10:00:00")),
                List.of("4", "gold", "2024-01-04 08:00:00", "null", hash("4|s|2024-01-04 08:00:00"))),
                TestData.rows(location, "SELECT id, tier, strftime(dbt_valid_from, '%Y-%m-%d %H:%M:%S'), CASE WHEN dbt_valid_to = TIMESTAMP '"
                        + buildTime + "' AND dbt_valid_to > TIMESTAMP '2025-01-01' THEN 'deleted' ELSE coalesce(strftime(dbt_valid_to, "
                        + "'%Y-%m-%d %H:%M:%S'), 'null') END, dbt_scd_id FROM lake.main.customers_history ORDER BY id, dbt_valid_from"),
                "the timestamp strategy sees only a later updated_at (id 3's new tier is not a version), the deleted id is closed at the build's time");
        assertEquals(TestData.rows(location, "SELECT dbt_valid_from, dbt_updated_at FROM lake.main.customers_history ORDER BY ALL"),
                TestData.rows(location, "SELECT updated_at, updated_at FROM lake.main.customers_history ORDER BY ALL"));
        assertEquals(List.of(List.of("1", "gold"), List.of("3", "null"), List.of("4", "gold")),
                TestData.rows(location, "SELECT * FROM lake.main.current_tiers ORDER BY id"), "a model refs the snapshot and runs after it");
        ModelResult snapshot = second.models().stream().filter(m -> m.model().name().equals("customers_history")).findFirst().orElseThrow();
        assertEquals(2, snapshot.rowsAffected(), "two new versions");

        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        JsonNode node = manifest.get("nodes").get("snapshot.shop.customers_history");
        assertEquals("snapshot", node.get("resource_type").asText());
        assertEquals("[\"snapshot.shop.customers_history\"]", manifest.get("nodes").get("model.shop.current_tiers").get("depends_on").get("nodes").toString());
    }

    @Test
    void checkStrategyWithNewRecordValidToCurrentAndOwnColumnNames() throws Exception {
        TestData.write(project, "snapshots/history.sql", """
                {% snapshot customers_history %}
                {{ config(unique_key='id', strategy='check', check_cols=['tier'], hard_deletes='new_record',
                          dbt_valid_to_current="timestamp '9999-12-31'",
                          snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_scd_id': 'version_id'}) }}
                select id, tier from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        assertFalse(run().failed());
        assertEquals(List.of("id", "tier", "version_id", "dbt_updated_at", "valid_from", "dbt_valid_to", "dbt_is_deleted"),
                TestData.rows(location, "SELECT column_name FROM information_schema.columns WHERE table_name = 'customers_history' ORDER BY ordinal_position")
                        .stream().map(row -> row.get(0)).toList());
        String first = TestData.rows(location, "SELECT DISTINCT valid_from FROM lake.main.customers_history").get(0).get(0);
        changeSource();
        assertFalse(run().failed());
        List<List<String>> times = TestData.rows(location, "SELECT DISTINCT valid_from FROM lake.main.customers_history WHERE valid_from <> TIMESTAMP '" + first + "'");
        assertEquals(1, times.size(), "one time per build");
        String second = times.get(0).get(0);

        assertEquals(List.of(
                List.of("1", "bronze", "first", "second", "False", hash("1|" + first)),
                List.of("1", "gold", "second", "9999-12-31 00:00:00", "False", hash("1|" + second)),
                List.of("2", "silver", "first", "second", "False", hash("2|" + first)),
                List.of("2", "silver", "second", "9999-12-31 00:00:00", "True", hash(hash("2|" + first) + "|" + second)),
                List.of("3", "null", "first", "second", "False", hash("3|" + first)),
                List.of("3", "x", "second", "9999-12-31 00:00:00", "False", hash("3|" + second)),
                List.of("4", "gold", "second", "9999-12-31 00:00:00", "False", hash("4|" + second))),
                TestData.rows(location, "SELECT id, tier, " + label("valid_from", first, second) + ", " + label("dbt_valid_to", first, second)
                        + ", dbt_is_deleted, version_id FROM lake.main.customers_history ORDER BY id, valid_from"),
                "check compares tier (null to 'x' is a change); a deleted id gets a version marked deleted that stays current");

        changeSourceAgain();
        assertFalse(run().failed());
        assertEquals(List.of(List.of("2", "silver", "False"), List.of("2", "silver", "True"), List.of("2", "silver", "False")),
                TestData.rows(location, "SELECT id, tier, dbt_is_deleted FROM lake.main.customers_history WHERE id = 2 ORDER BY valid_from"),
                "a deleted id that returns gets a new version, closing its deletion marker");
        assertEquals(List.of(List.of("1")), TestData.rows(location,
                "SELECT count(*) FROM lake.main.customers_history WHERE id = 2 AND dbt_valid_to = TIMESTAMP '9999-12-31'"));
    }

    private void changeSourceAgain() throws Exception {
        TestData.sql(location, "INSERT INTO lake.raw.customers VALUES (2, 's', 'silver', TIMESTAMP '2024-01-06 09:00:00')");
    }

    @Test
    void yamlSnapshotWithLegacyTargetSchemaIsSelectableAndUpToDateUntilItsSourceChanges() throws Exception {
        TestData.write(project, "snapshots/snapshots.yml", """
                snapshots:
                  - name: customers_history
                    relation: source('raw', 'customers')
                    config:
                      target_schema: history
                      unique_key: id
                      strategy: check
                      check_cols: all
                """);
        RunResult first = run("resource_type:snapshot");
        assertEquals(List.of("customers_history"), first.models().stream().map(m -> m.model().name()).toList(), "only the snapshot is selected");
        assertEquals(List.of(List.of("3")), TestData.rows(location, "SELECT count(*) FROM lake.history.customers_history"),
                "target_schema names the schema itself, as in dbt");

        RunResult unchanged = run("resource_type:snapshot");
        assertEquals(ModelStatus.UP_TO_DATE, unchanged.models().get(0).status(), "nothing it reads changed");

        changeSource();
        RunResult changed = run("resource_type:snapshot");
        assertEquals(ModelStatus.SUCCESS, changed.models().get(0).status(), changed::failureSummary);
        assertEquals(List.of(List.of("6"), List.of("4")), TestData.rows(location,
                "SELECT count(*) FROM lake.history.customers_history UNION ALL SELECT count(*) FROM lake.history.customers_history WHERE dbt_valid_to IS NULL"),
                "ids 1 and 3 changed (a second version each), 2 stays current (hard_deletes ignore), 4 is new");
    }

    @Test
    void aPackagesSnapshotIsBuiltWithItsMacrosAndConfigTheRootsConfigForItWinning() throws Exception {
        TestData.write(project, "dbt_project.yml", "name: shop\nsnapshots:\n  util:\n    +schema: snaps\n");
        TestData.write(project, "packages.yml", "packages:\n  - local: util\n");
        TestData.write(project, "util/dbt_project.yml", "name: util\nsnapshots:\n  util:\n    +schema: util_own\n    +tags: [from_util]\n");
        TestData.write(project, "util/macros/upper_tier.sql", "{% macro upper_tier() %}upper(tier){% endmacro %}");
        TestData.write(project, "util/snapshots/history.sql", """
                {% snapshot customers_history %}
                {{ config(unique_key='id', strategy='check', check_cols='all') }}
                select id, {{ upper_tier() }} as tier from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        TestData.write(project, "models/current_tiers.sql", "select id, tier from {{ ref('customers_history') }} where dbt_valid_to is null");

        assertFalse(run().failed());
        TestData.sql(location, "UPDATE lake.raw.customers SET tier = 'gold' WHERE id = 1");
        RunResult second = run("tag:from_util");
        assertFalse(second.failed(), second::failureSummary);

        assertEquals(List.of(List.of("1", "BRONZE", "closed"), List.of("1", "GOLD", "null"), List.of("2", "SILVER", "null"), List.of("3", "null", "null")),
                TestData.rows(location, "SELECT id, tier, CASE WHEN dbt_valid_to IS NULL THEN 'null' ELSE 'closed' END FROM lake.main_snaps.customers_history "
                        + "ORDER BY id, dbt_valid_from"), "the package's snapshot, in the schema the root's snapshots: util: sets, with the package's macro");
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        assertEquals("util", manifest.get("nodes").get("snapshot.util.customers_history").get("package_name").asText());
    }

    @Test
    void aSnapshotWithoutAStrategyOrWithAnotherDatabaseFailsBeforeAnythingRuns() throws Exception {
        TestData.write(project, "snapshots/history.sql", """
                {% snapshot customers_history %}
                {{ config(unique_key='id') }}
                select * from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        TestbedException e = assertThrows(TestbedException.class, this::run);
        assertTrue(e.getMessage().contains("Snapshot customers_history") && e.getMessage().contains("'strategy'"), e.getMessage());
        assertFalse(TestData.tableExists(location, "main", "current_tiers"));

        TestData.write(project, "snapshots/history.sql", """
                {% snapshot customers_history %}
                {{ config(unique_key='id', strategy='check', check_cols='all', target_database='elsewhere') }}
                select * from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        e = assertThrows(TestbedException.class, this::run);
        assertTrue(e.getMessage().contains("Snapshot customers_history (snapshots/history.sql, line 2)") && e.getMessage().contains("'target_database'"),
                e.getMessage());
    }

    private static String label(String column, String first, String second) {
        return "CASE " + column + " WHEN TIMESTAMP '" + first + "' THEN 'first' WHEN TIMESTAMP '" + second + "' THEN 'second' ELSE strftime("
                + column + ", '%Y-%m-%d %H:%M:%S') END";
    }

    private String hash(String text) throws Exception {
        return TestData.rows(location, "SELECT md5(" + dev.testbed.core.Sql.literal(text) + ")").get(0).get(0);
    }

    private RunResult run() {
        return run(null);
    }

    private RunResult run(String select) {
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), select, null, false, work.resolve("out"));
        // the lake's own record decides what is up to date, as run-models does without -Dtestbed.force
        BuildOptions options = new BuildOptions(Publish.EACH, LakeBuildDecisions::read, false, false);
        return new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request, options).result();
    }
}
