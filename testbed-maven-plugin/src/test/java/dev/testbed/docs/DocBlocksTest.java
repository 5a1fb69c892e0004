package dev.testbed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;
import dev.testbed.results.RunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs blocks ({@code {% docs name %}} in .md files) used through {@code doc()} in descriptions, rendered into manifest.json
 * and the docs site as dbt renders them (issue 13). Expected texts are the blocks' own texts, stripped, as dbt documents
 * block_contents; dbt's default docs paths are every resource path.
 */
class DocBlocksTest {

    private static final String STATUS = "One of:\n\n| status | meaning |\n|---|---|\n| placed | not shipped |";

    @TempDir
    Path work;
    Path project;
    LakeLocation location;

    @BeforeEach
    void createProject() throws Exception {
        project = work.resolve("project");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        TestData.sql(location, "CREATE SCHEMA lake.raw", "CREATE TABLE lake.raw.orders AS SELECT 1 AS id, 'placed' AS status");
        TestData.write(project, "dbt_project.yml", "name: shop\n");
        TestData.write(project, "models/orders.md", "{% docs orders %}\n  One row per **order**.\n{% enddocs %}\n\n{% docs status %}\n" + STATUS + "\n{% enddocs %}\n");
        // not under the model paths: found because dbt's default docs paths are all resource paths, macros/ included
        TestData.write(project, "macros/shared.md", "{%- docs order_id -%} The order's id. {%- enddocs -%}");
        TestData.write(project, "models/orders.sql", "select * from {{ source('raw', 'orders') }}");
        TestData.write(project, "seeds/codes.csv", "code\n1\n");
        TestData.write(project, "models/schema.yml", """
                version: 2
                sources:
                  - name: raw
                    description: "Loaded nightly. {{ doc('order_id') }}"
                    tables:
                      - name: orders
                        description: "Raw: {{ doc('orders') }}"
                        columns:
                          - name: id
                            description: '{{ doc("order_id") }}'
                models:
                  - name: orders
                    description: "{{ doc('orders') }}"
                    columns:
                      - name: id
                        description: "{{ doc('shop', 'order_id') }}"
                      - name: status
                        description: |
                          {{ doc('status') }}
                      - name: plain
                        description: "no Jinja: {not rendered}"
                seeds:
                  - name: codes
                    description: "{{ doc('order_id') }}"
                """);
    }

    @Test
    void descriptionsUsingDocAreTheBlocksTextsInManifestJson() throws Exception {
        RunResult result = run();

        assertFalse(result.failed(), result::failureSummary);
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        JsonNode model = manifest.get("nodes").get("model.shop.orders");
        assertEquals("One row per **order**.", model.get("description").asText());
        assertEquals("The order's id.", model.get("columns").get("id").get("description").asText());
        assertEquals(STATUS, model.get("columns").get("status").get("description").asText(), "a block scalar's one trailing newline dropped, as Jinja does");
        assertEquals("no Jinja: {not rendered}", model.get("columns").get("plain").get("description").asText());
        assertEquals("The order's id.", manifest.get("nodes").get("seed.shop.codes").get("description").asText());
        JsonNode source = manifest.get("sources").get("source.shop.raw.orders");
        assertEquals("Raw: One row per **order**.", source.get("description").asText());
        assertEquals("Loaded nightly. The order's id.", source.get("source_description").asText(), "the source's own description, as dbt names it");
        assertEquals("The order's id.", source.get("columns").get("id").get("description").asText());

        JsonNode doc = manifest.get("docs").get("doc.shop.status");
        assertEquals(Map.of("name", "status", "resource_type", "doc", "package_name", "shop", "path", "orders.md",
                "original_file_path", "models/orders.md", "unique_id", "doc.shop.status", "block_contents", STATUS),
                new ObjectMapper().convertValue(doc, Map.class));
        assertEquals("macros/shared.md", manifest.get("docs").get("doc.shop.order_id").get("original_file_path").asText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocsSiteShowsTheRenderedDescriptions() {
        Map<String, Object> site = new DocsGenerator(DuckDbSettings.defaults(), TestData.QUIET).siteData(new DocsRequest(project, location,
                target(), Map.of(), work.resolve("out"), work.resolve("site")));

        Map<String, Object> model = ((List<Map<String, Object>>) site.get("assets")).stream().filter(a -> "model:orders".equals(a.get("id")))
                .findFirst().orElseThrow();
        assertEquals("One row per **order**.", model.get("description"));
        assertTrue(((List<Map<String, Object>>) model.get("columns")).stream().anyMatch(c -> STATUS.equals(c.get("description"))), model::toString);
    }

    @Test
    void anUnknownDocFailsAsInDbtNamingTheFileAndLine() throws Exception {
        TestData.write(project, "models/more.yml", """
                version: 2
                models:
                  - name: other
                    description: "{{ doc('statuz') }}"
                """);
        TestData.write(project, "models/other.sql", "select 1 as id");

        TestbedException failure = assertThrows(TestbedException.class, this::run);

        String message = failure.getMessage() + " " + failure.suggestion();
        assertTrue(message.contains("models/more.yml, line 4") && message.contains("Documentation for 'model.shop.other' depends on doc 'statuz'")
                && message.contains("which was not found") && message.contains("doc('status')"), message);
    }

    @Test
    void aPackagesDocsBlocksAreFoundAsDbtResolvesDocTheRootProjectsFirst() throws Exception {
        TestData.write(project, "packages.yml", "packages:\n  - local: util\n");
        TestData.write(project, "util/dbt_project.yml", "name: util\n");
        TestData.write(project, "util/models/util.md", "{% docs util_orders %}Orders as util sees them.{% enddocs %}\n"
                + "{% docs order_id %}util's order id.{% enddocs %}\n{% docs util_only %}Only util says this.{% enddocs %}\n");
        TestData.write(project, "util/models/util_orders.sql", "select 1 as id, 2 as amount");
        TestData.write(project, "util/models/schema.yml", """
                version: 2
                models:
                  - name: util_orders
                    description: "{{ doc('util_orders') }}"
                    columns:
                      - name: id
                        description: "{{ doc('order_id') }}"
                      - name: amount
                        description: "{{ doc('util', 'order_id') }}"
                """);
        TestData.write(project, "models/more.yml", """
                version: 2
                models:
                  - name: plain
                    description: "{{ doc('util', 'util_orders') }} {{ doc('util_only') }}"
                """);
        TestData.write(project, "models/plain.sql", "select 1 as id");

        RunResult result = run();

        assertFalse(result.failed(), result::failureSummary);
        JsonNode manifest = new ObjectMapper().readTree(work.resolve("out/manifest.json").toFile());
        JsonNode packaged = manifest.get("nodes").get("model.util.util_orders");
        assertEquals("Orders as util sees them.", packaged.get("description").asText());
        assertEquals("The order's id.", packaged.get("columns").get("id").get("description").asText(),
                "a bare doc() in a package's node finds the root project's block before the package's own, as in dbt 1.11");
        assertEquals("util's order id.", packaged.get("columns").get("amount").get("description").asText());
        assertEquals("Orders as util sees them. Only util says this.", manifest.get("nodes").get("model.shop.plain").get("description").asText(),
                "the root finds a package's block by the package's name, and by the bare name when the root has none");
        assertEquals("util", manifest.get("docs").get("doc.util.order_id").get("package_name").asText());
        assertEquals("models/util.md", manifest.get("docs").get("doc.util.order_id").get("original_file_path").asText());
        assertEquals("The order's id.", manifest.get("docs").get("doc.shop.order_id").get("block_contents").asText());
    }

    @Test
    void docsPathsReplaceTheDefaultFolders() throws Exception {
        TestData.write(project, "dbt_project.yml", "name: shop\ndocs-paths: [\"models\"]\n");

        TestbedException failure = assertThrows(TestbedException.class, this::run);

        assertTrue(failure.getMessage().contains("depends on doc 'order_id'"), failure.getMessage());
    }

    private RunResult run() {
        RunRequest request = new RunRequest(project, location, target(), Map.of(), null, null, false, work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request);
    }

    private static Target target() {
        return new Target("dev", "main", Lake.ALIAS);
    }
}
