package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.graph.ProjectGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample project's 77 data tests get the unique ids dbt-core 1.11.4 gives them: every argument shape the sample
 * uses (lists, mappings, numbers, booleans, where configs, sources, custom tests) goes into dbt's hash the same way.
 */
class SampleTestIdsTest {

    @Test
    void everySampleTestHasDbtsUniqueId() throws IOException {
        ProjectGraph graph = ProjectGraph.load(Path.of("..", "testbed-project"), new Target("dev", "main", "lake"), Map.of(), TestData.QUIET);

        String ids = new TestCollector(graph.project(), graph.compiler(), graph.graph()).collect().stream().map(t -> t.id().uniqueId()).sorted()
                .reduce("", (all, id) -> all + id + "\n");

        assertEquals(dbts(), ids);
    }

    /**
     * Arguments whose Python text differs from Java's: quotes inside strings, booleans, null, floats, and a package
     * prefix. Expected: dbt ls of the same files with a local package named dbt_utils holding these three tests.
     */
    @Test
    void namespacedTestsAndArgumentsWithQuotesBooleansNullsAndFloatsGetDbtsIds(@TempDir Path project) throws IOException {
        TestData.write(project, "dbt_project.yml", "name: ns\nprofile: diff\n");
        TestData.write(project, "models/m.sql", "select 1 as a, 2 as b, 'it''s' as c\n");
        TestData.write(project, "models/schema.yml", """
                version: 2
                models:
                  - name: m
                    data_tests:
                      - dbt_utils.unique_combination_of_columns:
                          arguments:
                            combination_of_columns: [a, b]
                      - dbt_utils.expression_is_true:
                          arguments:
                            expression: "a + b = 3 and c <> 'x\\"y'"
                    columns:
                      - name: a
                        data_tests:
                          - dbt_utils.accepted_range:
                              arguments:
                                min_value: 0.5
                                max_value: 1.5e+3
                                inclusive: false
                          - accepted_values:
                              arguments:
                                values: ["it's", 'a "quoted" one', 1, true, null]
                              config:
                                where: "a > 0"
                """);
        ProjectGraph graph = ProjectGraph.load(project, new Target("dev", "main", "lake"), Map.of(), TestData.QUIET);

        List<String> ids = new TestCollector(graph.project(), graph.compiler(), graph.graph()).collect().stream().map(t -> t.id().uniqueId()).sorted()
                .toList();

        assertEquals(List.of("test.ns.accepted_values_m_a__it_s__a_quoted_one__1__True__None.f9552ab2c0",
                "test.ns.dbt_utils_accepted_range_m_a__False__1500_0__0_5.a82e49d359",
                "test.ns.dbt_utils_expression_is_true_m_a_b_3_and_c_x_y_.db447722c9",
                "test.ns.dbt_utils_unique_combination_of_columns_m_a__b.9f243e561e"), ids);
    }

    private static String dbts() throws IOException {
        try (InputStream in = SampleTestIdsTest.class.getResourceAsStream("sample-test-ids-dbt-1.11.4.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("#")).sorted()
                    .reduce("", (all, id) -> all + id + "\n");
        }
    }
}
