package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ProjectGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What dbt defines and this engine does not build is never dropped silently: metadata and resources the engine does not
 * build are warnings naming file, line and key; what would build other tables than dbt fails, naming where it was set.
 */
class UnsupportedDbtFeaturesTest {

    @TempDir
    Path project;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void aProjectWithOneModel() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\n");
        write("models/orders.sql", "select 1 as id\n");
    }

    @Test
    void aPlainProjectWithoutAMacrosFolderGetsNoWarning() {
        load();

        assertEquals(List.of(), warnings);
    }

    @Test
    void propertiesKeysTheEngineDoesNotReadAreWarningsWithFileLineAndKey() throws IOException {
        write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                exposures:
                  - name: dashboard
                semantic_models:
                  - name: orders
                metrics:
                  - name: revenue
                saved_queries:
                  - name: q
                """);

        load();

        assertWarned("models/schema.yml, line 5: exposures: is ignored");
        assertWarned("models/schema.yml, line 7: semantic_models: is ignored");
        assertWarned("models/schema.yml, line 9: metrics: is ignored");
        assertWarned("models/schema.yml, line 11: saved_queries: is ignored");
        assertEquals(4, warnings.size(), warnings.toString());
    }

    @Test
    void analysesAreWarningsAndSnapshotsAndDispatchAreNot() throws IOException {
        write("snapshots/orders_history.sql", """
                -- kept for the record
                {% snapshot orders_history %}
                {{ config(unique_key='id', strategy='check', check_cols='all') }}
                select * from {{ ref('orders') }}
                {% endsnapshot %}
                """);
        write("analyses/revenue.sql", "select 1\n");
        write("dbt_project.yml", "name: p\nprofile: p\ndispatch:\n  - macro_namespace: dbt_utils\n    search_order: [p, dbt_utils]\n");

        load();

        assertWarned("analyses/revenue.sql, line 1: analyses are not compiled by this engine");
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void configsThatChangeOnlyMetadataOrLayoutAreWarningsNamingWhereTheyWereSet() throws IOException {
        write("models/orders.sql", "{{ config(materialized='view', grants={'select': ['reporter']}, partitioned_by=['id']) }}\nselect 1 as id\n");
        write("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    config:
                      contract: {enforced: true}
                      persist_docs: {relation: true}
                    columns:
                      - name: id
                        data_type: integer
                """);

        load();

        assertWarned("models/orders.sql, line 1: model orders: the config 'grants' is ignored");
        assertWarned("models/orders.sql, line 1: model orders: the config 'partitioned_by' is ignored: it sets a DuckLake table's partitioning, "
                + "and a view model has no table");
        assertWarned("models/schema.yml: model orders: the config 'persist_docs' is ignored");
        assertEquals(3, warnings.size(), warnings.toString() + " (an enforced contract is applied, not ignored)");
    }

    @Test
    void configsThatWouldBuildOtherTablesThanDbtFail() throws IOException {
        write("models/orders.sql", "{{ config(database='other') }}\nselect 1 as id\n");
        assertFails("Model orders (models/orders.sql, line 1): the config 'database' is not supported");

        write("models/orders.sql", "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', "
                + "merge_update_condition='DBT_INTERNAL_DEST.id > 0') }}\nselect 1 as id\n");
        assertFails("Model orders (models/orders.sql, line 1): the config 'merge_update_condition' is not supported");

        write("models/orders.sql", "{{ config(materialized='incremental', full_refresh=true) }}\nselect 1 as id\n");
        assertFails("the config 'full_refresh' is not supported");

        write("models/orders.sql", "{{ config(sql_header='set threads = 1') }}\nselect 1 as id\n");
        assertFails("the config 'sql_header' is not supported");

        write("models/orders.sql", "select 1 as id\n");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    versions:\n      - v: 1\n");
        assertFails("models/schema.yml, line 5: model orders has versions:");
    }

    @Test
    void mergeOnlyConfigsOnAModelThatDoesNotMergeAreNeitherWarningsNorErrorsAsInDbt() throws IOException {
        write("models/orders.sql", "{{ config(materialized='table', merge_clauses={'when_matched': []}, merge_returning_columns=['id']) }}\n"
                + "select 1 as id\n");

        load();

        assertEquals(List.of(), warnings);
    }

    @Test
    void partsOfDbtsContextThisEngineDoesNotOfferFailNamingTheFileAndLine() throws IOException {
        // run_query, statement, adapter and the other introspection are supported (see IntrospectionTest); these are not
        for (String call : List.of("{{ fromyaml('a: 1') }}", "{% set h = local_md5('x') %}", "{{ selected_resources }}")) {
            write("models/orders.sql", "select 1 as id\n" + call + "\n");
            TestbedException error = assertThrows(TestbedException.class, this::load, call);
            assertTrue(error.getMessage().contains("models/orders.sql, line 2")
                    && error.getMessage().contains("is part of dbt that this engine does not support"), call + ": " + error.getMessage());
        }
    }

    @Test
    void aSnapshotBlockAmongTheModelsFailsNamingTheFileAndTheTag() throws IOException {
        write("models/orders_history.sql", "{% snapshot orders_history %}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n");

        assertFails("models/orders_history.sql, line 1: unknown tag '{% snapshot %}': a snapshot block is read only from a file under the snapshot paths");
    }

    private void assertFails(String expected) {
        TestbedException error = assertThrows(TestbedException.class, this::load);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void theFlagThatMakesDbtEqualsNullSafeIsAWarningNamingItsLine() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\nflags:\n  send_anonymous_usage_stats: false\n  enable_truthy_nulls_equals_macro: true\n");

        load();

        assertWarned("dbt_project.yml, line 5: flags: enable_truthy_nulls_equals_macro is not read by this engine: dbt.equals(a, b) stays (a = b)");
        assertEquals(1, warnings.size(), warnings.toString());
    }

    private void assertWarned(String start) {
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith(start)), "no warning starting with '" + start + "' in " + warnings);
    }

    private void load() {
        Reporter reporter = event -> {
            if (event.level() == Reporter.Level.WARN) {
                warnings.add(event.message());
            }
        };
        ProjectGraph.load(project, new Target("dev", "main", "lake"), Map.of(), reporter);
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(project, relative, text);
    }
}
