package dev.testbed.bench;

import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.diff.DiffPrinter;
import dev.testbed.diff.DiffRequest;
import dev.testbed.diff.LakeDiff;
import dev.testbed.diff.LakeDiffer;
import dev.testbed.diff.ModelDiff;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * testbed:diff against the build it describes: the sample project built on SALES generated sales, one raw sale's amount
 * raised, the models built again; then the diff of the two builds, timed ROUNDS times (it only reads), next to the time
 * of each run-models. Prints the diff and whether it names exactly the four models the sale reaches.
 * Arguments: SALES ROUNDS WORK_DIR SAMPLE_PROJECT.
 */
public final class DiffBenchmark {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    private static final Reporter QUIET = event -> {
    };

    public static void main(String[] args) throws Exception {
        long sales = Long.parseLong(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        Path sample = Path.of(args[3]);
        FoundationBenchmark.deleteTree(work);
        Path data = work.resolve("data");
        LakeLocation location = new LakeLocation(work.resolve("lake/catalog.ducklake").toString(), work.resolve("lake/data") + "/");
        GeneratorConfig config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, data);
        System.out.println("diff: " + config.describe() + "; generating and loading (not timed)");
        new DataGenerator(DuckDbSettings.defaults(), QUIET).generate(config, true);
        new LakeLoader(DuckDbSettings.defaults(), QUIET).load(data, location, true);

        double first = runModels(sample, location, work, "bench-run-1");
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            DuckDb.execute(lake.connection(), "UPDATE lake.raw.raw_sales SET amount = amount + 1 WHERE transaction_id = 17");
        }
        double second = runModels(sample, location, work, "bench-run-2");
        System.out.printf(Locale.ROOT, "run-models, first build:                 %6.2f s%n", first);
        System.out.printf(Locale.ROOT, "run-models, after a one-row raw change:  %6.2f s%n", second);

        DiffRequest request = new DiffRequest(sample, location, TARGET, Map.of(), null, null, null, work.resolve("out"));
        List<Double> seconds = new ArrayList<>();
        LakeDiff diff = null;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            diff = new LakeDiffer(DuckDbSettings.defaults(), QUIET).run(request);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "diff of the two builds (%d rounds):       %6.2f s median, %.2f s best, %.2fx the second run-models%n", rounds, median,
                sorted.get(0), median / second);
        new DiffPrinter(event -> System.out.println("  " + event.message()), 160).print(diff);
        Set<String> differing = new TreeSet<>(diff.differing().stream().map(ModelDiff::model).toList());
        Set<String> expected = Set.of("customer_metrics", "product_metrics", "stg_sales", "store_metrics");
        System.out.println(differing.equals(expected) ? "the diff names exactly the four models the sale reaches"
                : "UNEXPECTED: the diff names " + differing + ", expected " + new TreeSet<>(expected));
    }

    private static double runModels(Path sample, LakeLocation location, Path work, String runId) {
        long start = System.nanoTime();
        new RunModelsTask(DuckDbSettings.defaults(), QUIET, runId).run(new RunRequest(sample, location, TARGET, Map.of(), null, null, false,
                work.resolve("out")));
        return (System.nanoTime() - start) / 1e9;
    }
}
