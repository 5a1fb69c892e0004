package dev.testbed.bench;

import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GenerationResult;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.lake.LakeLoader;
import dev.testbed.lake.LoadMode;
import dev.testbed.lake.LoadResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One engine stage in its own JVM, with the defaults the Maven goals use, so that a process monitor
 * (bench/peak-memory.sh runs it under /usr/bin/time -v) sees that stage's peak memory alone.
 * <pre>
 *   Stage generate DATA_DIR SALES [ROWS_PER_FILE]   generate-data, scaled like -Dtestbed.scale=SALES/100000
 *   Stage load DATA_DIR LAKE_DIR [MODE]             load-ducklake (mode auto, link or insert) into a DuckLake under LAKE_DIR
 *   Stage models PROJECT_DIR LAKE_DIR OUT_DIR       run-models of a dbt-style project on that lake
 * </pre>
 * DuckDB's memory limit and spill folder come from the environment variables BENCH_MEMORY_LIMIT and
 * BENCH_TEMP_DIRECTORY, its threads (and model workers) from BENCH_THREADS, when set (as
 * -Dtestbed.memoryLimit, -Dtestbed.tempDirectory and -Dtestbed.threads would), else the engine's defaults. The last line printed is {@code stage <name> rows=<n> seconds=<s>}: rows the stage
 * handled (all four tables; for models the raw sales they read) and its time inside the JVM.
 */
public final class Stage {

    public static void main(String[] args) {
        DuckDbSettings settings = settings();
        long started = System.nanoTime();
        long rows;
        if (args.length >= 3 && args.length <= 4 && args[0].equals("generate")) {
            GeneratorConfig config = GeneratorConfig.scaled(Long.parseLong(args[2]) / (double) GeneratorConfig.SALES_PER_SCALE,
                    GeneratorConfig.DEFAULT_SEED, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, Path.of(args[1]));
            long rowsPerFile = args.length == 4 ? Long.parseLong(args[3]) : DataGenerator.DEFAULT_ROWS_PER_FILE;
            GenerationResult result = new DataGenerator(settings, Reporter.CONSOLE, rowsPerFile).generate(config, true);
            rows = result.totalRows();
        } else if (args.length >= 3 && args.length <= 4 && args[0].equals("load")) {
            LoadMode mode = args.length == 4 ? LoadMode.parse(args[3]) : LoadMode.AUTO;
            LoadResult result = new LakeLoader(settings, Reporter.CONSOLE).load(Path.of(args[1]), location(Path.of(args[2])), true, mode);
            rows = result.totalRows();
        } else if (args.length == 4 && args[0].equals("models")) {
            LakeLocation location = location(Path.of(args[2]));
            RunRequest request = new RunRequest(Path.of(args[1]), location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null,
                    false, Path.of(args[3]));
            RunResult result = new RunModelsTask(settings, Reporter.CONSOLE).run(request);
            if (result.failed() || result.count(ModelStatus.SUCCESS) != result.models().size()) {
                System.err.println("run-models did not build every model");
                System.exit(1);
            }
            try (Lake lake = Lake.open(location, settings)) {
                rows = dev.testbed.core.DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake.raw.raw_sales");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        } else {
            System.err.println("usage: Stage generate DATA_DIR SALES [ROWS_PER_FILE] | Stage load DATA_DIR LAKE_DIR [auto|link|insert]"
                    + " | Stage models PROJECT_DIR LAKE_DIR OUT_DIR");
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "stage %s rows=%d seconds=%.3f%n", args[0], rows, (System.nanoTime() - started) / 1e9);
    }

    private static LakeLocation location(Path lake) {
        return new LakeLocation(lake.resolve("catalog.ducklake").toString(), lake.resolve("data").toString());
    }

    private static DuckDbSettings settings() {
        String memoryLimit = System.getenv("BENCH_MEMORY_LIMIT");
        String temp = System.getenv("BENCH_TEMP_DIRECTORY");
        String threads = System.getenv("BENCH_THREADS");
        return new DuckDbSettings(threads == null || threads.isBlank() ? 0 : Integer.parseInt(threads.trim()),
                memoryLimit == null || memoryLimit.isBlank() ? null : memoryLimit,
                temp == null || temp.isBlank() ? null : Path.of(temp), null, null);
    }
}
