package dev.testbed.bench;

import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.graph.BuildDecisions.Decision;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.project.Materialization;
import dev.testbed.results.DataTest;
import dev.testbed.run.RunRequest;
import dev.testbed.state.LakeBuildDecisions;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestCollector;
import dev.testbed.tests.TestRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cost of the build engine's up-to-date check on the sample project: after one full build and test run (not timed,
 * recorded in the lake's run history as the tasks do), each round opens the lake read-only, loads the project and
 * collects its tests, reads {@link LakeBuildDecisions} and asks every model, seed and test. Every round checks that
 * nothing is to be built, since nothing changed.
 *
 * <p>Usage: {@code DecisionsBenchmark SALES RUNS WORK_DIR SAMPLE_PROJECT_DIR}.
 */
public final class DecisionsBenchmark {

    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    private static final Reporter QUIET = event -> {
        if (event.level() == Reporter.Level.WARN || event.level() == Reporter.Level.ERROR) {
            System.out.println("      | " + event.message());
        }
    };

    private DecisionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DecisionsBenchmark SALES RUNS WORK_DIR SAMPLE_PROJECT_DIR");
            System.exit(2);
        }
        long sales = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]).toAbsolutePath();
        Path sample = Path.of(args[3]).toAbsolutePath();
        try {
            run(sales, runs, work, sample);
        } finally {
            FoundationBenchmark.deleteTree(work);
        }
    }

    private static void run(long sales, int runs, Path work, Path sample) throws Exception {
        System.out.println("Testbed up-to-date check: LakeBuildDecisions on the sample project at " + String.format(Locale.ROOT, "%,d", sales)
                + " sales; " + runs + " rounds; load average " + ModelsBenchmark.loadAverage());
        System.out.println(FoundationBenchmark.machine(Runtime.getRuntime().availableProcessors()));
        LakeLocation location = TestsBenchmark.generateAndLoad(sales, work, QUIET, "generate, load, run-models and verify-metrics once (not timed): ");
        String runId = "bench-" + System.nanoTime();
        if (new RunModelsTask(DuckDbSettings.defaults(), QUIET, runId).run(new RunRequest(sample, location, TARGET, Map.of(), null, null, false,
                work.resolve("out"))).failed()) {
            throw new IllegalStateException("the sample project's models did not build");
        }
        if (new VerifyMetricsTask(DuckDbSettings.defaults(), QUIET).runAndRecord(new TestRequest(sample, location, TARGET, Map.of(), null, null,
                work.resolve("out")), runId).failed()) {
            throw new IllegalStateException("the sample project's data tests did not pass");
        }
        List<Long> open = new ArrayList<>();
        List<Long> load = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        for (int round = 0; round <= runs; round++) { // round 0 warms the JVM and is not counted
            long started = System.nanoTime();
            try (Lake lake = Lake.openReadOnly(location, DuckDbSettings.defaults(), null)) {
                long opened = System.nanoTime();
                ProjectGraph project = ProjectGraph.load(sample, TARGET, Map.of(), QUIET);
                List<DataTest> tests = new TestCollector(project.project(), project.compiler(), project.graph()).collect();
                long loaded = System.nanoTime();
                LakeBuildDecisions decisions = LakeBuildDecisions.read(lake, project, tests);
                int nodes = askAll(decisions, project, tests);
                long decided = System.nanoTime();
                if (round > 0) {
                    open.add(opened - started);
                    load.add(loaded - opened);
                    read.add(decided - loaded);
                    total.add(decided - started);
                    System.out.printf(Locale.ROOT, "round %d/%d: open %.1f ms, load %.1f ms, decide %.1f ms; %d nodes, all up to date%n", round, runs,
                            ms(opened - started), ms(loaded - opened), ms(decided - loaded), nodes);
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-64s %8s %9s%n", "measurement", "best ms", "median ms");
        print("Lake.openReadOnly (DuckDB start, LOAD ducklake, ATTACH)", open);
        print("ProjectGraph.load + TestCollector.collect (no DuckDB)", load);
        print("LakeBuildDecisions.read + one decision per node", read);
        print("all three", total);
    }

    /** Asks every node as the engine would with nothing rebuilt; fails unless each is up to date. */
    private static int askAll(LakeBuildDecisions decisions, ProjectGraph project, List<DataTest> tests) {
        int nodes = 0;
        for (String name : project.graph().topologicalOrder()) {
            if (project.graph().model(name).config().materialized() != Materialization.EPHEMERAL) {
                requireUpToDate(name, decisions.model(name, Set.of()));
                nodes++;
            }
        }
        for (DataTest test : tests) {
            requireUpToDate(test.name(), decisions.test(test.name(), Set.of()));
            nodes++;
        }
        return nodes;
    }

    private static void requireUpToDate(String node, Decision decision) {
        if (!(decision instanceof Decision.UpToDate)) {
            throw new IllegalStateException(node + " would be built though nothing changed: " + decision.reason());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void print(String what, List<Long> nanos) {
        System.out.printf(Locale.ROOT, "%-64s %8.1f %9.1f%n", what, ms(ModelsBenchmark.best(nanos)), ms(ModelsBenchmark.median(nanos)));
    }
}
