package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.run.ProjectGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample project's 70 data tests get the unique ids dbt-core 1.11.4 gives them: every argument shape the sample
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

    private static String dbts() throws IOException {
        try (InputStream in = SampleTestIdsTest.class.getResourceAsStream("sample-test-ids-dbt-1.11.4.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("#")).sorted()
                    .reduce("", (all, id) -> all + id + "\n");
        }
    }
}
