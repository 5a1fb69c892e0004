package dev.testbed.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading dbt-style projects from real files. */
class ProjectLoaderTest {

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void withoutProjectFileUsesDbtDefaults() throws IOException {
        Path root = dir.resolve("shop");
        write("shop/models/staging/stg_sales.sql", "select * from {{ source('raw', 'raw_sales') }}");
        write("shop/models/customer_metrics.sql", "select 1");
        write("shop/models/notes.md", "not a model");
        write("shop/macros/cents.sql", "{% macro cents(x) %}{{ x }} * 100{% endmacro %}");

        Project project = ProjectLoader.load(root);

        assertEquals(root.toAbsolutePath(), project.root());
        assertEquals("shop", project.name());
        assertEquals(List.of("customer_metrics", "stg_sales"), project.models().stream().map(ModelFile::name).toList());
        ModelFile stg = project.models().get(1);
        assertEquals("models/staging/stg_sales.sql", stg.relativePath());
        assertEquals(root.resolve("models/staging/stg_sales.sql").toAbsolutePath(), stg.path());
        assertEquals("select * from {{ source('raw', 'raw_sales') }}", stg.sql());
        assertEquals(1, project.macros().size());
        assertEquals("macros/cents.sql", project.macros().get(0).relativePath());
        assertTrue(project.macros().get(0).text().contains("macro cents"));
        assertTrue(project.vars().isEmpty());
        assertTrue(project.sources().isEmpty());
        assertEquals(Map.of("customer_metrics", Map.of(), "stg_sales", Map.of()), project.folderConfig());
    }

    @Test
    void folderConfigDeeperFoldersWinAndTagsAccumulate() throws IOException {
        write("dbt_project.yml", """
                name: shop
                model-paths: ["transform"]
                vars:
                  start_date: '2024-01-01'
                  shop:
                    currency: EUR
                models:
                  shop:
                    +materialized: view
                    +tags: base
                    staging:
                      +schema: staging
                      +tags: [stg, nightly]
                    marts:
                      materialized: table
                      tags: [mart, base]
                      +meta: {owner: ana}
                      finance:
                        +materialized: incremental
                        +meta: {team: fin}
                        revenue:
                          +enabled: false
                    stagin:
                      +tags: typo
                """);
        write("transform/staging/stg_sales.sql", "select 1");
        write("transform/marts/finance/revenue.sql", "select 2");
        write("transform/marts/finance/costs.sql", "select 3");
        write("transform/top.sql", "select 4");
        List<String> warnings = new ArrayList<>();

        Project project = ProjectLoader.load(dir, warnings::add);

        assertEquals("shop", project.name());
        assertEquals(Map.of("materialized", "view", "tags", List.of("base")), project.folderConfig().get("top"));
        assertEquals(Map.of("materialized", "view", "schema", "staging", "tags", List.of("base", "stg", "nightly")),
                project.folderConfig().get("stg_sales"));
        Map<String, Object> costs = project.folderConfig().get("costs");
        assertEquals("incremental", costs.get("materialized"));
        assertEquals(List.of("base", "mart"), costs.get("tags"));
        assertEquals(Map.of("owner", "ana", "team", "fin"), costs.get("meta"));
        assertFalse(costs.containsKey("enabled"));
        assertEquals(false, project.folderConfig().get("revenue").get("enabled"));
        assertEquals("2024-01-01", project.vars().get("start_date"));
        assertEquals("EUR", project.vars().get("currency"), "the project's own scoped vars apply");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'stagin' matches no model"), warnings.get(0));
    }

    @Test
    void configWrittenDirectlyUnderModelsIsAccepted() throws IOException {
        write("dbt_project.yml", """
                name: shop
                models:
                  +materialized: table
                  staging:
                    +materialized: view
                """);
        write("models/staging/stg_sales.sql", "select 1");
        write("models/sales_report.sql", "select 2");

        Project project = ProjectLoader.load(dir);

        assertEquals("view", project.folderConfig().get("stg_sales").get("materialized"));
        assertEquals("table", project.folderConfig().get("sales_report").get("materialized"));
    }

    @Test
    void sourcesDefaultSchemaToSourceNameAndIdentifierToTableName() throws IOException {
        write("models/staging/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: raw_sales
                        description: One row per sale line.
                        columns:
                          - name: transaction_id
                            tests: [not_null]
                            data_tests: [unique]
                      - name: customers
                        identifier: raw_customers
                  - name: crm
                    schema: crm_prod
                    database: ignored
                    tables:
                      - name: accounts
                        data_tests:
                          - dbt_utils.recency: {datepart: day, field: updated_at, interval: 1}
                """);
        write("models/staging/stg_sales.sql", "select 1");

        Project project = ProjectLoader.load(dir);

        assertEquals(3, project.sources().size());
        SourceTable sales = project.sources().get(0);
        assertEquals(new SourceKey("raw", "raw_sales"), sales.key());
        assertEquals("raw", sales.schema());
        assertEquals("raw_sales", sales.identifier());
        assertEquals("One row per sale line.", sales.description());
        assertEquals(List.of(new ColumnProperties("transaction_id", "", null, List.of("not_null", "unique"))), sales.columns());
        assertEquals(dir.resolve("models/staging/sources.yml").toAbsolutePath(), sales.definedIn());
        SourceTable customers = project.sources().get(1);
        assertEquals("raw_customers", customers.identifier());
        assertEquals("", customers.description());
        SourceTable accounts = project.sources().get(2);
        assertEquals("crm_prod", accounts.schema());
        assertEquals(List.of(Map.of("dbt_utils.recency", Map.of("datepart", "day", "field", "updated_at", "interval", 1))), accounts.tests());
    }

    @Test
    void modelPropertiesAreReadAndOrphansWarnWithASuggestion() throws IOException {
        write("models/marts/schema.yaml", """
                version: 2
                x-columns: &money
                  data_type: decimal(12,2)
                  data_tests: [not_null]
                models:
                  - name: customer_metrics
                    description: One row per current customer.
                    config:
                      materialized: table
                      +tags: [metrics]
                    data_tests:
                      - dbt_utils.expression_is_true: {expression: "lifetime_value >= 0"}
                    columns:
                      - name: customer_id
                        description: The key.
                        data_type: bigint
                        tests:
                          - unique
                          - relationships: {to: ref('stg_customers'), field: customer_id}
                      - name: lifetime_value
                        <<: *money
                  - name: store_metric
                """);
        write("models/marts/customer_metrics.sql", "select 1");
        write("models/marts/store_metrics.sql", "select 1");
        List<String> warnings = new ArrayList<>();

        Project project = ProjectLoader.load(dir, warnings::add);

        ModelProperties metrics = project.properties().get("customer_metrics");
        assertEquals("One row per current customer.", metrics.description());
        // dbt-core 1.11.4 takes a properties file's config keys literally: '+tags' there tags nothing (dbt ls -s tag:metrics
        // selects no node), so it is left out, with a warning naming the file and line
        assertEquals(Map.of("materialized", "table"), metrics.config());
        assertEquals(List.of(Map.of("dbt_utils.expression_is_true", Map.of("expression", "lifetime_value >= 0"))), metrics.tests());
        assertEquals(new ColumnProperties("customer_id", "The key.", "bigint",
                List.of("unique", Map.of("relationships", Map.of("to", "ref('stg_customers')", "field", "customer_id")))), metrics.columns().get(0));
        assertEquals(new ColumnProperties("lifetime_value", "", "decimal(12,2)", List.of("not_null")), metrics.columns().get(1),
                "YAML anchors and merge keys are resolved");
        assertEquals(dir.resolve("models/marts/schema.yaml").toAbsolutePath(), metrics.definedIn());
        assertTrue(project.properties().containsKey("store_metric"), "kept, as the loader keeps going");
        assertEquals(2, warnings.size(), warnings.toString());
        assertEquals("models/marts/schema.yaml, line 10: config '+tags' of model 'customer_metrics' is ignored, as dbt ignores it: the '+' prefix"
                + " belongs to dbt_project.yml; write 'tags:' here", warnings.get(0));
        assertTrue(warnings.get(1).startsWith("models/marts/schema.yaml, line 22: properties for 'store_metric'"), warnings.get(1));
        assertTrue(warnings.get(1).endsWith("Did you mean 'store_metrics'?"), warnings.get(1));
    }

    @Test
    void twoModelsWithTheSameNameFailNamingBothFiles() throws IOException {
        write("models/staging/stg_sales.sql", "select 1");
        write("models/legacy/stg_sales.sql", "select 2");

        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));

        assertTrue(e.getMessage().contains("Two models are named 'stg_sales': models/legacy/stg_sales.sql and models/staging/stg_sales.sql"),
                e.getMessage());
        assertTrue(e.suggestion().contains("rename one"), e.suggestion());
    }

    @Test
    void aSourceTableDeclaredTwiceFailsNamingBothPlaces() throws IOException {
        write("models/a.sql", "select 1");
        write("models/one.yml", "sources:\n  - name: raw\n    tables:\n      - name: raw_sales\n");
        write("models/two.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: raw_stores\n      - name: raw_sales\n");

        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));

        assertTrue(e.getMessage().contains("raw.raw_sales is declared twice: models/one.yml, line 4 and models/two.yml, line 6"), e.getMessage());
    }

    @Test
    void dispatchEntriesAreReadAndAnEntryWithoutSearchOrderFailsNamingTheLine() throws IOException {
        write("dbt_project.yml", "name: shop\ndispatch:\n  - macro_namespace: dbt_utils\n    search_order: [shop, dbt_utils]\n");
        write("models/m.sql", "select 1");
        Project project = ProjectLoader.load(dir);
        assertEquals(List.of(new Dispatch("dbt_utils", List.of("shop", "dbt_utils"))), project.dispatch());
        assertEquals(List.of("shop", "dbt_utils"), project.searchOrder("dbt_utils"));
        assertEquals(null, project.searchOrder("dbt"));

        write("dbt_project.yml", "name: shop\ndispatch:\n  - macro_namespace: dbt_utils\n");
        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));
        assertTrue(e.getMessage().contains("dbt_project.yml, line 3") && e.getMessage().contains("the dispatch entry for 'dbt_utils' needs a search_order"),
                e.getMessage());
    }

    @Test
    void invalidYamlIsReportedWithFileAndLine() throws IOException {
        write("models/a.sql", "select 1");
        write("models/staging/schema.yml", """
                version: 2
                models:
                  - name: a
                    description: "unclosed
                  - name: b
                """);

        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));

        assertTrue(e.getMessage().startsWith("Invalid YAML in models/staging/schema.yml, line "), e.getMessage());
        assertTrue(e.suggestion().contains("indentation"), e.suggestion());
    }

    @Test
    void invalidYamlInTheProjectFileNamesTheLine() throws IOException {
        write("models/a.sql", "select 1");
        write("dbt_project.yml", "name: shop\nmodels:\n  shop:\n    +materialized: view\n   +tags: [x]\n");

        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));

        assertTrue(e.getMessage().startsWith("Invalid YAML in dbt_project.yml, line 5"), e.getMessage());
    }

    @Test
    void wronglyShapedPropertiesNameFileAndLine() throws IOException {
        write("models/a.sql", "select 1");
        write("models/schema.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - description: no name\n");

        TestbedException e = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));

        assertTrue(e.getMessage().startsWith("models/schema.yml, line 5: a table of source 'raw' has no 'name'"), e.getMessage());
    }

    @Test
    void aMissingFolderOrModelPathIsAClearError() throws IOException {
        TestbedException missing = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        write("dbt_project.yml", "name: shop\nmodel-paths: [transform, more]\n");
        TestbedException noModels = assertThrows(TestbedException.class, () -> ProjectLoader.load(dir));
        assertTrue(noModels.getMessage().contains("looked for transform/, more/"), noModels.getMessage());
        assertTrue(noModels.suggestion().contains("model-paths"), noModels.suggestion());
    }

    @Test
    void aDuplicatedYamlKeyWarnsAndTheLaterValueWins() throws IOException {
        write("models/a.sql", "select 1");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: a\n    description: first\n    description: second\n");
        List<String> warnings = new ArrayList<>();

        Project project = ProjectLoader.load(dir, warnings::add);

        assertEquals("second", project.properties().get("a").description());
        assertEquals(List.of("models/schema.yml, line 5: key 'description' appears twice in the same mapping; the later value is used"), warnings);
    }
}
