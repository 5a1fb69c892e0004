package dev.testbed.it.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison of two real DuckLake lakes: each kind of difference is named, and equal lakes give none. */
class LakeComparisonTest {

    @TempDir
    Path dir;

    private static final String SOURCES = """
            CREATE SCHEMA raw;
            CREATE TABLE raw.orders (id INTEGER, amount DECIMAL(10, 2));
            INSERT INTO raw.orders VALUES (1, 2.50), (2, 4.00), (2, 4.00);
            """;

    /** Both sides the same, and a view naming the catalog under the profile's alias, as dbt's views do. */
    private static final String MODELS = """
            CREATE VIEW main.stg_orders AS SELECT id, amount FROM lake.raw.orders;
            CREATE TABLE main.totals AS SELECT id, sum(amount) AS total FROM lake.raw.orders GROUP BY id;
            """;

    private List<String> compare(String pluginSql, String dbtSql) {
        return compare(pluginSql, dbtSql, null);
    }

    private List<String> compare(String pluginSql, String dbtSql, java.time.LocalDateTime builtSince) {
        LakeFolder plugin = LakeFolder.fresh(dir.resolve("plugin"));
        LakeFolder dbt = LakeFolder.fresh(dir.resolve("dbt"));
        plugin.runScript(SOURCES, "setup");
        dbt.runScript(SOURCES, "setup");
        Set<String> sources = LakeComparison.relationNames(plugin, "lake");
        assertEquals(Set.of("raw.orders"), sources);
        plugin.runScript(pluginSql, "plugin models");
        dbt.runScript(dbtSql, "dbt models");
        return LakeComparison.compare(plugin, dbt, "lake", sources, builtSince);
    }

    /** A snapshot as builds write it: versions dated by the source and closed by a build, dated by a build (its hash too), and dated by the source only. */
    private static String history(String firstBuild, String secondBuild, String secondVersionTo) {
        return "CREATE TABLE main.history AS SELECT * FROM (VALUES "
                + "(1, TIMESTAMP '2024-01-01 08:00:00', TIMESTAMP " + firstBuild + ", md5('1|2024-01-01 08:00:00')), "
                + "(1, TIMESTAMP " + firstBuild + ", " + secondVersionTo + ", md5('1|' || " + firstBuild + ")), "
                + "(2, TIMESTAMP " + secondBuild + ", TIMESTAMP '9999-12-31', md5('2|' || " + secondBuild + ")), "
                + "(3, TIMESTAMP '2024-01-02 00:00:00', NULL, md5('3|2024-01-02 00:00:00'))) AS t(id, valid_from, valid_to, scd_id);";
    }

    @Test
    void timestampsOfTheBuildsAreComparedByTheirOrderAndTheirHashesByShape() {
        java.time.LocalDateTime since = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        String plugin = history("'2026-12-07 10:00:00'", "'2026-12-07 10:05:00'", "NULL");
        String dbt = history("'2026-12-07 10:00:01'", "'2026-12-07 10:05:02'", "NULL");
        assertEquals(List.of(), compare(plugin, dbt, since), "the same pattern of build times, and the exact hash of the source-dated version");
        assertEquals(1, compare(plugin, dbt, null).size(), "without builtSince the values differ");

        List<String> differences = compare(plugin, history("'2026-12-07 10:00:01'", "'2026-12-07 10:05:02'", "TIMESTAMP '2026-12-07 10:05:02'"), since);
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.get(0).contains("only in dbt's: (1, build time 1, build time 2, a hash of a build time)"), differences.get(0));

        differences = compare(plugin, history("'2026-12-07 10:00:01'", "'2026-12-07 10:05:02'", "NULL").replace("md5('3|2024", "md5('9|2024"), since);
        assertEquals(1, differences.size(), "a hash of source values compares exactly: " + differences);
    }

    @Test
    void equalLakesHaveNoDifferenceEvenWithDuplicateRowsAndTheBookkeepingSchema() {
        List<String> differences = compare(MODELS + "CREATE SCHEMA testbed; CREATE TABLE testbed.model_runs AS SELECT 1 AS run;", MODELS);
        assertEquals(List.of(), differences);
    }

    @Test
    void aRowThatDiffersIsShownOnBothSides() {
        List<String> differences = compare(MODELS.replace("sum(amount)", "sum(amount) + CASE WHEN id = 2 THEN 1 ELSE 0 END"), MODELS);
        assertEquals(1, differences.size(), differences.toString());
        String difference = differences.get(0);
        assertTrue(difference.startsWith("main.totals: rows differ: the plugin has 2 rows, dbt 2; 1 only in the plugin's, 1 only in dbt's"), difference);
        assertTrue(difference.contains("only in the plugin's: (2, 9.00)") && difference.contains("only in dbt's: (2, 8.00)"), difference);
    }

    @Test
    void rowsAreComparedAsMultisets() {
        // the same distinct rows, but one of the duplicates lost: EXCEPT (without ALL) would call these equal
        List<String> differences = compare(MODELS + "CREATE TABLE main.copy AS SELECT DISTINCT * FROM lake.raw.orders;",
                MODELS + "CREATE TABLE main.copy AS SELECT * FROM lake.raw.orders;");
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.get(0).startsWith("main.copy: rows differ: the plugin has 2 rows, dbt 3; 0 only in the plugin's, 1 only in dbt's"),
                differences.get(0));
    }

    @Test
    void kindTypesAndColumnOrderAreCompared() {
        String dbt = MODELS + "CREATE TABLE main.wide AS SELECT id, amount FROM lake.raw.orders;";
        String plugin = MODELS.replace("CREATE VIEW main.stg_orders", "CREATE TABLE main.stg_orders")
                + "CREATE TABLE main.wide AS SELECT amount, id::BIGINT AS id FROM lake.raw.orders;";
        List<String> differences = compare(plugin, dbt);
        assertEquals(List.of("main.stg_orders: the plugin built a table, dbt a view",
                "main.wide: columns differ: plugin [amount DECIMAL(10,2), id BIGINT], dbt [id INTEGER, amount DECIMAL(10,2)]"), differences);
    }

    @Test
    void rowsAreComparedByColumnNameOverTheColumnsBothHave() {
        String dbt = MODELS + "CREATE TABLE main.wide AS SELECT id, amount, 'x' AS note FROM lake.raw.orders;";
        String plugin = MODELS + "CREATE TABLE main.wide AS SELECT amount + (id = 1)::INTEGER AS amount, id FROM lake.raw.orders;";
        List<String> differences = compare(plugin, dbt);
        assertEquals(2, differences.size(), differences.toString());
        assertTrue(differences.get(1).startsWith("main.wide: rows differ in the columns both have [amount, id]: the plugin has 3 rows, dbt 3; "
                + "1 only in the plugin's, 1 only in dbt's\n      only in the plugin's: (3.50, 1)\n      only in dbt's: (2.50, 1)"), differences.get(1));
    }

    @Test
    void aRelationInAnotherSchemaIsNamedOnBothSides() {
        String dbt = MODELS + "CREATE SCHEMA main_marts; CREATE TABLE main_marts.facts AS SELECT 1 AS one;";
        String plugin = MODELS + "CREATE TABLE main.facts AS SELECT 1 AS one;";
        assertEquals(List.of("main.facts: only the plugin built it (table [one INTEGER]); the other has main_marts.facts",
                "main_marts.facts: only dbt built it (table [one INTEGER]); the other has main.facts"), compare(plugin, dbt));
    }
}
