package dev.testbed.engine;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.BuildDecisions;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.SourceTable;
import dev.testbed.results.DataTest;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.compile.SingleQuery;
import dev.testbed.run.ConnectionDatabase;
import dev.testbed.run.ModelBuilds;
import dev.testbed.run.ModelRecorder;
import dev.testbed.run.RunRequest;
import dev.testbed.state.LakeNodeStates;
import dev.testbed.state.Relations;
import dev.testbed.tests.DataTestQueries;
import dev.testbed.tests.FusableTests;
import dev.testbed.tests.FusedTests;
import dev.testbed.tests.IntrospectingTests;
import dev.testbed.tests.TestCollector;
import dev.testbed.tests.TestRequest;
import dev.testbed.unit.UnitTest;
import dev.testbed.unit.UnitTestRun;
import dev.testbed.unit.UnitTests;
import java.util.ArrayList;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * parse → graph → select → one executor, for run-models and verify-metrics alike. It writes to the lake it is given
 * and nothing else: the task layer above opens the lake, decides when the work is published, and turns the results
 * into artifacts and history. When the lake has a build transaction open, every node runs on that one connection
 * (one DuckDB runs that transaction alone); otherwise each worker has a connection of its own and each model commits
 * on its own.
 */
public final class BuildEngine {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final Heartbeat.Timing heartbeat;
    private final DecisionsFactory decisions;
    private final boolean fuseTests;

    /**
     * @param decisions where the build learns, per node, whether to build it or keep what the lake holds
     * @param fuseTests whether the built-in data tests of one relation that start together share one scan of it
     */
    public BuildEngine(DuckDbSettings settings, Reporter reporter, Heartbeat.Timing heartbeat, DecisionsFactory decisions, boolean fuseTests) {
        this.settings = settings;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
        this.decisions = decisions;
        this.fuseTests = fuseTests;
    }

    /** An engine whose data tests share scans where they can. */
    public BuildEngine(DuckDbSettings settings, Reporter reporter, Heartbeat.Timing heartbeat, DecisionsFactory decisions) {
        this(settings, reporter, heartbeat, decisions, true);
    }

    /**
     * What run-models did.
     *
     * @param loaded     the project as parsed and put in dependency order
     * @param relations  each model's relation (or CTE name for an ephemeral model), by model name
     * @param tests      the data tests run with the models ({@code dbt build}), empty when they were not
     * @param endFailure why on-run-end failed, thrown after the artifacts are written; null when it did not fail
     */
    public record ModelsRun(ProjectGraph loaded, List<SourceTable> sources, Map<String, String> relations, RunResult result,
                            TestRunResult tests, TestbedException endFailure) {
    }

    /** What verify-metrics did: the project, and every selected test's result. */
    public record TestsRun(Project project, TestRunResult result) {
    }

    /**
     * What run-models will run: the project loaded, the selected seeds and models (and, with {@code withTests}, their
     * data tests), checked to be one query each. Made before the lake is opened, as a {@code state:} or {@code result:}
     * selection reads the lake on its own. The tests that query the lake while compiling are compiled again as they run,
     * by {@code introspecting}; those in {@code fusable} share scans of their relation.
     */
    public record ModelsPlan(RunRequest request, ProjectGraph loaded, Set<String> runnable, List<DataTest> collected, List<DataTest> tests,
                             ModelBuilds builds, List<UnitTest> units, IntrospectingTests introspecting, FusableTests fusable) {
    }

    /**
     * What verify-metrics will run: the project loaded and the selected data tests, checked to be one query each, and the
     * selected unit tests ({@code dbt test} runs both), and how the data tests that query the lake while compiling are
     * compiled as they run, and which of them share scans of their relation.
     */
    public record TestsPlan(TestRequest request, ProjectGraph loaded, List<DataTest> collected, List<DataTest> tests, List<UnitTest> units,
                            IntrospectingTests introspecting, FusableTests fusable) {
    }

    /** @param recorder keeps the record of each model's outcome when the plan runs */
    public ModelsPlan planModels(RunRequest request, boolean withTests, ModelRecorder recorder) {
        ProjectGraph loaded = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        ModelGraph graph = loaded.graph();
        LakeNodeStates states = new LakeNodeStates(new Relations(loaded.project(), loaded.compiler(), graph), request.location(), settings, request.outputDirectory());
        List<UnitTest> allUnits = UnitTests.collect(loaded.project(), loaded.compiler(), graph);
        Set<String> modelNames = Set.copyOf(graph.topologicalOrder());
        boolean onlyUnits = UnitTests.onlyUnitTests(request.select(), allUnits, modelNames);
        String select = UnitTests.withoutNames(request.select(), allUnits, modelNames);
        String exclude = UnitTests.withoutNames(request.exclude(), allUnits, modelNames);
        Set<String> selected = onlyUnits ? Set.of() : Selector.select(graph, select, exclude, warning -> { }, states);
        // As in dbt, ephemeral models are not run: they are compiled into the models that use them.
        Set<String> runnable = selected.stream().filter(name -> graph.model(name).config().materialized() != Materialization.EPHEMERAL)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        TestCollector collector = new TestCollector(loaded.project(), loaded.compiler(), graph);
        List<DataTest> collected = collector.collect();
        List<DataTest> tests = withTests && !onlyUnits
                ? DataTestQueries.requireOneQueryEach(settings, DataTestQueries.select(select, exclude, collected, graph, states, reporter))
                : List.of();
        ModelBuilds builds = new ModelBuilds(settings, reporter, request, loaded, recorder);
        builds.requireOneQueryEach(runnable);
        List<UnitTest> units = withTests ? UnitTests.select(allUnits, request.select(), request.exclude(), selected,
                name -> states.selectsTest(select, name)) : List.of();
        return new ModelsPlan(request, loaded, runnable, withUnits(collected, allUnits), tests, builds, units, collector.introspecting(),
                collector.fusable().onlyIf(fuseTests));
    }

    public TestsPlan planTests(TestRequest request) {
        ProjectGraph loaded = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        ModelGraph graph = loaded.graph();
        TestCollector collector = new TestCollector(loaded.project(), loaded.compiler(), graph);
        List<DataTest> collected = collector.collect();
        LakeNodeStates states = new LakeNodeStates(new Relations(loaded.project(), loaded.compiler(), graph), request.location(), settings, request.outputDirectory());
        List<UnitTest> allUnits = UnitTests.collect(loaded.project(), loaded.compiler(), graph);
        Set<String> modelNames = Set.copyOf(graph.topologicalOrder());
        boolean onlyUnits = UnitTests.onlyUnitTests(request.select(), allUnits, modelNames);
        String select = UnitTests.withoutNames(request.select(), allUnits, modelNames);
        String exclude = UnitTests.withoutNames(request.exclude(), allUnits, modelNames);
        List<DataTest> tests = onlyUnits ? List.of() : DataTestQueries.requireOneQueryEach(settings,
                DataTestQueries.select(select, exclude, collected, graph, states, reporter));
        // the models whose unit tests run: data test names are not models, and a selection of tests only selects none
        String models = DataTestQueries.withoutTestNames(select, collected, graph);
        Set<String> selected = onlyUnits || models.isBlank() && select != null && !select.isBlank() ? Set.of()
                : Selector.select(graph, models, DataTestQueries.withoutTestNames(exclude, collected, graph), warning -> { }, states);
        return new TestsPlan(request, loaded, withUnits(collected, allUnits), tests, UnitTests.select(allUnits, request.select(), request.exclude(), selected,
                name -> states.selectsTest(select, name)), collector.introspecting(), collector.fusable().onlyIf(fuseTests));
    }

    /** The collected data tests and the unit tests' views, for the build decisions. */
    private static List<DataTest> withUnits(List<DataTest> collected, List<UnitTest> units) {
        List<DataTest> all = new ArrayList<>(collected);
        units.forEach(unit -> all.add(unit.test()));
        return List.copyOf(all);
    }

    private UnitTestRun unitTestRun(ProjectGraph loaded, Path outputDirectory) {
        return new UnitTestRun(settings, loaded.project(), loaded.compiler(), name -> loaded.compiler().relationFor(loaded.graph().model(name)),
                outputDirectory.resolve("compiled").resolve(loaded.project().name()).resolve("unit_tests"));
    }

    /**
     * Builds the planned seeds and models in {@code lake} and runs the planned data tests as soon as what they read is
     * built, a failing error-severity test skipping the descendants of what it tests.
     */
    public ModelsRun runModels(ModelsPlan plan, Lake lake, String runId) {
        long started = System.nanoTime();
        RunRequest request = plan.request();
        ProjectGraph loaded = plan.loaded();
        Project project = loaded.project();
        Set<String> runnable = plan.runnable();
        List<DataTest> tests = plan.tests();
        ModelBuilds builds = plan.builds();
        BuildGraph nodes = new BuildGraph(loaded.graph(), runnable, tests, plan.units());
        reporter.info(String.format(Locale.ROOT, "Found %d models, %d seeds, %s%d sources in %s; running %d%s%s with %d threads (run id %s)",
                project.models().size(), project.seeds().size(), project.snapshots().isEmpty() ? ""
                        : project.snapshots().size() + (project.snapshots().size() == 1 ? " snapshot, " : " snapshots, "),
                project.sources().size(), project.root(), runnable.size(),
                tests.isEmpty() ? "" : " and " + tests.size() + " data tests", plan.units().isEmpty() ? "" : " and " + plan.units().size() + " unit tests",
                threads(lake), runId));
        UnitTestRun units = unitTestRun(loaded, request.outputDirectory());
        builds.start(lake, runnable);
        if (!tests.isEmpty()) {
            createAuditSchemas(lake, tests);
        }
        Path compiledTests = compiledTests(request.outputDirectory(), project);
        FusedTests fused = plan.fusable().run();
        Executor.Executed done = execute(lake, nodes, builds::displayName, decisions.decisions(lake, loaded, plan.collected()), Set.of(),
                new TestWork(plan.introspecting(), lake, compiledTests, fused, units) {
                    @Override
                    public ModelResult build(ParsedModel model, Connection connection) {
                        return builds.build(model.name(), connection);
                    }


                    @Override
                    public ModelResult notBuilt(ParsedModel model, ModelStatus status, String cause) {
                        return builds.notBuilt(model.name(), status, cause);
                    }
                });
        TestbedException endFailure = builds.end(lake, done.models());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        RunResult result = new RunResult(done.models(), elapsed);
        summarize(result);
        TestRunResult testResult = new TestRunResult(done.tests(), elapsed);
        fused.summary().ifPresent(reporter::info);
        if (!testResult.results().isEmpty()) {
            summarize(testResult);
        }
        return new ModelsRun(loaded, project.sources(), builds.relations(), result, testResult, endFailure);
    }

    /**
     * Runs the planned data tests against {@code lake}.
     *
     * @param rebuiltEarlier the seeds and models run-models of this build rebuilt, for the build decisions (a test that
     *                       reads one reruns); empty when none
     */
    public TestsRun runTests(TestsPlan plan, Lake lake, Set<String> rebuiltEarlier) {
        long started = System.nanoTime();
        TestRequest request = plan.request();
        ProjectGraph loaded = plan.loaded();
        Project project = loaded.project();
        List<DataTest> tests = plan.tests();
        reporter.info(String.format(Locale.ROOT, "Found %d data tests in %s; running %d%s with %d threads", tests.size(), project.root(),
                tests.size(), plan.units().isEmpty() ? "" : " and " + plan.units().size() + " unit tests",
                Math.min(threads(lake), Math.max(1, tests.size() + plan.units().size()))));
        BuildGraph nodes = new BuildGraph(loaded.graph(), Set.of(), tests, plan.units());
        createAuditSchemas(lake, tests);
        UnitTestRun units = unitTestRun(loaded, request.outputDirectory());
        Path compiledTests = compiledTests(request.outputDirectory(), project);
        FusedTests fused = plan.fusable().run();
        Executor.Executed done = execute(lake, nodes, name -> name, decisions.decisions(lake, loaded, plan.collected()), rebuiltEarlier,
                new TestWork(plan.introspecting(), lake, compiledTests, fused, units) {
                    @Override
                    public ModelResult build(ParsedModel model, Connection connection) {
                        throw new IllegalStateException("verify-metrics builds no model: " + model.name());
                    }


                    @Override
                    public ModelResult notBuilt(ParsedModel model, ModelStatus status, String cause) {
                        throw new IllegalStateException("verify-metrics builds no model: " + model.name());
                    }
                });
        TestRunResult result = new TestRunResult(done.tests(), Duration.ofNanos(System.nanoTime() - started));
        fused.summary().ifPresent(reporter::info);
        summarize(result);
        return new TestsRun(project, result);
    }

    /**
     * Runs the nodes: inside a build transaction on the lake's own connection alone, else on worker connections of their
     * own (as many as the threads, never more than the nodes), closed afterwards.
     */
    private Executor.Executed execute(Lake lake, BuildGraph nodes, Function<String, String> displayName, BuildDecisions decided,
                                      Set<String> rebuiltEarlier, Executor.Work work) {
        Executor executor = new Executor(reporter, heartbeat, decided, new NodePrinter(reporter, nodes.size(), displayName), displayName);
        if (lake.writer().inBuild()) {
            return executor.run(nodes, List.of(lake.connection()), work, rebuiltEarlier);
        }
        List<Connection> connections;
        try {
            connections = lake.openWorkerConnections(Math.max(1, Math.min(threads(lake), Math.max(1, nodes.size()))));
        } catch (SQLException e) {
            throw new TestbedException("Cannot open worker connections to the lake: " + SqlErrors.message(e), null, e);
        }
        try {
            return executor.run(nodes, connections, work, rebuiltEarlier);
        } finally {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the lake's own connection is closed by its owner
                }
            }
        }
    }

    /** The test as it runs on {@code connection}: compiled there again when it queries the lake while compiling. */
    /** How the build's data and unit tests run, the same whether run-models (with the models) or verify-metrics runs them. */
    private abstract class TestWork implements Executor.Work {
        private final IntrospectingTests introspecting;
        private final Lake lake;
        private final Path compiledTests;
        private final FusedTests fused;
        private final UnitTestRun units;

        TestWork(IntrospectingTests introspecting, Lake lake, Path compiledTests, FusedTests fused, UnitTestRun units) {
            this.introspecting = introspecting;
            this.lake = lake;
            this.compiledTests = compiledTests;
            this.fused = fused;
            this.units = units;
        }

        @Override
        public TestResult test(DataTest test, Connection connection) {
            return DataTestQueries.run(compiledOn(introspecting, test, connection), connection, lake.writer(), compiledTests, fused);
        }

        @Override
        public void starting(List<DataTest> ready) {
            fused.starting(ready);
        }

        @Override
        public TestResult unit(UnitTest test, Connection connection) {
            return units.run(test, connection);
        }
    }

    private DataTest compiledOn(IntrospectingTests introspecting, DataTest test, Connection connection) {
        return introspecting.compiledOn(test, new ConnectionDatabase(connection), SingleQuery.on(connection), reporter);
    }

    private int threads(Lake lake) {
        return lake.writer().inBuild() ? 1 : Math.max(1, settings.effectiveThreads());
    }

    private static Path compiledTests(Path outputDirectory, Project project) {
        return outputDirectory.resolve("compiled").resolve(project.name()).resolve("data_tests");
    }

    private static void createAuditSchemas(Lake lake, List<DataTest> tests) {
        try {
            DataTestQueries.createAuditSchemas(lake, tests);
        } catch (SQLException e) {
            throw new TestbedException("Cannot create the schemas for stored test failures: " + SqlErrors.message(e), null, e);
        }
    }

    private void summarize(RunResult result) {
        Map<Materialization, Long> kinds = result.models().stream()
                .filter(m -> m.status() == ModelStatus.SUCCESS)
                .collect(Collectors.groupingBy(m -> m.model().config().materialized(), () -> new EnumMap<>(Materialization.class),
                        Collectors.counting()));
        String built = kinds.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)
                        + (e.getKey() == Materialization.SEED || e.getKey() == Materialization.SNAPSHOT ? (e.getValue() == 1 ? "" : "s")
                        : e.getValue() == 1 ? " model" : " models"))
                .collect(Collectors.joining(", "));
        long kept = result.count(ModelStatus.UP_TO_DATE);
        reporter.info(String.format(Locale.ROOT, "Finished running %s in %.2f s. PASS=%d ERROR=%d SKIP=%d TOTAL=%d%s",
                built.isEmpty() ? "no models" : built, result.elapsed().toNanos() / 1e9, result.count(ModelStatus.SUCCESS),
                result.count(ModelStatus.ERROR), result.count(ModelStatus.SKIPPED), result.models().size(),
                kept > 0 ? " (" + kept + " up to date)" : ""));
    }

    private void summarize(TestRunResult result) {
        long skipped = result.count(TestStatus.SKIPPED);
        long units = result.results().stream().filter(TestResult::isUnit).count();
        String kind = units == 0 ? "data tests" : units == result.results().size() ? "unit tests" : "data and unit tests";
        reporter.info(String.format(Locale.ROOT, "Finished running %d %s in %.2f s. PASS=%d WARN=%d FAIL=%d ERROR=%d %sTOTAL=%d",
                result.results().size(), kind, result.elapsed().toNanos() / 1e9, result.count(TestStatus.PASS), result.count(TestStatus.WARN),
                result.count(TestStatus.FAIL), result.count(TestStatus.ERROR), skipped > 0 ? "SKIP=" + skipped + " " : "", result.results().size()));
    }
}
