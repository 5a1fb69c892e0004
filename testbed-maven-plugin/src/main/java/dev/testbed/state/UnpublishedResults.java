package dev.testbed.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statuses of the last build that was tried but not published (an atomic build whose data tests failed), from the
 * history rows it appended to {@value #FILE} in its output directory instead of the lake. dbt's {@code retry} reads the
 * last run_results.json; so {@code result:fail} after a red atomic build selects what failed in it, though the lake
 * never saw that build.
 */
public final class UnpublishedResults {

    /** The file under the output directory that an unpublished build's history rows go to, one JSON object a line. */
    public static final String FILE = "unpublished-runs.jsonl";

    private UnpublishedResults() {
    }

    /**
     * The statuses (by model or test name) of the newest run in {@code directory}'s {@value #FILE}, when that run started
     * after {@code lakeLastRun} (the newest run the lake records, or null); empty otherwise, or when the file is absent
     * or unreadable (then the lake's own last run counts, as before any unpublished build).
     */
    public static Optional<Map<String, String>> newerThan(Path directory, String lakeLastRun) {
        Path file = directory == null ? null : directory.resolve(FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            ObjectMapper json = new ObjectMapper();
            String run = json.readTree(lines.get(lines.size() - 1)).path("runId").asText(null);
            if (run == null || lakeLastRun != null && !started(run).isAfter(started(lakeLastRun))) {
                return Optional.empty();
            }
            Map<String, String> statuses = new HashMap<>();
            for (String line : lines) {
                JsonNode row = json.readTree(line);
                if (run.equals(row.path("runId").asText())) {
                    String name = row.path("kind").asText().equals("test") ? row.path("test").asText() : row.path("model").asText();
                    statuses.put(name, row.path("status").asText());
                }
            }
            return Optional.of(Map.copyOf(statuses));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A run id is the instant its build started, a dash and the process id. */
    private static Instant started(String runId) {
        return Instant.parse(runId.substring(0, runId.lastIndexOf('-')));
    }
}
