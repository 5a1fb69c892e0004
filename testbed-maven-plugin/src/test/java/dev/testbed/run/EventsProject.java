package dev.testbed.run;

import dev.testbed.TestData;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;

/**
 * A project folder with no models yet, over a real DuckLake whose source {@code raw.events} holds ids 1 to 10
 * ({@code kind} = id % 3, {@code version} = 'v1').
 */
record EventsProject(Path root, LakeLocation location) {

    static EventsProject create(Path work) throws Exception {
        EventsProject events = new EventsProject(work.resolve("project"),
                new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString()));
        TestData.sql(events.location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.events AS SELECT range AS id, range % 3 AS kind, 'v1' AS version FROM range(1, 11)");
        TestData.write(events.root, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: events
                """);
        return events;
    }
}
