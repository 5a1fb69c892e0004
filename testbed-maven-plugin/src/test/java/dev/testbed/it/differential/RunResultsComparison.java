package dev.testbed.it.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the nodes' results of dbt's {@code target/run_results.json} with the plugin's: the same data tests, each with
 * the same status ({@code pass}, {@code fail}, {@code warn}, {@code error}) and the same {@code failures} count, the same
 * for each unit test ({@code unit_test.<project>.<model>.<name>}), and the same status for each model, seed and snapshot
 * both sides ran.
 */
public final class RunResultsComparison {

    /** The node kinds compared; dbt's hooks ({@code operation.}) have no entry of their own in the plugin's file. */
    private static final Set<String> COMPARED = Set.of("test", "unit_test", "model", "seed", "snapshot");


    private RunResultsComparison() {
    }

    /** A node's result: its status and, for a test, the rows it found (null for an error or a node that is no test). */
    public record Outcome(String status, Long failures) {

        @Override
        public String toString() {
            return failures == null ? status : status + " (failures " + failures + ")";
        }
    }

    public static List<String> compare(Path plugin, Path dbt) {
        List<String> differences = new ArrayList<>();
        Map<String, Outcome> ours = read(plugin, "plugin", differences);
        Map<String, Outcome> theirs = read(dbt, "dbt", differences);
        if (ours == null || theirs == null) {
            return differences;
        }
        Set<String> ids = new TreeSet<>(ours.keySet());
        ids.addAll(theirs.keySet());
        for (String id : ids) {
            Outcome mine = ours.get(id);
            Outcome dbts = theirs.get(id);
            if (dbts == null) {
                differences.add(id + ": only the plugin ran it (" + mine + ")");
            } else if (mine == null) {
                differences.add(id + ": only dbt ran it (" + dbts + ")");
            } else if (!mine.equals(dbts)) {
                differences.add(id + ": the plugin's result is " + mine + ", dbt's " + dbts);
            }
        }
        return differences;
    }

    private static Map<String, Outcome> read(Path file, String side, List<String> differences) {
        if (!Files.isRegularFile(file)) {
            differences.add("run_results.json: " + side + " wrote none at " + file);
            return null;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            for (JsonNode result : (Iterable<JsonNode>) root.path("results")::elements) {
                String id = result.path("unique_id").asText();
                if (!COMPARED.contains(id.substring(0, Math.max(0, id.indexOf('.'))))) {
                    continue;
                }
                JsonNode failures = result.get("failures");
                Outcome outcome = new Outcome(result.path("status").asText(),
                        (id.startsWith("test.") || id.startsWith("unit_test.")) && failures != null && failures.isNumber() ? failures.asLong() : null);
                Outcome earlier = outcomes.put(id, outcome);
                if (earlier != null && !Objects.equals(earlier, outcome)) {
                    differences.add(id + ": " + side + "'s run_results.json has it twice, as " + earlier + " and " + outcome);
                }
            }
            return outcomes;
        } catch (IOException e) {
            differences.add("run_results.json: " + side + "'s " + file + " cannot be read: " + e.getMessage());
            return null;
        }
    }
}
