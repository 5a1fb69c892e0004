package dev.testbed.task;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import dev.testbed.run.RunRequest;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code -Dtestbed.publish=atomic} costs next to {@code each}: run-models then verify-metrics of the sample project
 * (testbed-project), as one Maven build runs them, on one generated and loaded lake, the two modes taking turns. Runs
 * only when asked, e.g. {@code -Dtest=PublishCostBench -Dtestbed.bench.sales=1000000} (customers, stores and products
 * grow with the sales, as testbed.scale makes them).
 */
@EnabledIfSystemProperty(named = "testbed.bench.sales", matches = "\\d+")
class PublishCostBench {

    private static final Path SAMPLE_PROJECT = Path.of("..", "testbed-project").toAbsolutePath().normalize();
    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);

    @TempDir
    Path work;

    @Test
    void atomicAgainstEach() {
        long sales = Long.parseLong(System.getProperty("testbed.bench.sales"));
        double scale = sales / 100_000.0;
        Path data = work.resolve("data");
        TestData.generate(new GeneratorConfig(42, (int) Math.max(1, 5_000 * scale), (int) Math.max(1, 50 * scale), (int) Math.max(1, 500 * scale),
                sales, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, data));
        LakeLocation location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(data, location, false);
        StringBuilder report = new StringBuilder();
        for (int round = 1; round <= 3; round++) {
            for (BuildOptions options : new BuildOptions[] {BuildOptions.EACH, BuildOptions.ATOMIC}) {
                long started = System.nanoTime();
                String runId = options.publish().property() + "-" + round;
                RunModelsTask.Outcome models = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, runId)
                        .run(new RunRequest(SAMPLE_PROJECT, location, TARGET, Map.of(), null, null, false, work.resolve("out")),
                                options.withTestsFollowing(true));
                assertFalse(models.result().failed());
                assertFalse(new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(
                        new TestRequest(SAMPLE_PROJECT, location, TARGET, Map.of(), null, null, work.resolve("out")), runId,
                        options.withTestsFollowing(true), models.pending()).failed());
                report.append(String.format(Locale.ROOT, "%,d sales, round %d, publish=%s: run-models + verify-metrics %.2f s%n", sales, round,
                        options.publish().property(), (System.nanoTime() - started) / 1e9));
            }
        }
        System.out.print(report);
    }
}
