package dev.testbed.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.Reporter;
import dev.testbed.core.SessionSetup;
import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profiles.yml read as dbt-core 1.11 and dbt-duckdb 1.11 read it (dbt/config/profile.py, dbt/adapters/duckdb/credentials.py). */
class ProfileReaderTest {

    @TempDir
    Path work;

    private static final String PROFILE = """
            diff:
              target: dev
              outputs:
                dev:
                  type: duckdb
                  path: ":memory:"
                  threads: 3
                  attach:
                    - path: "ducklake:{{ env_var('LAKE_DIR') }}/w.ducklake"
                      alias: warehouse
                      options:
                        data_path: "{{ env_var('LAKE_DIR') }}/data/"
                    - path: ref.duckdb
                      alias: ref
                      read_only: true
                  database: warehouse
                  schema: analytics
                  settings:
                    timezone: UTC
                  secrets:
                    - type: s3
                      key_id: "{{ env_var('KEY', 'anon') }}"
                prod:
                  type: duckdb
                  attach:
                    - path: "ducklake:{{ env_var('PROD_ONLY') }}/p.ducklake"
                      alias: lake
                  database: lake
                  schema: "{{ var('prod_schema', 'prod') }}"
            """;

    private Path project(String profileName) throws Exception {
        Path project = work.resolve("project");
        TestData.write(project, "dbt_project.yml", "name: p\n" + (profileName == null ? "" : "profile: " + profileName + "\n"));
        return project;
    }

    private ProfileReader reader(Map<String, String> env, Path explicitDir, List<String> warnings) {
        Reporter reporter = event -> {
            if (event.level() == Reporter.Level.WARN) {
                warnings.add(event.message());
            }
        };
        return new ProfileReader(new ProfilesLookup(explicitDir, env, work.resolve("project"), work.resolve("home")), env, Map.of(), reporter);
    }

    private Optional<DuckDbProfile> read(Map<String, String> env, String target) throws Exception {
        return reader(env, null, new ArrayList<>()).read(project("diff"), target);
    }

    @Test
    void theProfilesDefaultTargetIsReadWithEnvVarsRendered() throws Exception {
        Path project = project("diff");
        TestData.write(project, "profiles.yml", PROFILE);
        DuckDbProfile profile = read(Map.of("LAKE_DIR", "/lakes/one"), null).orElseThrow();
        assertEquals("dev", profile.target());
        assertEquals(new DuckDbProfile.LakeAttachment("/lakes/one/w.ducklake", "/lakes/one/data/", "warehouse"), profile.lake());
        assertEquals("analytics", profile.schema());
        assertEquals(3, profile.threads());
        SessionSetup session = profile.session();
        assertEquals(SessionSetup.IN_MEMORY, session.databasePath());
        List<String> sql = session.steps().stream().map(SessionSetup.Step::sql).toList();
        // dbt-duckdb's order: secrets, then the other attachments (relative files are the project's, as dbt is run there), then settings
        assertEquals(List.of("CREATE OR REPLACE SECRET _dbt_secret_1 (type s3, key_id 'anon')",
                "ATTACH IF NOT EXISTS '" + project.resolve("ref.duckdb") + "' AS ref (READ_ONLY)",
                "SET timezone = 'UTC'"), sql);
        // an S3 secret needs httpfs, which DuckDB would autoload from its server; the plugin loads it by its own
        // (offline-capable) route first: a fresh home without httpfs failed here in CI
        assertEquals(List.of(List.of("httpfs"), List.of(), List.of()), session.steps().stream().map(SessionSetup.Step::extensions).toList());
    }

    @Test
    void anOtherTargetIsRenderedAloneSoAnEnvVarOnlyTheDefaultNeedsMayBeUnset() throws Exception {
        TestData.write(project("diff"), "profiles.yml", PROFILE);
        DuckDbProfile prod = read(Map.of("PROD_ONLY", "/p"), "prod").orElseThrow();
        assertEquals("lake", prod.lake().alias());
        assertEquals("/p/p.ducklake.files/", prod.lake().dataPath(), "DuckLake's own default data path");
        assertEquals("prod", prod.schema());
    }

    @Test
    void aMissingEnvVarWithoutDefaultFailsNamingTheFileLineAndVariable() throws Exception {
        TestData.write(project("diff"), "profiles.yml", PROFILE);
        TestbedException e = assertThrows(TestbedException.class, () -> read(Map.of(), null));
        assertTrue(e.getMessage().contains("profiles.yml, line 9") && e.getMessage().contains("env_var('LAKE_DIR')")
                && e.getMessage().contains("not set"), e.getMessage());
        assertTrue(e.suggestion().contains("env_var('LAKE_DIR', 'default')"), e.suggestion());
    }

    @Test
    void jinjaFiltersRenderAndAnUnknownNameFailsInsteadOfRenderingAsNothing() throws Exception {
        TestData.write(project("diff"), "profiles.yml", """
                diff:
                  target: dev
                  outputs:
                    dev:
                      type: duckdb
                      attach: [{path: "ducklake:w.ducklake", alias: w}]
                      database: w
                      schema: "{{ env_var('SCHEMA', 'Analytics') | lower }}"
                      threads: "{{ env_var('THREADS', '3') | int + 1 }}"
                    broken:
                      type: duckdb
                      attach: [{path: "ducklake:w.ducklake", alias: w}]
                      database: "{{ fromjson('\\"w\\"') }}"
                """);
        DuckDbProfile profile = read(Map.of(), null).orElseThrow();
        assertEquals("analytics", profile.schema());
        assertEquals(4, profile.threads());
        TestbedException e = assertThrows(TestbedException.class, () -> read(Map.of(), "broken"));
        assertTrue(e.getMessage().contains("profiles.yml, line 13 (diff.outputs.broken.database)") && e.getMessage().contains("fromjson"),
                e.getMessage());
    }

    @Test
    void aMissingProfileOrTargetFailsNamingTheOnesThatExist() throws Exception {
        TestData.write(project("diff"), "profiles.yml", PROFILE + "other:\n  outputs: {}\n");
        TestbedException noTarget = assertThrows(TestbedException.class, () -> read(Map.of(), "staging"));
        assertTrue(noTarget.getMessage().contains("no target named 'staging'") && noTarget.getMessage().contains("its targets: dev, prod"),
                noTarget.getMessage());
        TestbedException noProfile = assertThrows(TestbedException.class, () -> reader(Map.of(), null, new ArrayList<>()).read(project("difff"), null));
        assertTrue(noProfile.getMessage().contains("profile 'difff'") && noProfile.getMessage().contains("its profiles: diff, other"),
                noProfile.getMessage());
    }

    @Test
    void aProfileWithoutTargetUsesTheTargetNamedDefault() throws Exception {
        TestData.write(project("diff"), "profiles.yml", """
                diff:
                  outputs:
                    default:
                      type: duckdb
                      attach: [{path: "ducklake:w.ducklake", alias: w}]
                      database: w
                """);
        DuckDbProfile profile = read(Map.of(), null).orElseThrow();
        assertEquals("default", profile.target());
        assertEquals(work.resolve("project/w.ducklake").toString(), profile.lake().catalog());
    }

    @Test
    void lookupOrderIsDbtsExplicitFolderThenDbtProfilesDirThenProjectThenHome() throws Exception {
        Path project = project("diff");
        Path home = work.resolve("home/.dbt/profiles.yml");
        TestData.write(work.resolve("home/.dbt"), "profiles.yml", "x: 1\n");
        ProfilesLookup onlyHome = new ProfilesLookup(null, Map.of(), project, work.resolve("home"));
        assertEquals(Optional.of(home), onlyHome.find());
        TestData.write(project, "profiles.yml", "x: 1\n");
        assertEquals(Optional.of(project.resolve("profiles.yml")), onlyHome.find());
        TestData.write(work.resolve("env"), "profiles.yml", "x: 1\n");
        ProfilesLookup withEnv = new ProfilesLookup(null, Map.of("DBT_PROFILES_DIR", work.resolve("env").toString()), project, work.resolve("home"));
        assertEquals(Optional.of(work.resolve("env/profiles.yml")), withEnv.find());
        TestData.write(work.resolve("explicit"), "profiles.yml", "x: 1\n");
        assertEquals(Optional.of(work.resolve("explicit/profiles.yml")),
                new ProfilesLookup(work.resolve("explicit"), withEnv.environment(), project, work.resolve("home")).find());
        TestbedException e = assertThrows(TestbedException.class,
                () -> new ProfilesLookup(null, Map.of("DBT_PROFILES_DIR", work.resolve("nowhere").toString()), project, work.resolve("home")).find());
        assertTrue(e.getMessage().contains("DBT_PROFILES_DIR") && e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void noProfileKeyOrNoProfilesFileMeansThePluginsOwnSettings() throws Exception {
        List<String> quiet = new ArrayList<>();
        assertEquals(Optional.empty(), reader(Map.of(), null, quiet).read(project(null), null));
        assertEquals(List.of(), quiet, "no profile: key, nothing to say");
        List<String> warnings = new ArrayList<>();
        assertEquals(Optional.empty(), reader(Map.of(), null, warnings).read(project("diff"), null), "dbt_project.yml names diff, but no profiles.yml exists");
        // dbt stops here, so going on is said out loud
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'diff'") && warnings.get(0).contains("no profiles.yml") && warnings.get(0).contains("dbt would stop"), warnings.get(0));
    }

    @Test
    void aTargetOfAnotherTypeOrWithoutADuckLakeFailsClearly() throws Exception {
        TestData.write(project("diff"), "profiles.yml", """
                diff:
                  target: pg
                  outputs:
                    pg: {type: postgres, host: h}
                    mem: {type: duckdb, path: ":memory:", schema: main}
                """);
        TestbedException pg = assertThrows(TestbedException.class, () -> read(Map.of(), null));
        assertTrue(pg.getMessage().contains("type 'postgres'") && pg.getMessage().contains("diff.outputs.pg.type"), pg.getMessage());
        TestbedException mem = assertThrows(TestbedException.class, () -> read(Map.of(), "mem"));
        assertTrue(mem.getMessage().contains("not the alias of a DuckLake"), mem.getMessage());
    }

    @Test
    void aSettingThePluginDoesNotApplyIsAWarningWithFileLineAndKey() throws Exception {
        TestData.write(project("diff"), "profiles.yml", """
                diff:
                  target: dev
                  outputs:
                    dev:
                      type: duckdb
                      attach: [{path: "ducklake:w.ducklake", alias: w}]
                      database: w
                      external_root: out
                """);
        List<String> warnings = new ArrayList<>();
        reader(Map.of(), null, warnings).read(project("diff"), null);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("profiles.yml, line 8 (diff.outputs.dev.external_root)"), warnings.get(0));
    }
}
