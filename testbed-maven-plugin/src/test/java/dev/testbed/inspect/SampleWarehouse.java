package dev.testbed.inspect;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.generate.GenerationResult;
import dev.testbed.history.TestHistoryRecorder;
import dev.testbed.lake.LakeLoader;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.Map;

/** The sample project (testbed-project) built end to end on a small generated lake, as mvn verify would: generate, load, run, test. */
public record SampleWarehouse(Path work, Path data, LakeLocation location, GenerationResult generated, RunResult run, TestRunResult tests) {

    public static final Path SAMPLE_PROJECT = Path.of("..", "testbed-project").toAbsolutePath().normalize();
    public static final Target TARGET = new Target("dev", "main", Lake.ALIAS);

    public static SampleWarehouse build(Path work) {
        Path data = work.resolve("data");
        GenerationResult generated = TestData.generate(TestData.small(data, 42));
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(data, location, false);
        RunResult run = runModels(work, location, "run-1");
        TestRunResult tests = new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET)
                .run(new TestRequest(SAMPLE_PROJECT, location, TARGET, Map.of(), null, null, work.resolve("out")));
        new TestHistoryRecorder(DuckDbSettings.defaults()).record(location, "run-1", tests);
        return new SampleWarehouse(work, data, location, generated, run, tests);
    }

    public static RunResult runModels(Path work, LakeLocation location, String runId) {
        return runModels(SAMPLE_PROJECT, location, work.resolve("out"), runId);
    }

    /** Runs the models of any project (the sample, or one a test writes) on a lake. */
    public static RunResult runModels(Path project, LakeLocation location, Path out, String runId) {
        RunRequest request = new RunRequest(project, location, TARGET, Map.of(), null, null, false, out);
        return new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, runId).run(request);
    }

    public InspectRequest inspectRequest(Long atSnapshot, String table) {
        return new InspectRequest(location, SAMPLE_PROJECT, TARGET, Map.of(), data, 5, atSnapshot, table, 3);
    }

    public Inspection inspect() {
        return new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET).inspect(inspectRequest(null, null));
    }
}
