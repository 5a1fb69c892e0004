package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.ExtensionIndex;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate-data and load-ducklake run as Maven runs them in one invocation: the load takes the files generate-data just
 * wrote without decoding them; a second invocation, whose generate-data found the data up to date, decodes them.
 */
class GenerateThenLoadTest {

    @TempDir
    Path project;
    final List<String> log = new ArrayList<>();

    @Test
    void oneInvocationTrustsWhatItsGenerateDataWroteAndTheNextDecodes() throws Exception {
        build(1, new Properties());
        List<String> tables = tableLines();
        assertEquals(4, tables.size(), log.toString());
        assertTrue(tables.stream().allMatch(line -> line.contains("written by generate-data in this build, not decoded again")), tables.toString());

        log.clear();
        Properties force = new Properties();
        force.setProperty("testbed.load.force", "true");
        build(2, force);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("Data is up to date")), log.toString());
        assertEquals(4, tableLines().size(), log.toString());
        assertTrue(tableLines().stream().noneMatch(line -> line.contains("not decoded again")), "nothing written in this build: " + tableLines());
    }

    @Test
    void generateDataHoldsNothingForALoadThatIsSkipped() throws Exception {
        Properties skipLoad = new Properties();
        skipLoad.setProperty("testbed.load.skip", "true");
        MavenSession session = session(3, skipLoad);
        generate(session).execute();
        assertTrue(HeldWrittenFiles.take(session, project.resolve("target/testbed-data").toFile()).isEmpty());
    }

    private List<String> tableLines() {
        return log.stream().filter(line -> line.startsWith("  raw.raw_")).toList();
    }

    private void build(int number, Properties properties) throws Exception {
        MavenSession session = session(number, properties);
        generate(session).execute();
        LoadDuckLakeMojo load = new LoadDuckLakeMojo();
        load.basedir = project.toFile();
        load.projectDirectory = project.toFile();
        load.buildDirectory = project.resolve("target").toFile();
        load.catalogServerId = "testbed-catalog";
        load.s3ServerId = "testbed-s3";
        load.session = session;
        load.dataDirectory = project.resolve("target/testbed-data").toFile();
        load.mode = "auto";
        load.requireManifest = true;
        load.force = Boolean.parseBoolean(properties.getProperty("testbed.load.force"));
        load.project = OneDuckDbPerBuildTest.mavenProject();
        load.mojoExecution = OneDuckDbPerBuildTest.execution("load-ducklake");
        prepare(load).execute();
    }

    private GenerateDataMojo generate(MavenSession session) {
        GenerateDataMojo generate = new GenerateDataMojo();
        generate.dataDirectory = project.resolve("target/testbed-data").toFile();
        generate.seed = 42;
        generate.scale = 1;
        generate.customers = 300L;
        generate.stores = 8L;
        generate.products = 60L;
        generate.sales = 5_000L;
        generate.startDate = "2023-01-01";
        generate.endDate = "2025-12-31";
        generate.rowsPerFile = 10_000_000;
        generate.day = 1;
        generate.session = session;
        generate.project = OneDuckDbPerBuildTest.mavenProject();
        generate.mojoExecution = OneDuckDbPerBuildTest.execution("generate-data");
        return prepare(generate);
    }

    private <T extends AbstractTestbedMojo> T prepare(T goal) {
        goal.extensionIndex = ExtensionIndex.DEFAULT_URL;
        goal.projectBuildDirectory = project.resolve("target").toFile();
        ((AbstractMojo) goal).setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
            if (method.getName().equals("info") && args.length > 0) {
                log.add(String.valueOf(args[0]));
            }
            return method.getName().startsWith("is") ? Boolean.FALSE : null;
        }));
        return goal;
    }

    /** {@code mvn process-resources}: generate-data and then load-ducklake of the sample project's executions. */
    @SuppressWarnings("deprecation")
    private static MavenSession session(int build, Properties userProperties) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setGoals(List.of("process-resources"));
        request.setUserProperties(userProperties);
        request.setStartTime(new Date(1_900_000_000_000L + 1000L * build));
        return new MavenSession(null, request, new DefaultMavenExecutionResult(), List.of());
    }
}
