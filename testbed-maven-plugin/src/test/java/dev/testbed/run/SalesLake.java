package dev.testbed.run;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real DuckLake holding {@code raw.sales} (30 sales over 2024-01-01 to 2024-01-03, several a day, so deleting the
 * last day's rows lowers {@code max(sale_date)}) and a dbt project that declares it as a source: where incremental
 * models are run again and again.
 */
final class SalesLake {

    final Path work;
    final Path project;
    final LakeLocation location;

    /** @param extraColumns more columns of raw.sales as {@code , expression AS name}, over {@code range} (1 to 30) */
    SalesLake(Path work, String extraColumns) throws Exception {
        this.work = work;
        this.project = work.resolve("project");
        this.location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw",
                "CREATE TABLE lake.raw.sales AS SELECT range AS sale_id, DATE '2024-01-01' + CAST(range % 3 AS INTEGER) AS sale_date, "
                        + "CAST(range * 1.25 AS DECIMAL(12, 2)) AS amount" + extraColumns + " FROM range(1, 31)");
        TestData.write(project, "models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: sales
                """);
    }

    RunResult run(Reporter reporter) {
        RunRequest request = new RunRequest(project, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false,
                work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), reporter).run(request);
    }

    List<List<String>> rows(String query) throws Exception {
        return TestData.rows(location, query);
    }

    /** How many rows the table has that raw.sales does not, and the other way round: [[0, 0]] when they hold the same rows. */
    List<List<String>> differencesFromRaw(String table) throws Exception {
        return rows("SELECT (SELECT count(*) FROM (SELECT * FROM " + table + " EXCEPT ALL SELECT * FROM lake.raw.sales)), "
                + "(SELECT count(*) FROM (SELECT * FROM lake.raw.sales EXCEPT ALL SELECT * FROM " + table + "))");
    }
}
