package dev.testbed.project;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** require-dbt-version in the root project and in a package, as dbt-core 1.11.4 accepts or refuses it. */
class RequiredDbtVersionTest {

    @TempDir
    Path project;

    @org.junit.jupiter.api.BeforeEach
    void model() throws IOException {
        write("models/orders.sql", "select 1 as id\n");
    }

    @Test
    void rangesThatHoldDbt1114AreAcceptedAsDbtAcceptsThem() throws IOException {
        for (String required : new String[] {"'>=1.3.0'", "['>=1.3.0', '<2.0.0']", "'1.11.4'", "['>1.11.3', '<=1.11.4']", "'<1.11.5-b1'"}) {
            write("dbt_project.yml", "name: shop\nrequire-dbt-version: " + required + "\n");
            assertDoesNotThrow(() -> ProjectLoader.load(project), required);
        }
    }

    @Test
    void aPackageMadeForAnotherDbtFailsWithDbtsMessageNamingThePackage() throws IOException {
        write("dbt_project.yml", "name: shop\n");
        write("packages.yml", "packages:\n  - local: old_utils\n");
        write("old_utils/dbt_project.yml", "name: old_utils\nrequire-dbt-version: ['>=0.20.0', '<1.0.0']\n");
        write("old_utils/models/old.sql", "select 1 as id\n");

        TestbedException error = assertThrows(TestbedException.class, () -> ProjectLoader.load(project));

        assertTrue(error.getMessage().contains("This version of dbt is not supported with the 'old_utils' package.")
                && error.getMessage().contains("Required version of dbt for 'old_utils': [>=0.20.0, <1.0.0]")
                && error.getMessage().contains("dbt_project.yml, line 2"), error.getMessage());
    }

    @Test
    void aSpecifierDbtCannotReadFailsNamingTheLine() throws IOException {
        write("dbt_project.yml", "name: shop\nrequire-dbt-version: '>=1.3'\n");

        TestbedException error = assertThrows(TestbedException.class, () -> ProjectLoader.load(project));

        assertTrue(error.getMessage().contains("dbt_project.yml, line 2: require-dbt-version: '>=1.3' is not a version specifier"), error.getMessage());
    }

    private void write(String path, String text) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
