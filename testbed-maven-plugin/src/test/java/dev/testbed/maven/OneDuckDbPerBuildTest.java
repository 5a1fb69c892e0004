package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.ExtensionIndex;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.TestbedException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One DuckDB per build: load-ducklake, run-models and verify-metrics of one {@code mvn verify}, run as Maven runs them, work
 * in the DuckDB load-ducklake started, with the lake attached once; the build closes it at its end, and a failing goal
 * closes it at once, so the catalog is free again. The DuckDB-side proof is a database attached to the DuckDB after
 * load-ducklake: a model and a singular data test read it, which only that same DuckDB can answer.
 */
class OneDuckDbPerBuildTest {

    private static final String PLUGIN = "testbed-maven-plugin";
    private static final String MARK = "ATTACH ':memory:' AS build_mark";

    @TempDir
    Path work;
    Path project;
    LakeLocation location;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void aGeneratedDataSetAndAProjectThatReadsTheMark() throws Exception {
        project = work.resolve("project");
        TestData.generate(TestData.small(project.resolve("target/testbed-data"), 42));
        Path lake = project.resolve("target/lake");
        location = new LakeLocation(lake.resolve("warehouse.ducklake").toString(), lake.resolve("data").toString() + "/");
        TestData.write(project, "dbt_project.yml", "name: onedb\nprofile: onedb\n");
        TestData.write(project, "profiles.yml", "onedb:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      threads: 2\n      attach:\n"
                + "        - path: \"ducklake:" + location.resolvedCatalog() + "\"\n          alias: lake\n          options:\n"
                + "            data_path: \"" + location.resolvedDataPath() + "\"\n      database: lake\n");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: raw_sales\n");
        TestData.write(project, "models/marked_sales.sql", "{{ config(materialized='table') }}\n"
                + "select count(*) as sales, (select count(*) from build_mark.main.mark) as marks from {{ source('raw', 'raw_sales') }}\n");
        TestData.write(project, "tests/same_duckdb.sql", "select * from build_mark.main.mark where not seen\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atomic", "each"})
    void loadRunModelsAndVerifyMetricsShareTheDuckDbLoadDucklakeStartedAndTheBuildClosesItAtItsEnd(String publish) throws Exception {
        MavenSession session = session(1);
        LoadDuckLakeMojo load = goal(new LoadDuckLakeMojo(), session, "load-ducklake");
        load.execute();
        markTheHeldDuckDb(load);

        goal(new RunModelsMojo(), session, "run-models", publish).execute();
        goal(new VerifyMetricsMojo(), session, "verify-metrics", publish).execute();

        assertTrue(log.stream().anyMatch(line -> line.contains("PASS same_duckdb")), log.toString());
        assertEquals(List.of(List.of("1")), TestData.rows(location, "SELECT count(*) FROM lake.testbed.test_runs WHERE test = 'same_duckdb'"),
                "verify-metrics recorded the test in the lake's history");
        assertEquals(List.of(List.of("5000", "1")), TestData.rows(location, "SELECT sales, marks FROM lake.main.marked_sales"),
                "the model read the mark, so run-models ran in load-ducklake's DuckDB; the build's end closed it, so the lake opens again");
    }

    @Test
    void aFailingGoalClosesTheDuckDbAtOnceSoTheCatalogIsFreeAgain() throws Exception {
        TestData.write(project, "models/marked_sales.sql", "select no_such_column from {{ source('raw', 'raw_sales') }}\n");
        MavenSession session = session(2);
        goal(new LoadDuckLakeMojo(), session, "load-ducklake").execute();
        TestbedException held = assertThrows(TestbedException.class, () -> Lake.open(location, DuckDbSettings.defaults()).close());
        assertTrue(held.getMessage().contains("locked by this process"), "load-ducklake left the lake attached for run-models: " + held.getMessage());

        assertThrows(MojoFailureException.class, () -> goal(new RunModelsMojo(), session, "run-models").execute());

        try (Lake free = Lake.open(location, DuckDbSettings.defaults())) {
            assertTrue(free.tableExists("raw", "raw_sales"), "the failed run-models closed the DuckDB, and the catalog attaches");
        }
    }

    @Test
    void aLakeAnEarlierBuildLeftIsClosedNotReusedAndAReusedOneTakesTheNextGoalsThreads() throws SQLException {
        DuckDbSettings oneThread = DuckDbSettings.defaults().withThreads(1);
        String key = project + "|" + location;
        try (Lake first = HeldLakes.source(key, "build-1", true, TestData.QUIET).open(location, oneThread)) {
            DuckDb.execute(first.connection(), MARK);
        }
        try (Lake again = HeldLakes.source(key, "build-1", true, TestData.QUIET).open(location, oneThread.withThreads(2))) {
            assertEquals("1", DuckDb.queryString(again.connection(), "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'build_mark'"));
            assertEquals("2", DuckDb.queryString(again.connection(), "SELECT current_setting('threads')"));
        }
        try (Lake next = HeldLakes.source(key, "build-2", false, TestData.QUIET).open(location, oneThread)) {
            assertEquals("0", DuckDb.queryString(next.connection(), "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'build_mark'"),
                    "another build's DuckDB is not reused");
        }
        try (Lake free = Lake.open(location, oneThread)) {
            assertFalse(free.snapshots().isEmpty(), "both DuckDBs are closed: the catalog attaches");
        }
    }

    /** Attaches a database to the DuckDB load-ducklake left for the next goal, through the goal's own lake source. */
    private static void markTheHeldDuckDb(LoadDuckLakeMojo load) throws SQLException {
        LakeSource lakes = load.lakes();
        try (Lake held = lakes.open(load.lakeLocation(), load.duckDbSettings())) {
            DuckDb.execute(held.connection(), MARK);
            DuckDb.execute(held.connection(), "CREATE TABLE build_mark.main.mark AS SELECT true AS seen");
        }
    }

    private <T extends AbstractLakeMojo> T goal(T goal, MavenSession session, String name) {
        return goal(goal, session, name, "atomic");
    }

    private <T extends AbstractLakeMojo> T goal(T goal, MavenSession session, String name, String publish) {
        goal.basedir = project.toFile();
        goal.projectDirectory = project.toFile();
        goal.buildDirectory = project.resolve("target").toFile();
        goal.catalogServerId = "testbed-catalog";
        goal.s3ServerId = "testbed-s3";
        goal.extensionIndex = ExtensionIndex.DEFAULT_URL;
        goal.session = session;
        MavenProject maven = mavenProject();
        MojoExecution execution = execution(name);
        if (goal instanceof LoadDuckLakeMojo load) {
            load.dataDirectory = project.resolve("target/testbed-data").toFile();
            load.mode = "auto";
            load.requireManifest = true;
            load.project = maven;
            load.mojoExecution = execution;
        } else if (goal instanceof AbstractRunMojo run) {
            run.outputDirectory = project.resolve("target/testbed").toFile();
            run.publish = publish;
            run.project = maven;
            run.mojoExecution = execution;
        }
        goal.setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
            if (method.getName().equals("info") && args.length > 0) {
                log.add(String.valueOf(args[0]));
            }
            return method.getName().startsWith("is") ? Boolean.FALSE : null;
        }));
        return goal;
    }

    /** {@code mvn verify}: the sample project's executions bind all four goals to phases verify reaches. */
    @SuppressWarnings("deprecation")
    private static MavenSession session(int build) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setGoals(List.of("verify"));
        request.setUserProperties(new Properties());
        request.setStartTime(new Date(1_800_000_000_000L + 1000L * build));
        return new MavenSession(null, request, new DefaultMavenExecutionResult(), List.of());
    }

    /** The sample project's POM: generate-data, load-ducklake and run-models in one execution, verify-metrics in another. */
    static MavenProject mavenProject() {
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.testbed");
        plugin.setArtifactId(PLUGIN);
        PluginExecution warehouse = new PluginExecution();
        warehouse.setId("build-warehouse");
        warehouse.setGoals(List.of("generate-data", "load-ducklake", "run-models"));
        PluginExecution verify = new PluginExecution();
        verify.setId("verify-warehouse");
        verify.setGoals(List.of("verify-metrics"));
        plugin.addExecution(warehouse);
        plugin.addExecution(verify);
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return new MavenProject(model);
    }

    static MojoExecution execution(String goal) {
        PluginDescriptor plugin = new PluginDescriptor();
        plugin.setGroupId("dev.testbed");
        plugin.setArtifactId(PLUGIN);
        MojoDescriptor mojo = new MojoDescriptor();
        mojo.setGoal(goal);
        mojo.setPluginDescriptor(plugin);
        return new MojoExecution(mojo);
    }
}
