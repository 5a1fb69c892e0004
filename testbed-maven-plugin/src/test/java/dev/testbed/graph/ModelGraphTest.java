package dev.testbed.graph;

import static dev.testbed.graph.GraphProjects.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building the DAG from refs: order, neighbours, and the errors for bad refs, sources and cycles. */
class ModelGraphTest {

    private static final String SOURCES = """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: raw_sales
                  - name: raw_customers
            """;

    @TempDir
    Path dir;

    private ModelGraph retail() {
        return graph(dir,
                "models/sources.yml", SOURCES,
                "models/staging/stg_sales.sql", "select * from {{ source('raw', 'raw_sales') }}",
                "models/staging/stg_customers.sql", "select * from {{ source('raw', 'raw_customers') }}",
                "models/marts/customer_metrics.sql", "select * from {{ ref('stg_customers') }} join {{ ref('stg_sales') }} using (customer_id)",
                "models/marts/daily_sales.sql", "select * from {{ ref('stg_sales') }}",
                "models/marts/report.sql", "select * from {{ ref('customer_metrics') }}, {{ ref('daily_sales') }}",
                "models/calendar.sql", "select 1",
                "models/calendar_weeks.sql", "select * from {{ ref('calendar') }}");
    }

    @Test
    void topologicalOrderPutsParentsFirstAndIsAlphabeticalAmongReadyModels() {
        ModelGraph graph = retail();

        // calendar_weeks becomes ready after stg_sales was ready, yet comes first: alphabetical among ready models, not first-come
        assertEquals(List.of("calendar", "calendar_weeks", "stg_customers", "stg_sales", "customer_metrics", "daily_sales", "report"),
                graph.topologicalOrder());
        assertEquals(graph.topologicalOrder(), graph.models().stream().map(ParsedModel::name).toList());
    }

    @Test
    void neighboursAndTransitiveClosures() {
        ModelGraph graph = retail();

        assertEquals(Set.of("stg_customers", "stg_sales"), graph.parents("customer_metrics"));
        assertEquals(Set.of("customer_metrics", "daily_sales"), graph.children("stg_sales"));
        assertEquals(Set.of("customer_metrics", "daily_sales", "stg_customers", "stg_sales"), graph.ancestors("report"));
        assertEquals(Set.of("customer_metrics", "daily_sales"), graph.ancestors("report", 1));
        assertEquals(Set.of("customer_metrics", "daily_sales", "report"), graph.descendants("stg_sales"));
        assertEquals(Set.of(), graph.descendants("report"));
        assertEquals("models/marts/report.sql", graph.model("report").file().relativePath());
        assertThrows(IllegalArgumentException.class, () -> graph.parents("nope"));
    }

    @Test
    void aRefToAMissingModelNamesTheFileAndLineAndSuggestsTheClosestName() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir,
                "models/staging/stg_sales.sql", "select 1",
                "models/marts/customer_metrics.sql", "select *\nfrom {{ ref('stg_sale') }}"));

        assertTrue(e.getMessage().startsWith("models/marts/customer_metrics.sql, line 2: model 'customer_metrics' refers to ref('stg_sale'), "
                + "but no model is named 'stg_sale'."), e.getMessage());
        assertEquals("Did you mean 'stg_sales' (models/staging/stg_sales.sql)?", e.suggestion());
    }

    @Test
    void aRefToADisabledModelSaysItIsDisabled() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir,
                "models/old_sales.sql", "{{ config(enabled=false) }} select 1",
                "models/report.sql", "select * from {{ ref('old_sales') }}"));

        assertTrue(e.getMessage().contains("refers to ref('old_sales'), but model 'old_sales' (models/old_sales.sql) is disabled"), e.getMessage());
        assertTrue(e.suggestion().startsWith("Enable 'old_sales'"), e.suggestion());
    }

    @Test
    void disabledModelsAreLeftOutAndTheirRefsAreNotChecked() {
        ModelGraph graph = graph(dir,
                "models/a.sql", "select 1",
                "models/old.sql", "{{ config(enabled=false) }} select * from {{ ref('gone') }}");

        assertEquals(List.of("a"), graph.topologicalOrder());
        assertFalse(graph.contains("old"));
    }

    @Test
    void anUndeclaredSourceSuggestsTheClosestDeclaredOne() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir,
                "models/sources.yml", SOURCES,
                "models/stg_sales.sql", "select * from {{ source('raw', 'raw_sale') }}"));

        assertTrue(e.getMessage().startsWith("models/stg_sales.sql, line 1: model 'stg_sales' reads source('raw', 'raw_sale'), "
                + "which no properties file declares."), e.getMessage());
        assertEquals("Did you mean source('raw', 'raw_sales')?", e.suggestion());
    }

    @Test
    void aCycleIsSpelledOutWithTheFiles() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir,
                "models/start.sql", "select * from {{ ref('b') }}",
                "models/a.sql", "select * from {{ ref('b') }}",
                "models/b.sql", "select 1,\n  2 from {{ ref('c') }}",
                "models/c.sql", "select * from {{ ref('a') }}"));

        String nl = System.lineSeparator();
        assertTrue(e.getMessage().startsWith("The models' refs form a cycle: a -> b -> c -> a" + nl
                + "    models/a.sql, line 1: a refs b" + nl
                + "    models/b.sql, line 2: b refs c" + nl
                + "    models/c.sql, line 1: c refs a" + nl), e.getMessage());
    }

    @Test
    void aModelThatRefsItselfIsACycleOfOne() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir, "models/events.sql", "select * from {{ ref('events') }}"));

        assertTrue(e.getMessage().startsWith("The models' refs form a cycle: events -> events"), e.getMessage());
        assertTrue(e.suggestion().contains("{{ this }}"), e.suggestion());
    }

    @Test
    void severalBadRefsAreReportedTogether() {
        TestbedException e = assertThrows(TestbedException.class, () -> graph(dir,
                "models/a.sql", "select * from {{ ref('x') }}",
                "models/b.sql", "select * from {{ source('crm', 'accounts') }}"));

        assertTrue(e.getMessage().startsWith("2 models refer to things that do not exist or are disabled:"), e.getMessage());
        assertTrue(e.getMessage().contains("models/a.sql, line 1: model 'a' refers to ref('x')"), e.getMessage());
        assertTrue(e.getMessage().contains("models/b.sql, line 1: model 'b' reads source('crm', 'accounts')"), e.getMessage());
    }
}
