package dev.testbed.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packages.yml / dependencies.yml: local packages and packages installed under dbt_packages/, read from real folders. */
class PackagesTest {

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Project load() {
        return ProjectLoader.load(dir, warnings::add);
    }

    @BeforeEach
    void rootProject() throws IOException {
        write("dbt_project.yml", """
                name: shop
                models:
                  shop:
                    +materialized: table
                  util:
                    +schema: util
                    staging:
                      +tags: [from_root]
                vars:
                  everywhere: 1
                  shop:
                    mine: root_only
                  util:
                    multiplier: 3
                """);
        write("models/orders.sql", "select 1 as id");
        write("util/dbt_project.yml", """
                name: util
                models:
                  util:
                    +materialized: view
                    staging:
                      +tags: [from_package]
                vars:
                  multiplier: 2
                  only_here: 7
                """);
        write("util/models/staging/util_orders.sql", "select * from {{ ref('orders') }}");
        write("util/macros/money.sql", "{% macro cents(x) %}{{ x }} * 100{% endmacro %}");
        write("dbt_packages/vendored/dbt_project.yml", "name: vendored\n");
        write("dbt_packages/vendored/macros/label.sql", "{% macro label(x) %}upper({{ x }}){% endmacro %}");
        write("dbt_packages/vendored/seeds/countries.csv", "code\nNL\n");
    }

    @Test
    void localAndInstalledPackagesJoinTheProjectWithTheirOwnMacrosConfigAndVars() throws IOException {
        write("packages.yml", "packages:\n  - local: util\n  - package: acme/vendored\n    version: 1.0.0\n");

        Project project = load();

        assertEquals(List.of("orders", "util_orders"), project.models().stream().map(ModelFile::name).toList());
        assertEquals("util/models/staging/util_orders.sql", project.models().get(1).relativePath());
        assertEquals(List.of("countries"), project.seeds().stream().map(SeedFile::name).toList());
        assertEquals("util", project.packageOf("util_orders"));
        assertEquals("vendored", project.packageOf("countries"));
        assertEquals("shop", project.packageOf("orders"));
        assertEquals(List.of("util", "vendored"), project.packages().stream().map(Package::name).toList());
        assertEquals(List.of("util/macros/money.sql"), project.dependency("util").macros().stream().map(MacroFile::relativePath).toList());
        assertEquals(List.of(), project.macros(), "package macros stay out of the root's namespace");
        // the package's own config, then the root's entries under the package's name; the root's own entries do not reach it
        Map<String, Object> config = project.folderConfig().get("util_orders");
        assertEquals("view", config.get("materialized"));
        assertEquals("util", config.get("schema"));
        assertEquals(List.of("from_package", "from_root"), config.get("tags"));
        assertEquals("table", project.folderConfig().get("orders").get("materialized"));
        // dbt's var scoping: the package's own, the root's global ones, the root's scoped to the package
        assertEquals(Map.of("multiplier", 3, "only_here", 7, "everywhere", 1), project.dependency("util").vars());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aDeclaredPackageThatIsNotInstalledFailsNamingItAndHowToInstallIt() throws IOException {
        write("packages.yml", "packages:\n  - local: util\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n");

        TestbedException e = assertThrows(TestbedException.class, this::load);

        assertTrue(e.getMessage().startsWith("packages.yml, line 3: package 'dbt-labs/dbt_utils' (version [>=1.0.0, <2.0.0]) is not installed in dbt_packages/"),
                e.getMessage());
        assertTrue(e.suggestion().contains("Run 'dbt deps'") && e.suggestion().contains("local:"), e.suggestion());
    }

    @Test
    void aGitPackageIsCountedAgainstTheInstalledFoldersAsDbtCountsThem() throws IOException {
        write("dependencies.yml", "packages:\n  - package: acme/vendored\n    version: 1.0.0\n  - git: https://example.com/x.git\n    revision: v1\n");

        TestbedException e = assertThrows(TestbedException.class, this::load);

        assertTrue(e.getMessage().startsWith("dependencies.yml, line 4: package 'https://example.com/x.git' (revision v1) is not installed"), e.getMessage());
    }

    @Test
    void aMissingLocalFolderFailsNamingTheEntry() throws IOException {
        write("packages.yml", "packages:\n  - local: ../nowhere\n");

        TestbedException e = assertThrows(TestbedException.class, this::load);

        assertTrue(e.getMessage().startsWith("packages.yml, line 2: the package folder ") && e.getMessage().contains("has no dbt_project.yml"),
                e.getMessage());
    }

    @Test
    void aPackageNodeNamedLikeARootNodeFailsNamingBothFiles() throws IOException {
        write("packages.yml", "packages:\n  - local: util\n");
        write("util/models/orders.sql", "select 2 as id");

        TestbedException e = assertThrows(TestbedException.class, this::load);

        assertTrue(e.getMessage().contains("Two nodes are named 'orders': models/orders.sql and util/models/orders.sql"), e.getMessage());
    }

    @Test
    void aPackageNodesFileIsNamedInItsPackageForArtifacts() throws IOException {
        write("packages.yml", "packages:\n  - local: util\n  - package: acme/vendored\n    version: 1.0.0\n");
        write("util/tests/no_negative.sql", "select 1 where false");
        write("util/tests/generic/positive.sql", "{% test positive(model, column_name) %}select 1{% endtest %}");
        write("dbt_packages/vendored/dbt_project.yml", "name: vendored\non-run-end: [\"select 1\"]\n");

        Project project = load();

        assertEquals("models/staging/util_orders.sql", project.pathInPackage("util_orders", "util/models/staging/util_orders.sql"));
        assertEquals("seeds/countries.csv", project.pathInPackage("countries", "dbt_packages/vendored/seeds/countries.csv"));
        assertEquals("models/orders.sql", project.pathInPackage("orders", "models/orders.sql"));
        assertEquals(List.of(), warnings, "a package's singular tests and hooks run, as in dbt");
        assertTrue(project.dependency("util").macros().stream().anyMatch(m -> m.relativePath().equals("util/tests/generic/positive.sql")),
                "a package's tests/generic/ holds macros, as the project's does");
    }
}
