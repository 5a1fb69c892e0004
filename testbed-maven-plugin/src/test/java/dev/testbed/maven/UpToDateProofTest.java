package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.ExtensionIndex;
import dev.testbed.core.FileStamp;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-models' and verify-metrics' no-DuckDB up-to-date proof, through the goals as Maven runs them, on a real DuckLake:
 * after a successful build the next one with nothing changed is proven up to date (no snapshot, artifacts untouched), and
 * each input the build reads, a write to the lake and deleted artifacts each make the next build check again.
 */
class UpToDateProofTest {

    private static final String RUN_MODELS_PROVEN = "run-models is up to date";
    private static final String VERIFY_PROVEN = "verify-metrics is up to date";

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    long builds;

    @BeforeEach
    void aProjectWithModelsAMacroTestsAndAProfile() throws Exception {
        project = work.resolve("project");
        Path lake = project.resolve("target/lake");
        location = new LakeLocation(lake.resolve("warehouse.ducklake").toString(), lake.resolve("data").toString() + "/");
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.events AS SELECT range AS id FROM range(5)");
        TestData.write(project, "dbt_project.yml", "name: proofs\nprofile: proofs\n");
        TestData.write(project, "profiles.yml", profile(2));
        TestData.write(project, "macros/doubled.sql", "{% macro doubled(column) %}{{ column }} * 2{% endmacro %}\n");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n");
        TestData.write(project, "models/events_clean.sql", "{{ config(materialized='table') }}\n"
                + "select id, {{ doubled('id') }} as twice, '{{ env_var('TESTBED_PROOF_PROBE', 'none') }}' as probe,"
                + " {{ var('factor', 1) }} as factor from {{ source('raw', 'events') }}\n");
        TestData.write(project, "models/events_view.sql", "select * from {{ ref('events_clean') }}\n");
        TestData.write(project, "models/schema.yml", "version: 2\nmodels:\n  - name: events_clean\n    columns:\n"
                + "      - name: id\n        tests: [not_null, unique]\n");
    }

    private String profile(int threads) {
        return "proofs:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      threads: " + threads + "\n      attach:\n"
                + "        - path: \"ducklake:" + location.resolvedCatalog() + "\"\n          alias: lake\n          options:\n"
                + "            data_path: \"" + location.resolvedDataPath() + "\"\n      database: lake\n";
    }

    /** One {@code mvn verify}: run-models, then verify-metrics, in one Maven session; returns the info lines. */
    private List<String> build(Consumer<AbstractRunMojo> parameters) throws Exception {
        List<String> lines = new ArrayList<>();
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, new DefaultMavenExecutionRequest().setUserProperties(new Properties())
                .setStartTime(new Date(1_800_000_000_000L + 1000 * builds++)), null);
        for (AbstractRunMojo goal : List.of(new RunModelsMojo(), new VerifyMetricsMojo())) {
            goal.basedir = project.toFile();
            goal.projectDirectory = project.toFile();
            goal.buildDirectory = project.resolve("target").toFile();
            goal.outputDirectory = project.resolve("target/testbed").toFile();
            goal.catalogServerId = "testbed-catalog";
            goal.s3ServerId = "testbed-s3";
            goal.extensionIndex = ExtensionIndex.DEFAULT_URL;
            goal.publish = "atomic"; // the default; no mojoExecution here, so run-models publishes at its own end
            goal.session = session;
            goal.setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
                if (method.getName().equals("info") && args.length > 0) {
                    lines.add(String.valueOf(args[0]));
                }
                return method.getName().startsWith("is") ? Boolean.TRUE : null;
            }));
            parameters.accept(goal);
            goal.execute();
        }
        return lines;
    }

    private List<String> build() throws Exception {
        return build(goal -> { });
    }

    private long snapshots() throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return lake.snapshots().size();
        }
    }

    private static boolean has(List<String> lines, String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    private Path output(String name) {
        return project.resolve("target/testbed").resolve(name);
    }

    @Test
    void aSecondBuildWithNothingChangedIsProvenUpToDateNodeByNodeWithoutASnapshotOrNewArtifacts() throws Exception {
        List<String> first = build();
        assertFalse(has(first, RUN_MODELS_PROVEN), first.toString());
        long snapshots = snapshots(); // opening the lake read-write and only reading leaves its catalog's stamp as it was
        Map<String, String> artifacts = Map.of("run_results.json", FileStamp.of(output("run_results.json")),
                "manifest.json", FileStamp.of(output("manifest.json")),
                "junit", FileStamp.of(output("junit/TEST-events_clean.xml")));

        List<String> second = build();

        assertTrue(has(second, RUN_MODELS_PROVEN), second.toString());
        assertTrue(has(second, VERIFY_PROVEN), second.toString());
        assertTrue(second.stream().anyMatch(line -> line.contains("events_clean") && line.contains("SUCCESS") && line.contains("up to date")),
                second.toString());
        assertTrue(second.stream().anyMatch(line -> line.contains("events_view") && line.contains("up to date")), second.toString());
        assertTrue(second.stream().anyMatch(line -> line.contains("unique_events_clean_id") && line.contains("PASS (up to date")), second.toString());
        assertFalse(has(second, "Found 2 data tests"), "no test ran: " + second);
        assertEquals(snapshots, snapshots(), "a proven build writes nothing to the lake");
        assertEquals(Map.of("run_results.json", FileStamp.of(output("run_results.json")), "manifest.json", FileStamp.of(output("manifest.json")),
                "junit", FileStamp.of(output("junit/TEST-events_clean.xml"))), artifacts, "the artifacts are left as they are");
    }

    /** Each change, then a build that must check again and say why; that build records the proof the next change breaks. */
    @Test
    void everyInputTheBuildReadsAWriteToTheLakeAndDeletedArtifactsBreakTheProof() throws Exception {
        build();
        assertBroken(() -> TestData.write(project, "models/events_view.sql", "select id from {{ ref('events_clean') }}\n"), "models/events_view.sql");
        assertBroken(() -> TestData.write(project, "macros/doubled.sql", "{% macro doubled(column) %}{{ column }} * 3{% endmacro %}\n"),
                "macros/doubled.sql");
        assertBroken(() -> TestData.write(project, "models/schema.yml", "version: 2\nmodels:\n  - name: events_clean\n    columns:\n"
                + "      - name: id\n        tests: [not_null]\n"), "models/schema.yml");
        assertBroken(() -> TestData.write(project, "profiles.yml", profile(1)), "profiles.yml");
        assertBroken(() -> TestData.sql(location, "INSERT INTO lake.raw.events VALUES (5)"), "the lake's catalog was written since");
        assertBroken(() -> Files.delete(output("run_results.json")), "artifacts are gone: run_results.json");

        List<String> withVar = build(goal -> goal.varsYaml = "{factor: 2}");
        assertTrue(withVar.stream().anyMatch(line -> line.contains("does not hold (parameter vars changed)")), withVar.toString());
        assertTrue(has(build(goal -> goal.varsYaml = "{factor: 2}"), RUN_MODELS_PROVEN), "the same vars again: proven");
    }

    private interface Change {
        void apply() throws IOException, SQLException;
    }

    private void assertBroken(Change change, String why) throws Exception {
        change.apply();
        List<String> lines = build();
        assertFalse(has(lines, RUN_MODELS_PROVEN), why + ": " + lines);
        assertFalse(has(lines, VERIFY_PROVEN), why + ": " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.contains("does not hold (") && line.contains(why)), why + ": " + lines);
    }

    @Test
    void theEnvironmentVariablesTheProjectReadsAreRecordedAsHashesNotValues() throws Exception {
        build();

        Properties proof = new Properties();
        try (var reader = Files.newBufferedReader(output("testbed-proof-run-models.properties"))) {
            proof.load(reader);
        }
        assertTrue(proof.containsKey("input.env:TESTBED_PROOF_PROBE"), proof.stringPropertyNames().toString());
        assertEquals("unset", proof.getProperty("input.env:TESTBED_PROOF_PROBE"));
    }

    @Test
    void aFailingDataTestLeavesNoVerifyProofSoTheNextBuildRunsTheTestsAgain() throws Exception {
        build();
        TestData.write(project, "models/schema.yml", "version: 2\nmodels:\n  - name: events_clean\n    columns:\n"
                + "      - name: id\n        tests: [not_null, {accepted_values: {values: [0, 1]}}]\n");

        assertThrows(MojoFailureException.class, this::build);
        assertFalse(Files.exists(output("testbed-proof-verify-metrics.properties")), "no proof after a failing verify-metrics");

        assertThrows(MojoFailureException.class, this::build, "the tests run again and fail again");
    }

    @Test
    void forceAndStateSelectorsAreNeverAnsweredByTheProof() throws Exception {
        build();

        List<String> forced = build(goal -> goal.force = true);
        assertFalse(has(forced, RUN_MODELS_PROVEN), forced.toString());
        assertFalse(has(forced, VERIFY_PROVEN), forced.toString());

        build();
        List<String> state = build(goal -> goal.select = "state:modified+");
        assertFalse(has(state, RUN_MODELS_PROVEN), state.toString());
        // the selected run recorded a proof for its own parameters: without the selector, one check, then proven again
        assertFalse(has(build(), RUN_MODELS_PROVEN));
        assertTrue(has(build(), RUN_MODELS_PROVEN));
    }

    @Test
    void aReadOnlyLookAtTheLakeKeepsTheProof() throws Exception {
        build();
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults()); Statement statement = lake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM lake.main.events_clean")) {
            rows.next();
            assertEquals(5, rows.getLong(1));
        }

        assertTrue(has(build(), RUN_MODELS_PROVEN));
    }
}
