package dev.testbed.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI workspaces (Jenkins, GitHub Actions) put checkouts under long paths. PostgreSQL refuses a Unix socket path over
 * 107 bytes, so a server whose socket lived in its data folder under target/ failed to start there, and with it the
 * whole test command. The IT servers must start wherever the checkout is.
 */
class TestServersLongPathTest {

    @Test
    void postgresStartsUnderAPathOfMoreThan150Characters(@TempDir Path temp) throws Exception {
        try {
            TestServers.postgresBin();
        } catch (IllegalStateException notInstalled) {
            Assumptions.abort("PostgreSQL is not installed here (.ci/run installs it): " + notInstalled.getMessage());
        }
        Path root = temp.resolve("a-workspace-path-as-long-as-jenkins-or-github-actions-make-them")
                .resolve("for-one-job-of-a-pipeline-with-a-long-name").resolve("testbed-maven-plugin/target/it-servers");
        assertTrue(root.toAbsolutePath().toString().length() >= 150, root + " should be at least 150 characters");
        Files.createDirectories(root);
        // as in a checkout, the server's user (postgres, when the build runs as root) can reach the folder; else
        // TestServers falls back to a short folder of its own in /tmp and the long path would not be tested
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Properties properties = new Properties();
        TestServers.startPostgres(root, properties);
        try (OutputStream out = Files.newOutputStream(root.resolve(TestServers.PROPERTIES))) {
            properties.store(out, "PostgreSQL only");
        }
        try {
            TestServers servers = TestServers.load(root);
            assertTrue(Path.of(properties.getProperty("pg.data")).startsWith(root), "the server's data must be under the long path");
            servers.createDatabase("long_path");
            assertEquals(List.of("42"), servers.query("long_path", "SELECT 40 + 2"));
        } finally {
            TestServers.stop(root);
        }
    }
}
