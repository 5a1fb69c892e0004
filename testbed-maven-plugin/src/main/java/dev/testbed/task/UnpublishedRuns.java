package dev.testbed.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.core.Reporter;
import dev.testbed.history.RunHistory;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.state.UnpublishedResults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/**
 * The run history of an atomic build that was not published: the rows it would have added to the lake's history, as JSON
 * lines appended to {@value #FILE} under the output directory. The lake must stay exactly as it was, so what was tried
 * is kept beside the build's other artifacts instead.
 */
final class UnpublishedRuns {

    static final String FILE = UnpublishedResults.FILE;

    private final Path file;
    private final Reporter reporter;

    UnpublishedRuns(Path outputDirectory, Reporter reporter) {
        this.file = outputDirectory.resolve(FILE);
        this.reporter = reporter;
    }

    /** Appends a row per model built or failed ({@code models} may be null) and per test run ({@code tests} may be null). */
    void record(String runId, RunResult models, ModelHistory history, TestRunResult tests) {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try {
            if (models != null) {
                for (ModelResult result : models.models()) {
                    if (result.status() != ModelStatus.UP_TO_DATE) {
                        lines.add(json.writeValueAsString(row("model", history.row(result))));
                    }
                }
            }
            if (tests != null) {
                Instant finished = Instant.now();
                for (TestResult result : tests.results()) {
                    if (!result.upToDate()) {
                        lines.add(json.writeValueAsString(row("test", RunHistory.TestRun.of(runId, result, finished))));
                    }
                }
            }
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            reporter.info("Nothing was published: the lake is at the snapshot it had before this build. What was tried is in " + file);
        } catch (IOException e) {
            reporter.warn("Nothing was published, and what was tried could not be written to " + file + ": " + e.getMessage());
        }
    }

    /** A history row as JSON fields, times as ISO-8601 text (Jackson has no java.time support here). */
    private static Map<String, Object> row(String kind, Record run) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind);
        for (RecordComponent component : run.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(run);
                fields.put(component.getName(), value instanceof Instant || value instanceof Duration ? value.toString() : value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of a history row", e);
            }
        }
        return fields;
    }
}
