package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.profile.ProfileReader;
import dev.testbed.profile.ProfilesLookup;
import dev.testbed.profile.TargetSettings;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dbt-duckdb project with its own profiles.yml builds where dbt would build it: into the DuckLake its profile's
 * {@code database} names ({@code warehouse}), in the profile's schema ({@code analytics}, a custom schema x in
 * {@code analytics_x}), with the profile's other attachments (a read-only DuckDB file) readable by its models.
 */
class ProfileBuildTest {

    @Test
    void aProjectWithAProfileBuildsIntoTheProfilesDatabaseAndSchema(@TempDir Path work) throws Exception {
        Path project = work.resolve("project");
        TestData.write(project, "dbt_project.yml", "name: p\nprofile: diff\n");
        TestData.write(project, "profiles.yml", """
                diff:
                  target: dev
                  outputs:
                    dev:
                      type: duckdb
                      path: ":memory:"
                      attach:
                        - path: "ducklake:lake/w.ducklake"
                          alias: warehouse
                          options:
                            data_path: lake/data/
                        - path: ref.duckdb
                          alias: ref
                          read_only: true
                      database: warehouse
                      schema: analytics
                      settings:
                        default_null_order: nulls_first
                      secrets:
                        - type: s3
                          key_id: profile-key
                          secret: profile-secret
                """);
        try (Connection ref = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("ref.duckdb"));
             Statement statement = ref.createStatement()) {
            statement.execute("CREATE TABLE codes AS SELECT range AS code, 'c' || range AS label FROM range(1, 6)");
        }
        TestData.write(project, "models/codes_copy.sql", "select code, label from ref.main.codes\n");
        // what the profile's settings and secrets did to the connection that built the model
        TestData.write(project, "models/session.sql", "select (select x from (values (1), (null)) t(x) order by x limit 1) as first_x,"
                + " (select string_agg(name, ',') from duckdb_secrets()) as secrets\n");
        TestData.write(project, "models/summary.sql",
                "{{ config(schema='marts', materialized='table') }}\nselect count(*) as codes, '{{ target.database }}' as db, '{{ this }}' as self"
                        + " from {{ ref('codes_copy') }}\n");

        var profile = new ProfileReader(new ProfilesLookup(null, Map.of(), project, work.resolve("home")), Map.of(), Map.of(), TestData.QUIET)
                .read(project, null);
        TargetSettings settings = TargetSettings.resolve(new TargetSettings.Request(null, null, null, null, null,
                work.resolve("default/w.ducklake").toString(), work.resolve("default/data/").toString()), profile);
        RunResult result = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(new RunRequest(project, settings.location(),
                new Target(settings.target(), settings.schema(), settings.location().alias()), Map.of(), null, null, false, work.resolve("out")));
        assertEquals(false, result.failed(), result.failureSummary());
        assertEquals(3, result.models().size());

        var location = settings.location();
        assertEquals(List.of(List.of("analytics", "codes_copy"), List.of("analytics", "session"), List.of("analytics_marts", "summary")),
                TestData.rows(location, "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'warehouse'"
                        + " AND table_schema <> 'testbed' ORDER BY 1, 2"));
        assertEquals(List.of(List.of("0", "0")), TestData.rows(location,
                "SELECT (SELECT count(*) FROM (FROM warehouse.analytics.codes_copy EXCEPT ALL FROM ref.main.codes)),"
                        + " (SELECT count(*) FROM (FROM ref.main.codes EXCEPT ALL FROM warehouse.analytics.codes_copy))"));
        assertEquals(List.of(List.of("null", "_dbt_secret_1")), TestData.rows(location, "SELECT first_x, secrets FROM warehouse.analytics.session"),
                "nulls first, as the profile's setting says, and the profile's unnamed secret under dbt-duckdb's name");
        // quoting aside (dbt-duckdb quotes every part), {{ this }} names the profile's database
        assertEquals(List.of(List.of("5", "warehouse", "warehouse.analytics_marts.summary")),
                TestData.rows(location, "SELECT codes, db, replace(self, '\"', '') FROM warehouse.analytics_marts.summary"));
        // the lake was created where the profile says, relative to the project (as dbt, run there), not at the plugin's default
        assertEquals(true, java.nio.file.Files.isRegularFile(project.resolve("lake/w.ducklake")));
        assertEquals(false, java.nio.file.Files.exists(work.resolve("default")));
    }
}
