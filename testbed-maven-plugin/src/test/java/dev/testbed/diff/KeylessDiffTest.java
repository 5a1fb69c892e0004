package dev.testbed.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.inspect.SampleWarehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model without a key, and a new column: rows are compared as multisets over the columns both builds have, and the
 * new column is named; a model whose declared key turns out not unique is compared the same way, with a note.
 */
class KeylessDiffTest {

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void lake() {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
    }

    /** The project's sources: table events of schema raw, then {@code more} lines of its own. */
    private void sources(String more) throws Exception {
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n" + more);
    }

    private LakeDiff diff() {
        return new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(new DiffRequest(project, location, SampleWarehouse.TARGET,
                Map.of(), null, null, null, work.resolve("out")));
    }

    @Test
    void rowsWithoutAKeyAreComparedAsMultisetsAndANewColumnIsNamed() throws Exception {
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id, range % 3 AS kind FROM range(1, 11)");
        sources("""
                models:
                  - name: by_kind
                    columns:
                      - name: kind
                        data_tests: [unique]
                """);
        TestData.write(project, "models/kinds.sql", "{{ config(materialized='table') }} select kind, count(*) as n from {{ source('raw', 'events') }} group by kind");
        // declared unique on kind, but one row per event: the key is not unique
        TestData.write(project, "models/by_kind.sql", "{{ config(materialized='table') }} select kind, id from {{ source('raw', 'events') }}");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-1");
        // kind 1 loses an event (4 -> 3), kind 2 gains two (3 -> 5)
        TestData.sql(location, "DELETE FROM lake.raw.events WHERE id = 1", "INSERT INTO lake.raw.events VALUES (11, 2), (14, 2)");
        TestData.write(project, "models/kinds.sql",
                "{{ config(materialized='table') }} select kind, count(*) as n, sum(id) as total from {{ source('raw', 'events') }} group by kind");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-2");

        LakeDiff diff = diff();
        ModelDiff kinds = diff.models().stream().filter(m -> m.model().equals("kinds")).findFirst().orElseThrow();
        assertEquals(ModelDiff.CHANGED, kinds.state());
        assertEquals(List.of(), kinds.key());
        assertEquals(List.of("total"), kinds.columnsAdded());
        assertEquals(2, kinds.removed(), "the rows (1, 4) and (2, 3) are gone");
        assertEquals(2, kinds.added(), "the rows (1, 3) and (2, 5) are new");
        assertEquals(-1, kinds.changed());
        ModelDiff.NumericColumn n = kinds.numeric().stream().filter(c -> c.column().equals("n")).findFirst().orElseThrow();
        assertEquals(10.0, n.sum().before());
        assertEquals(11.0, n.sum().after());

        ModelDiff byKind = diff.models().stream().filter(m -> m.model().equals("by_kind")).findFirst().orElseThrow();
        assertEquals(List.of(), byKind.key());
        assertEquals(1, byKind.removed());
        assertEquals(2, byKind.added());
        assertEquals(true, byKind.note().contains("key [kind] is not unique"), byKind.note());
    }

    @Test
    void aModelThatCannotBeReadIsNamedAndTheOthersAreStillCompared() throws Exception {
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id FROM range(1, 11)",
                "CREATE TABLE lake.raw.extra AS SELECT 1 AS x");
        sources("      - name: extra\n");
        TestData.write(project, "models/events.sql", "{{ config(materialized='table') }} select id from {{ source('raw', 'events') }}");
        // also reads the lake by a name the project does not declare, which is dropped; its declared source changes
        TestData.write(project, "models/gone.sql", "select e.id, x.x from {{ source('raw', 'events') }} e, lake.raw.extra x");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-1");
        TestData.sql(location, "DROP TABLE lake.raw.extra", "INSERT INTO lake.raw.events VALUES (11)");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-2");

        LakeDiff diff = diff();
        ModelDiff gone = diff.models().stream().filter(m -> m.model().equals("gone")).findFirst().orElseThrow();
        assertEquals(ModelDiff.ERROR, gone.state(), gone.note());
        assertEquals(true, gone.note().contains("extra"), gone.note());
        ModelDiff events = diff.models().stream().filter(m -> m.model().equals("events")).findFirst().orElseThrow();
        assertEquals(ModelDiff.CHANGED, events.state());
        assertEquals(1, events.added());
    }

    @Test
    void aNumericColumnWhoseTypeChangedIsStillSummedAndTheChangeIsNoted() throws Exception {
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id, (range * 1.50)::DECIMAL(18,2) AS amount FROM range(1, 5)");
        sources("");
        TestData.write(project, "models/revenue.sql", "{{ config(materialized='table') }} select id, amount * {{ var('factor', 1) }} as revenue"
                + " from {{ source('raw', 'events') }}");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-1");
        TestData.write(project, "models/revenue.sql", "{{ config(materialized='table') }} select id, amount * 1.02 as revenue"
                + " from {{ source('raw', 'events') }}");
        SampleWarehouse.runModels(project, location, work.resolve("out"), "run-2");

        ModelDiff revenue = diff().models().stream().filter(m -> m.model().equals("revenue")).findFirst().orElseThrow();

        assertEquals(ModelDiff.CHANGED, revenue.state());
        assertEquals(true, revenue.note().contains("type changed: revenue DECIMAL(18,2) -> DECIMAL("), revenue.note());
        ModelDiff.NumericColumn sum = revenue.numeric().stream().filter(c -> c.column().equals("revenue")).findFirst().orElseThrow();
        assertEquals(15.0, sum.sum().before(), 1e-9, "1.5 + 3 + 4.5 + 6");
        assertEquals(15.3, sum.sum().after(), 1e-9, "2% more");
    }
}
