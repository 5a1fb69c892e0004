package dev.testbed.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where snapshots are read from, as dbt reads them: blocks under the snapshot paths, YAML entries with a relation. */
class SnapshotFilesTest {

    @TempDir
    Path project;

    @Test
    void blocksUnderTheSnapshotPathsAndYamlSnapshotsAreReadWithTheirFolderConfigAndLines() throws Exception {
        TestData.write(project, "dbt_project.yml", """
                name: shop
                snapshot-paths: ["history"]
                snapshots:
                  shop:
                    +tags: [history]
                    customers:
                      +strategy: check
                """);
        TestData.write(project, "models/orders.sql", "select 1 as id\n");
        TestData.write(project, "history/customers/two.sql", """
                -- two blocks in one file

                {% snapshot first_history %}
                select * from {{ ref('orders') }}
                {% endsnapshot %}
                {%- snapshot second_history -%}select 2 as id{%- endsnapshot -%}
                """);
        TestData.write(project, "history/props.yml", """
                version: 2
                snapshots:
                  - name: orders_history
                    relation: ref('orders')
                    config: {unique_key: id, strategy: timestamp, updated_at: id}
                  - name: first_history
                    description: the first
                """);
        List<String> warnings = new ArrayList<>();
        Project loaded = ProjectLoader.load(project, warnings::add);

        assertEquals(List.of("first_history", "orders_history", "second_history"), loaded.snapshots().stream().map(ModelFile::name).toList());
        ModelFile first = loaded.snapshots().get(0);
        assertEquals("history/customers/two.sql", first.relativePath());
        assertEquals(4, first.sql().lines().toList().indexOf("select * from {{ ref('orders') }}") + 1, "the block's lines keep the file's numbers");
        assertTrue(loaded.snapshots().get(1).sql().endsWith("select * from {{ ref('orders') }}"));
        assertEquals("check", loaded.folderConfig().get("first_history").get("strategy"));
        assertEquals(null, loaded.folderConfig().get("orders_history").get("strategy"), "a YAML snapshot sits in its file's folder");
        assertEquals(List.of("history"), loaded.folderConfig().get("orders_history").get("tags"));
        assertEquals("the first", loaded.properties().get("first_history").description());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aSnapshotNamedLikeAModelOrWithoutItsEndFails() throws Exception {
        TestData.write(project, "models/orders.sql", "select 1 as id\n");
        TestData.write(project, "snapshots/orders.sql", "{% snapshot orders %}\nselect 1 as id\n{% endsnapshot %}\n");
        assertTrue(assertThrows(dev.testbed.core.TestbedException.class, () -> ProjectLoader.load(project)).getMessage()
                .contains("Two nodes are named 'orders'"));

        TestData.write(project, "snapshots/orders.sql", "\n{% snapshot orders_history %}\nselect 1 as id\n");
        assertTrue(assertThrows(dev.testbed.core.TestbedException.class, () -> ProjectLoader.load(project)).getMessage()
                .contains("snapshots/orders.sql, line 2: the snapshot 'orders_history' has no {% endsnapshot %}"));
    }
}
