package dev.testbed.artifacts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.testbed.project.Project;
import dev.testbed.results.DataTest;
import dev.testbed.results.TestConfig;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Adds data tests to the artifacts run-models wrote, as {@code dbt build} would have them: each test run becomes a
 * {@code test.<project>.<name>} node of {@code manifest.json} (with its edges in the parent and child maps) and a result
 * in {@code run_results.json}. Earlier test entries are replaced; the models' entries stay. Without earlier artifacts
 * (tests run on their own) the files hold the tests only.
 */
public final class TestArtifacts {

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TestArtifacts(Path directory) {
        this.directory = directory;
    }

    public void write(Project project, TestRunResult result) {
        String invocation = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        writeManifest(project, result, invocation, now);
        writeRunResults(project, result, invocation, now);
    }

    private void writeManifest(Project project, TestRunResult result, String invocation, String now) {
        Map<String, Object> manifest = read("manifest.json");
        if (manifest.isEmpty()) {
            manifest.put("metadata", ArtifactWriter.metadata(ArtifactWriter.MANIFEST_SCHEMA, now, invocation, project));
        }
        Map<String, Object> nodes = object(manifest, "nodes");
        Map<String, Object> parentMap = object(manifest, "parent_map");
        Map<String, Object> childMap = object(manifest, "child_map");
        Map<String, Object> unitTests = object(manifest, "unit_tests");
        unitTests.clear();
        nodes.keySet().removeIf(TestArtifacts::isTest);
        parentMap.keySet().removeIf(TestArtifacts::isTest);
        childMap.replaceAll((id, children) -> children instanceof List<?> list ? new ArrayList<>(list.stream().filter(c -> !isTest(String.valueOf(c))).toList())
                : children);
        for (TestResult run : result.results()) {
            DataTest test = run.test();
            String id = testId(project, test);
            List<String> parents = parents(project, test);
            if (run.isUnit()) {
                // dbt keeps unit tests out of nodes, in a map of their own; they depend on the model they test
                parents = List.of(ArtifactWriter.modelId(project, test.suite()));
                unitTests.put(id, unitTest(project, test, id, parents));
            } else {
                nodes.put(id, node(project, test, id, parents));
            }
            parentMap.put(id, parents);
            for (String parent : parents) {
                @SuppressWarnings("unchecked")
                List<Object> children = (List<Object>) childMap.computeIfAbsent(parent, key -> new ArrayList<>());
                children.add(id);
            }
        }
        manifest.put("nodes", nodes);
        manifest.put("unit_tests", unitTests);
        manifest.put("parent_map", parentMap);
        manifest.put("child_map", childMap);
        writeJson("manifest.json", manifest);
    }

    private void writeRunResults(Project project, TestRunResult result, String invocation, String now) {
        Map<String, Object> runResults = read("run_results.json");
        List<Object> entries = new ArrayList<>();
        double elapsed = result.elapsed().toNanos() / 1e9;
        if (runResults.isEmpty()) {
            runResults.put("metadata", ArtifactWriter.metadata(ArtifactWriter.RUN_RESULTS_SCHEMA, now, invocation, project));
        } else if (runResults.get("results") instanceof List<?> earlier) {
            earlier.stream().filter(e -> !(e instanceof Map<?, ?> map && isTest(String.valueOf(map.get("unique_id"))))).forEach(entries::add);
            if (runResults.get("elapsed_time") instanceof Number models) {
                elapsed += models.doubleValue();
            }
        }
        for (TestResult run : result.results()) {
            entries.add(result(project, run));
        }
        runResults.put("results", entries);
        runResults.put("elapsed_time", elapsed);
        writeJson("run_results.json", runResults);
    }

    private static Map<String, Object> node(Project project, DataTest test, String id, List<String> parents) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", id);
        node.put("resource_type", "test");
        node.put("name", test.name());
        node.put("alias", test.config().storeFailures() == null ? test.id().shortName() : test.config().storeFailures().table());
        node.put("package_name", project.name());
        node.put("fqn", List.of(project.name(), test.name()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("severity", test.severity().name());
        config.put("warn_if", test.warnIf().toString());
        config.put("error_if", test.errorIf().toString());
        config.put("tags", test.config().tags());
        config.put("store_failures", test.config().storeFailures() != null);
        node.put("config", config);
        node.put("tags", test.config().tags());
        node.put("column_name", test.column());
        node.put("attached_node", test.type().equals("singular") ? null : suiteId(project, test.suite()));
        if (!test.type().equals("singular")) {
            node.put("test_metadata", Map.of("name", test.type()));
        }
        node.put("depends_on", Map.of("nodes", parents, "macros", List.of()));
        node.put("compiled_code", test.sql());
        node.put("relation_name", test.config().storeFailures() == null ? null : test.config().storeFailures().relation());
        return node;
    }

    private static Map<String, Object> unitTest(Project project, DataTest test, String id, List<String> parents) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", id);
        node.put("resource_type", "unit_test");
        node.put("name", test.name());
        node.put("model", test.suite());
        node.put("package_name", project.name());
        node.put("original_file_path", test.file());
        node.put("fqn", List.of(project.name(), test.suite(), test.name()));
        node.put("config", Map.of("tags", test.config().tags(), "enabled", true));
        node.put("tags", test.config().tags());
        node.put("depends_on", Map.of("nodes", parents, "macros", List.of()));
        return node;
    }

    private static Map<String, Object> result(Project project, TestResult run) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("unique_id", testId(project, run.test()));
        entry.put("status", run.status().name().toLowerCase(Locale.ROOT));
        Instant end = Instant.now();
        entry.put("timing", List.of(Map.of("name", "execute", "started_at", end.minus(run.elapsed()).toString(), "completed_at", end.toString())));
        entry.put("thread_id", "testbed-test");
        entry.put("execution_time", run.elapsed().toNanos() / 1e9);
        entry.put("adapter_response", Map.of());
        entry.put("message", message(run));
        entry.put("failures", run.status() == TestStatus.ERROR || run.status() == TestStatus.SKIPPED ? null : run.failures());
        entry.put("compiled", run.test().sql() != null);
        entry.put("compiled_code", run.test().sql());
        TestConfig.AuditTable audit = run.test().config().storeFailures();
        entry.put("relation_name", audit == null ? null : audit.relation());
        return entry;
    }

    /**
     * dbt's messages: none for a pass (but why it was kept, or what a drift test compared), "Got N results, configured
     * to …" otherwise, the error for an error.
     */
    private static String message(TestResult run) {
        if (run.isUnit() && run.status() == TestStatus.FAIL) {
            return run.details();
        }
        return switch (run.status()) {
            case PASS -> run.message().isBlank() ? null : run.message();
            case ERROR -> run.message();
            case SKIPPED -> null; // as dbt build writes a skipped test
            case WARN -> "Got " + run.failures() + (run.failures() == 1 ? " result" : " results") + ", configured to warn if " + run.test().warnIf();
            case FAIL -> "Got " + run.failures() + (run.failures() == 1 ? " result" : " results") + ", configured to fail if " + run.test().errorIf();
        };
    }

    /** The nodes a test reads: the models and seeds it refs, and the source it is declared on. */
    private static List<String> parents(Project project, DataTest test) {
        TreeSet<String> parents = new TreeSet<>();
        test.models().forEach(model -> parents.add(ArtifactWriter.modelId(project, model)));
        if (test.suite().startsWith("source:")) {
            parents.add(suiteId(project, test.suite()));
        }
        return List.copyOf(parents);
    }

    private static String suiteId(Project project, String suite) {
        if (suite.startsWith("source:")) {
            String[] sourceAndTable = suite.substring("source:".length()).split("\\.", 2);
            return ArtifactWriter.sourceId(project, sourceAndTable[0], sourceAndTable[1]);
        }
        return ArtifactWriter.modelId(project, suite);
    }

    static String testId(Project project, DataTest test) {
        return test.id().uniqueId();
    }

    private static boolean isTest(String id) {
        return id.startsWith("test.") || id.startsWith("unit_test.");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    }

    private Map<String, Object> read(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return json.readValue(file.toFile(), JSON_OBJECT);
        } catch (IOException e) {
            // an unreadable artifact from an earlier run is replaced, not fatal
            return new LinkedHashMap<>();
        }
    }

    private void writeJson(String name, Object value) {
        ArtifactWriter.writeJson(json, directory.resolve(name), value);
    }
}
