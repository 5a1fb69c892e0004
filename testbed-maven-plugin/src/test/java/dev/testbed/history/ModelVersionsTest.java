package dev.testbed.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versions of a relation on a real DuckLake, each statement its own snapshot: a table's are the snapshots that
 * created, replaced, inserted into or deleted from it; a view's add those of what it reads, and reading the view at an
 * older snapshot shows that snapshot's rows.
 */
class ModelVersionsTest {

    @TempDir
    Path work;

    @Test
    void aTableAndAViewOverItGetTheSnapshotsThatChangedThemNewestFirst() throws Exception {
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.t AS SELECT range AS id, range * 2 AS v FROM range(5)",
                "CREATE TABLE lake.raw.other AS SELECT 1 AS x",
                "CREATE VIEW lake.main.v AS SELECT id, v + 1 AS w FROM lake.raw.t",
                "UPDATE lake.raw.t SET v = 100 WHERE id = 2",
                "INSERT INTO lake.raw.other VALUES (2)",
                "CREATE OR REPLACE TABLE lake.raw.t AS SELECT * FROM lake.raw.t WHERE id < 4");
        try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
            ModelVersions versions = ModelVersions.read(lake);
            long newest = versions.newest();
            // the last four statements' snapshots, oldest first: view, update, other's insert, replace
            long view = newest - 3;
            long update = newest - 2;
            long replace = newest;
            List<Long> table = versions.of("raw.t");
            assertEquals(List.of(replace, update, view - 2), table, "t: replaced, updated, created; not the view's nor other's snapshots");
            assertEquals(List.of(newest - 1, view - 1), versions.of("raw.other"));
            assertEquals(List.of(view), versions.of("main.v"));
            assertEquals(List.of(replace, update, view, view - 2), versions.of("main.v", Set.of("raw.t")));
            assertEquals(OptionalLong.of(update), ModelVersions.previous(table, newest));
            assertEquals(OptionalLong.of(view - 2), ModelVersions.previous(table, update));
            assertTrue(ModelVersions.changedBetween(table, view, update));
            assertFalse(ModelVersions.changedBetween(table, update, newest - 1));
            assertFalse(versions.existsAt("main.v", view - 1));
            assertTrue(versions.existsAt("main.v", view));
            assertFalse(versions.holds(newest + 1));
        }
        // DuckLake reads a view at an older snapshot with its inputs as they were then
        assertEquals(List.of(List.of("5")), TestData.rows(location, "SELECT w FROM lake.main.v AT (VERSION => " + (versionOfUpdate(location) - 1)
                + ") WHERE id = 2"));
        assertEquals(List.of(List.of("101")), TestData.rows(location, "SELECT w FROM lake.main.v WHERE id = 2"));
    }

    private static long versionOfUpdate(LakeLocation location) throws Exception {
        return Long.parseLong(TestData.rows(location, "SELECT max(snapshot_id) - 2 FROM ducklake_snapshots('lake')").get(0).get(0));
    }
}
