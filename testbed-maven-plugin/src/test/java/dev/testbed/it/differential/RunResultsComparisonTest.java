package dev.testbed.it.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison of run_results.json files, in the shape dbt 1.11 writes them. */
class RunResultsComparisonTest {

    @TempDir
    Path dir;

    private Path file(String name, String results) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"metadata\": {}, \"results\": [" + results + "], \"elapsed_time\": 1.0}");
        return file;
    }

    private static String result(String id, String status, Object failures) {
        return "{\"unique_id\": \"" + id + "\", \"status\": \"" + status + "\", \"failures\": " + failures + ", \"message\": null}";
    }

    @Test
    void sameStatusesAndFailuresAreEqualWhateverTheOrderAndHooks() throws IOException {
        Path plugin = file("plugin.json", String.join(",", result("test.p.unique_t_id.fddd0a6d3c", "pass", 0), result("model.p.t", "success", "null")));
        Path dbt = file("dbt.json", String.join(",", result("model.p.t", "success", "null"),
                result("operation.p.p-on-run-end-0", "success", "null"), result("test.p.unique_t_id.fddd0a6d3c", "pass", 0)));
        assertEquals(List.of(), RunResultsComparison.compare(plugin, dbt));
    }

    @Test
    void everyDifferenceIsNamed() throws IOException {
        Path plugin = file("plugin.json", String.join(",", result("test.p.unique_t_id.fddd0a6d3c", "warn", 2), result("test.p.not_null_t_id.0123456789", "pass", 0),
                result("model.p.t", "success", "null"), result("test.p.only_ours", "pass", 0), result("seed.p.s", "error", "null")));
        Path dbt = file("dbt.json", String.join(",", result("test.p.unique_t_id.fddd0a6d3c", "warn", 3),
                result("test.p.not_null_t_id.0123456789", "fail", 1), result("model.p.t", "success", "null"),
                result("test.p.only_theirs.abcdef0123", "error", "null"), result("seed.p.s", "success", "null")));
        assertEquals(List.of("seed.p.s: the plugin's result is error, dbt's success",
                "test.p.not_null_t_id.0123456789: the plugin's result is pass (failures 0), dbt's fail (failures 1)",
                "test.p.only_ours: only the plugin ran it (pass (failures 0))",
                "test.p.only_theirs.abcdef0123: only dbt ran it (error)",
                "test.p.unique_t_id.fddd0a6d3c: the plugin's result is warn (failures 2), dbt's warn (failures 3)"), RunResultsComparison.compare(plugin, dbt));
    }

    @Test
    void unitTestsAreComparedWithTheirStatusAndFailures() throws IOException {
        Path plugin = file("plugin.json", String.join(",", result("unit_test.p.m.passes", "pass", 0), result("unit_test.p.m.fails", "pass", 0)));
        Path dbt = file("dbt.json", String.join(",", result("unit_test.p.m.passes", "pass", 0), result("unit_test.p.m.fails", "fail", 1),
                result("unit_test.p.m.not_ours", "skipped", "null")));
        assertEquals(List.of("unit_test.p.m.fails: the plugin's result is pass (failures 0), dbt's fail (failures 1)",
                "unit_test.p.m.not_ours: only dbt ran it (skipped)"), RunResultsComparison.compare(plugin, dbt));
    }

    @Test
    void aMissingFileIsADifference() throws IOException {
        Path dbt = file("dbt.json", result("model.p.t", "success", "null"));
        assertEquals(List.of("run_results.json: plugin wrote none at " + dir.resolve("none.json")),
                RunResultsComparison.compare(dir.resolve("none.json"), dbt));
    }
}
