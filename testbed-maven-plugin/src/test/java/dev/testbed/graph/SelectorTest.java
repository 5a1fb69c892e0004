package dev.testbed.graph;

import static dev.testbed.graph.GraphProjects.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt's selection syntax over a small retail project. */
class SelectorTest {

    @TempDir
    Path dir;

    private ModelGraph graph;

    /*
     * raw.raw_customers -> stg_customers -\
     *                                      customer_metrics -> report
     * raw.raw_sales ----> stg_sales ------<
     *                                      daily_sales (incremental)
     * calendar (alone), old (disabled)
     */
    @BeforeEach
    void project() {
        graph = graph(dir,
                "models/staging/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: raw_sales\n      - name: raw_customers\n",
                "models/staging/stg_sales.sql", "{{ config(tags=['staging', 'hourly']) }} select * from {{ source('raw', 'raw_sales') }}",
                "models/staging/stg_customers.sql", "{{ config(tags=['staging']) }} select * from {{ source('raw', 'raw_customers') }}",
                "models/marts/customer_metrics.sql", "{{ config(materialized='table', tags=['metrics']) }} select * from {{ ref('stg_customers') }}, {{ ref('stg_sales') }}",
                "models/marts/daily_sales.sql", "{{ config(materialized='incremental', tags=['metrics', 'hourly']) }} select * from {{ ref('stg_sales') }}",
                "models/marts/report.sql", "{{ config(materialized='table') }} select * from {{ ref('customer_metrics') }}",
                "models/calendar.sql", "select 1",
                "models/old.sql", "{{ config(enabled=false) }} select 1");
    }

    private List<String> select(String select) {
        return select(select, null);
    }

    private List<String> select(String select, String exclude) {
        return List.copyOf(Selector.select(graph, select, exclude));
    }

    @Test
    void emptyOrStarSelectsEverythingInBuildOrder() {
        List<String> all = List.of("calendar", "stg_customers", "stg_sales", "customer_metrics", "daily_sales", "report");
        assertEquals(all, select(null));
        assertEquals(all, select("  "));
        assertEquals(all, select("*"));
    }

    @Test
    void aNameSelectsOneModel() {
        assertEquals(List.of("customer_metrics"), select("customer_metrics"));
    }

    @Test
    void plusOperatorsAddAncestorsOrDescendants() {
        assertEquals(List.of("stg_customers", "stg_sales", "customer_metrics"), select("+customer_metrics"));
        assertEquals(List.of("stg_sales", "customer_metrics", "daily_sales", "report"), select("stg_sales+"));
        assertEquals(List.of("stg_customers", "stg_sales", "customer_metrics", "report"), select("+customer_metrics+"));
    }

    @Test
    void depthLimitsCountGenerations() {
        assertEquals(List.of("customer_metrics", "report"), select("1+report"));
        assertEquals(List.of("stg_sales", "customer_metrics", "daily_sales"), select("stg_sales+1"));
        assertEquals(List.of("stg_customers", "stg_sales", "customer_metrics", "report"), select("2+report"));
    }

    @Test
    void atSelectsDescendantsAndTheirAncestors() {
        assertEquals(List.of("stg_customers", "stg_sales", "customer_metrics", "report"), select("@stg_customers"));
    }

    @Test
    void tagPathFileAndConfigMethods() {
        assertEquals(List.of("stg_sales", "daily_sales"), select("tag:hourly"));
        assertEquals(List.of("stg_customers", "stg_sales"), select("path:models/staging"));
        assertEquals(List.of("stg_customers", "stg_sales"), select("models/staging/"), "a value with a slash is a path");
        assertEquals(List.of("report"), select("path:models/marts/report.sql"));
        assertEquals(List.of("daily_sales"), select("file:daily_sales.sql"));
        assertEquals(List.of("customer_metrics", "report"), select("config.materialized:table"));
        assertEquals(List.of("customer_metrics", "daily_sales", "report"), select("path:models/m*"), "a path glob matches folders too");
    }

    @Test
    void wildcardsInNames() {
        assertEquals(List.of("stg_customers", "stg_sales"), select("stg_*"));
    }

    @Test
    void spacesUniteAndCommasIntersect() {
        assertEquals(List.of("calendar", "report"), select("report calendar"));
        assertEquals(List.of("daily_sales"), select("tag:hourly,path:models/marts"));
        assertEquals(List.of("stg_sales", "customer_metrics", "daily_sales"), select("tag:hourly,stg_sales+ customer_metrics"));
    }

    @Test
    void sourcePlusSelectsWhatIsDownstreamOfTheSource() {
        assertEquals(List.of("stg_sales", "customer_metrics", "daily_sales", "report"), select("source:raw.raw_sales+"));
        assertEquals(List.of("stg_customers", "stg_sales"), select("source:raw+1"));
        List<String> warnings = new ArrayList<>();
        assertEquals(Set.of(), Selector.select(graph, "source:raw", null, warnings::add));
        assertTrue(warnings.get(0).contains("a source is not a model"), warnings.toString());
    }

    @Test
    void excludeIsAppliedLast() {
        assertEquals(List.of("calendar", "stg_customers", "customer_metrics"), select(null, "tag:hourly report"));
        assertEquals(List.of("stg_customers"), select("+customer_metrics", "stg_sales+"));
    }

    @Test
    void anUnknownNameFailsWithTheClosestName() {
        TestbedException e = assertThrows(TestbedException.class, () -> select("stg_sale+"));
        assertEquals("Cannot select models with 'stg_sale+': no model is named 'stg_sale'.", e.getMessage().lines().findFirst().orElseThrow());
        assertEquals("Did you mean 'stg_sales'?", e.suggestion());

        TestbedException inExclude = assertThrows(TestbedException.class, () -> select(null, "reprot"));
        assertTrue(inExclude.getMessage().startsWith("Cannot exclude models with 'reprot'"), inExclude.getMessage());
        assertEquals("Did you mean 'report'?", inExclude.suggestion());
    }

    @Test
    void aDisabledModelOrABadSelectorIsAnError() {
        TestbedException disabled = assertThrows(TestbedException.class, () -> select("old"));
        assertTrue(disabled.getMessage().contains("the model 'old' (models/old.sql) is disabled"), disabled.getMessage());

        TestbedException method = assertThrows(TestbedException.class, () -> select("owner:ana"));
        assertTrue(method.getMessage().contains("unknown selector method 'owner:'"), method.getMessage());

        assertThrows(TestbedException.class, () -> select("@+report"));
    }

    @Test
    void aTagNobodyHasWarnsAndSelectsNothing() {
        List<String> warnings = new ArrayList<>();

        assertEquals(Set.of(), Selector.select(graph, "tag:nightly", null, warnings::add));
        assertEquals(List.of("The select criterion 'tag:nightly' matches no enabled model (tags in use: hourly, metrics, staging)."), warnings);
    }

    @Test
    void stateAndResultCriteriaCombineWithTheGraphOperatorsAndTheSetSyntax() {
        NodeStates states = new NodeStates() {
            @Override
            public Set<String> states(String model) {
                return model.equals("customer_metrics") ? Set.of("old", "modified", "modified.body") : Set.of("old", "unmodified");
            }

            @Override
            public String lastResult(String model) {
                return model.equals("stg_sales") ? "error" : "success";
            }
        };
        Set<String> downstream = new java.util.TreeSet<>(graph.descendants("customer_metrics"));
        downstream.add("customer_metrics");
        assertEquals(downstream, Set.copyOf(Selector.select(graph, "state:modified+", null, w -> { }, states)));
        assertEquals(Set.of("customer_metrics"), Selector.select(graph, "state:modified.body", null, w -> { }, states));
        Set<String> retry = new java.util.TreeSet<>(graph.descendants("stg_sales"));
        retry.add("stg_sales");
        assertEquals(retry, Set.copyOf(Selector.select(graph, "result:error+", null, w -> { }, states)));
        assertEquals(Set.of("customer_metrics"), Set.copyOf(Selector.select(graph, "result:error+,state:modified", null, w -> { }, states)));
        assertEquals(Set.of(), Selector.select(graph, "result:fail", null, w -> { }, states), "a model never fails; tests do");
    }

    @Test
    void stateAndResultNeedALakeAndOneOfDbtsValues() {
        TestbedException noLake = assertThrows(TestbedException.class, () -> select("state:modified"));
        assertTrue(noLake.getMessage().contains("no lake to read"), noLake.getMessage());
        TestbedException value = assertThrows(TestbedException.class, () -> Selector.select(graph, "state:changed", null, w -> { }, NodeStates.NONE));
        assertTrue(value.getMessage().contains("not a state: selector") && value.suggestion().contains("state:modified"), value.getMessage());
        assertThrows(TestbedException.class, () -> select("result:failed"));
    }
}
