package dev.testbed.engine;

import dev.testbed.core.Heartbeat;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.BuildDecisions;
import dev.testbed.graph.BuildDecisions.Decision;
import dev.testbed.project.ParsedModel;
import dev.testbed.results.DataTest;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.Severity;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestStatus;
import dev.testbed.unit.UnitTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The build's one executor: workers take the nodes whose parents are done, the build decisions say per node whether it is
 * built or kept, one failure policy skips what depends on a failure, and one printer reports every node.
 */
final class Executor {

    /** How a node is built or run on a worker's connection. */
    interface Work {
        ModelResult build(ParsedModel model, Connection connection);

        TestResult test(DataTest test, Connection connection);

        /** Runs a unit test; the connection only reads the column types of its inputs. */
        TestResult unit(UnitTest test, Connection connection);

        /** The result of a model not built: skipped because of {@code cause}, or kept as it is. */
        ModelResult notBuilt(ParsedModel model, ModelStatus status, String cause);

        /** The data tests about to run that became ready together, before any of them runs (they may share work). */
        default void starting(List<DataTest> tests) {
        }
    }

    /** What the executor returns: every model's and test's result, in the order they finished. */
    record Executed(List<ModelResult> models, List<TestResult> tests) {
    }

    private final Reporter reporter;
    private final Heartbeat.Timing heartbeat;
    private final BuildDecisions decisions;
    private final NodePrinter printer;
    private final Function<String, String> displayName;

    /** @param displayName how the heartbeat names a model: {@code schema.name} */
    Executor(Reporter reporter, Heartbeat.Timing heartbeat, BuildDecisions decisions, NodePrinter printer, Function<String, String> displayName) {
        this.displayName = displayName;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
        this.decisions = decisions;
        this.printer = printer;
    }

    /**
     * Runs every node of {@code graph} on the {@code connections}, one worker each; the caller owns the connections.
     *
     * @param rebuiltEarlier the seeds and models an earlier goal of this build rebuilt (run-models', for verify-metrics)
     */
    Executed run(BuildGraph graph, List<Connection> connections, Work work, Set<String> rebuiltEarlier) {
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        Set<String> ready = new TreeSet<>();
        for (Node node : graph.nodes()) {
            Set<String> parents = graph.parents(node.key());
            waitingOn.put(node.key(), parents.size());
            parents.forEach(parent -> children.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(node.key()));
            if (parents.isEmpty()) {
                ready.add(node.key());
            }
        }
        BlockingQueue<Connection> free = new ArrayBlockingQueue<>(connections.size(), false, connections);
        ExecutorService pool = Executors.newFixedThreadPool(connections.size(), runnable -> {
            Thread thread = new Thread(runnable, "testbed-node");
            thread.setDaemon(true);
            return thread;
        });
        List<ModelResult> models = new ArrayList<>();
        List<TestResult> tests = new ArrayList<>();
        Set<String> rebuilt = new TreeSet<>(rebuiltEarlier);
        Set<String> skipped = new LinkedHashSet<>();
        try (Heartbeat beats = new Heartbeat(heartbeat)) {
            CompletionService<Finished> completions = new ExecutorCompletionService<>(pool);
            int running = 0;
            while (!ready.isEmpty() || running > 0) {
                Map<String, Decision> decided = new LinkedHashMap<>();
                for (String key : ready) {
                    Node node = graph.node(key);
                    Set<String> readRebuilt = new TreeSet<>(graph.reads(key));
                    readRebuilt.retainAll(rebuilt);
                    decided.put(key, node instanceof Node.Model m ? decisions.model(m.model().name(), readRebuilt)
                            : decisions.test(testOf(node).name(), readRebuilt));
                }
                work.starting(decided.entrySet().stream().filter(e -> !(e.getValue() instanceof Decision.UpToDate))
                        .map(e -> graph.node(e.getKey())).filter(Node.Test.class::isInstance).map(n -> ((Node.Test) n).test()).toList());
                for (Map.Entry<String, Decision> entry : decided.entrySet()) {
                    Node node = graph.node(entry.getKey());
                    Decision decision = entry.getValue();
                    if (decision instanceof Decision.UpToDate kept) {
                        completions.submit(() -> kept(node, kept, work));
                    } else {
                        completions.submit(() -> runOn(node, decision, free, beats, work));
                    }
                    running++;
                }
                ready.clear();
                Finished done = take(completions);
                running--;
                String failed = null;
                if (done.model() != null) {
                    models.add(done.model());
                    printer.model(done.model(), done.why());
                    if (done.model().status() == ModelStatus.SUCCESS) {
                        rebuilt.add(done.node().key());
                    } else if (done.model().status() == ModelStatus.ERROR) {
                        failed = "upstream model " + done.model().model().name() + " failed";
                    }
                } else {
                    tests.add(done.test());
                    printer.test(done.test(), done.why());
                    if (failsDescendants(done.test())) {
                        failed = "test " + done.test().test().name() + " failed";
                    }
                }
                for (String child : children.getOrDefault(done.node().key(), Set.of())) {
                    if (skipped.contains(child)) {
                        continue;
                    }
                    if (failed != null) {
                        skip(graph, child, failed, skipped, children, models, tests, work);
                    } else if (waitingOn.merge(child, -1, Integer::sum) == 0) {
                        ready.add(child);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Executed(List.copyOf(models), List.copyOf(tests));
    }

    /** dbt build: a test that fails (or cannot run) with severity error stops what is built on the models it tests. */
    private static boolean failsDescendants(TestResult result) {
        return result.status() == TestStatus.FAIL || result.status() == TestStatus.ERROR && result.test().severity() == Severity.ERROR;
    }

    /** Skips {@code key} and everything that waits on it: models and tests alike are reported skipped, as dbt build does. */
    private void skip(BuildGraph graph, String key, String cause, Set<String> skipped, Map<String, Set<String>> children,
                      List<ModelResult> models, List<TestResult> tests, Work work) {
        if (!skipped.add(key)) {
            return;
        }
        if (graph.node(key) instanceof Node.Model m) {
            ModelResult result = work.notBuilt(m.model(), ModelStatus.SKIPPED, "skipped because " + cause);
            models.add(result);
            printer.model(result, null);
        } else {
            TestResult result = TestResult.skipped(testOf(graph.node(key)), "skipped because " + cause);
            tests.add(result);
            printer.test(result, null);
        }
        for (String child : children.getOrDefault(key, Set.of())) {
            skip(graph, child, cause, skipped, children, models, tests, work);
        }
    }

    private static Finished kept(Node node, Decision.UpToDate kept, Work work) {
        String why = kept.reason().isBlank() ? "up to date, snapshot " + kept.snapshot() : kept.reason();
        return node instanceof Node.Model m ? new Finished(node, work.notBuilt(m.model(), ModelStatus.UP_TO_DATE, why), null, why)
                : new Finished(node, null, TestResult.upToDate(testOf(node), why), why);
    }

    private Finished runOn(Node node, Decision decision, BlockingQueue<Connection> free, Heartbeat beats, Work work)
            throws InterruptedException {
        Connection connection = free.take();
        // watched from the moment it has a connection: time spent waiting for a free worker is not its own
        try (Heartbeat.Watch ignored = beats.watch(describe(node), reporter)) {
            if (node instanceof Node.Model m) {
                return new Finished(node, work.build(m.model(), connection), null, decision.reason());
            }
            TestResult result = node instanceof Node.Unit u ? work.unit(u.unit(), connection) : work.test(((Node.Test) node).test(), connection);
            return new Finished(node, null, result, decision.reason());
        } finally {
            free.add(connection);
        }
    }

    private String describe(Node node) {
        if (node instanceof Node.Model m) {
            return displayName.apply(m.model().name()) + " (" + m.model().config().materialized().name().toLowerCase(Locale.ROOT) + ")";
        }
        return node instanceof Node.Unit u ? "unit test " + u.unit().displayName() : "test " + ((Node.Test) node).test().name();
    }

    /** A data test's or unit test's view as a test, for decisions and results. */
    private static DataTest testOf(Node node) {
        return node instanceof Node.Unit u ? u.unit().test() : ((Node.Test) node).test();
    }

    private static Finished take(CompletionService<Finished> completions) {
        try {
            return completions.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("The build was interrupted.", null, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a node failed outside its own error handling", e.getCause());
        }
    }

    /** One node done: its result (a model's or a test's) and why it was built or kept. */
    private record Finished(Node node, ModelResult model, TestResult test, String why) {
    }
}
