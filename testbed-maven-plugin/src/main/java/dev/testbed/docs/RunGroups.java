package dev.testbed.docs;

import dev.testbed.history.RecordedRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run history page's data: one entry per run id (one Maven build), with its models' and tests' outcomes, newest first. */
final class RunGroups {

    private RunGroups() {
    }

    /** @param diff the last build's diff ({@code diff.json}'s shape), shown with the run it ends at; null for none */
    static List<Map<String, Object>> of(RecordedRuns history, Map<String, Object> diff) {
        Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
        for (RecordedRuns.ModelBuild build : history.models()) {
            Map<String, Object> run = run(runs, build.run().runId(), build.run().started());
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", build.run().model());
            model.put("status", build.run().status());
            model.put("durationMs", build.run().elapsed().toMillis());
            model.put("rows", build.run().rowsAffected());
            model.put("snapshot", build.snapshotId());
            model.put("message", build.run().message());
            list(run, "models").add(model);
        }
        for (RecordedRuns.TestOutcome outcome : history.tests()) {
            Map<String, Object> run = run(runs, outcome.run().runId(), outcome.run().finished().minus(outcome.run().elapsed()));
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", outcome.run().test());
            test.put("status", outcome.run().status());
            test.put("durationMs", outcome.run().elapsed().toMillis());
            test.put("failures", outcome.run().failures());
            test.put("snapshot", outcome.snapshotId());
            list(run, "tests").add(test);
        }
        if (diff != null && diff.get("toRun") != null && runs.containsKey(String.valueOf(diff.get("toRun")))) {
            runs.get(String.valueOf(diff.get("toRun"))).put("diff", diff);
        }
        List<Map<String, Object>> sorted = new ArrayList<>(runs.values());
        sorted.sort(DocsGenerator.newestFirst());
        return sorted;
    }

    private static Map<String, Object> run(Map<String, Map<String, Object>> runs, String id, Instant started) {
        Map<String, Object> run = runs.computeIfAbsent(id, k -> {
            Map<String, Object> fresh = new LinkedHashMap<>();
            fresh.put("runId", id);
            fresh.put("started", started.toString());
            fresh.put("models", new ArrayList<>());
            fresh.put("tests", new ArrayList<>());
            return fresh;
        });
        if (started.toString().compareTo(String.valueOf(run.get("started"))) < 0) {
            run.put("started", started.toString());
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> run, String key) {
        return (List<Map<String, Object>>) run.get(key);
    }
}
