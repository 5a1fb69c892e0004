package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.ExtensionIndex;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs folder's property was renamed to match its parameter; scripts that still give the old name keep working, warned. */
class DocsMojoTest {

    @TempDir
    Path work;

    private final List<String> warnings = new ArrayList<>();
    private final DocsMojo docs = new DocsMojo();

    @BeforeEach
    void aProjectWithOneModelAndNoWarehouseYet() throws Exception {
        Files.createDirectories(work.resolve("models"));
        Files.writeString(work.resolve("models/orders.sql"), "select 1 as id");
        docs.basedir = work.toFile();
        docs.projectDirectory = work.toFile();
        docs.catalog = work.resolve("target/lake/warehouse.ducklake").toString();
        docs.dataPath = work.resolve("target/lake/data/").toString();
        docs.catalogServerId = "testbed-catalog";
        docs.s3ServerId = "testbed-s3";
        docs.target = "dev";
        docs.targetSchema = "main";
        docs.extensionIndex = ExtensionIndex.DEFAULT_URL;
        docs.outputDirectory = work.resolve("target/testbed").toFile();
        docs.docsDirectory = work.resolve("target/testbed/docs").toFile();
        docs.setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
            if (method.getName().equals("warn")) {
                warnings.add(String.valueOf(args[0]));
            }
            return method.getName().startsWith("is") ? Boolean.TRUE : null;
        }));
    }

    private void commandLine(String... properties) {
        Properties user = new Properties();
        for (int i = 0; i < properties.length; i += 2) {
            user.setProperty(properties[i], properties[i + 1]);
        }
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, new DefaultMavenExecutionRequest().setUserProperties(user), null);
        docs.session = session;
    }

    @Test
    void theOldPropertyStillPlacesTheSiteAndSaysWhatToUseInstead() throws Exception {
        commandLine("testbed.docs.outputDirectory", "old-site");

        docs.execute();

        assertTrue(Files.isRegularFile(work.resolve("old-site/index.html")), "the site goes where the old property says");
        assertFalse(Files.exists(work.resolve("target/testbed/docs/index.html")));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("testbed.docs.outputDirectory is deprecated: use testbed.docsDirectory")), warnings.toString());
    }

    @Test
    void theNewPropertyWinsOverTheOld() throws Exception {
        commandLine("testbed.docs.outputDirectory", "old-site", "testbed.docsDirectory", "new-site");
        docs.docsDirectory = work.resolve("new-site").toFile(); // what Maven injects from -Dtestbed.docsDirectory

        docs.execute();

        assertTrue(Files.isRegularFile(work.resolve("new-site/index.html")));
        assertFalse(Files.exists(work.resolve("old-site")));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("testbed.docs.outputDirectory is deprecated and ignored")), warnings.toString());
    }

    @Test
    void withoutTheOldPropertyNothingIsSaid() throws Exception {
        commandLine();

        docs.execute();

        assertTrue(Files.isRegularFile(work.resolve("target/testbed/docs/index.html")));
        assertFalse(warnings.stream().anyMatch(w -> w.contains("deprecated")), warnings.toString());
    }
}
