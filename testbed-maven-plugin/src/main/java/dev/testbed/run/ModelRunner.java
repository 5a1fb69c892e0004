package dev.testbed.run;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Relation;
import dev.testbed.compile.SingleQuery;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Heartbeat;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.graph.Selector;
import dev.testbed.project.Materialization;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.RunHooks;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.state.LakeNodeStates;
import dev.testbed.state.Relations;
import dev.testbed.seeds.SeedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * run-models: parse → graph → compile → execute; the task layer writes the artifacts and the history. Models
 * run in dependency order on parallel workers, each as its own DuckLake transaction, so a failure leaves the
 * models built before it committed and skips only what depends on it.
 */
public final class ModelRunner {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final String runId;
    private final Heartbeat.Timing heartbeat;
    private final ModelRecorder recorder;

    /**
     * @param runId     the id this run's records get (one Maven build shares one id); shown in the log
     * @param heartbeat when a model still running is reported: a start line, then one at every interval
     * @param recorder  keeps the record of each model's outcome
     */
    public ModelRunner(DuckDbSettings settings, Reporter reporter, String runId, Heartbeat.Timing heartbeat, ModelRecorder recorder) {
        this.settings = settings;
        this.reporter = reporter;
        this.runId = runId;
        this.heartbeat = heartbeat;
        this.recorder = recorder;
    }

    /**
     * Runs the selected models and prints their summary. The caller writes the artifacts, then throws the outcome's
     * {@code endFailure} if there is one.
     */
    public RunOutcome run(RunRequest request) {
        long started = System.nanoTime();
        ProjectGraph loaded = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        Project project = loaded.project();
        ModelCompiler compiler = loaded.compiler();
        ModelGraph graph = loaded.graph();
        Map<SourceKey, SourceTable> sources = new LinkedHashMap<>();
        project.sources().forEach(source -> sources.put(source.key(), source));
        Set<String> selected = Selector.select(graph, request.select(), request.exclude(), warning -> { },
                new LakeNodeStates(new Relations(project, compiler, graph), request.location(), settings));
        Execution execution = new Execution(request, project, compiler, graph, selected);
        reporter.info(String.format(Locale.ROOT, "Found %d models, %d seeds, %d sources in %s; running %d with %d threads (run id %s)",
                project.models().size(), project.seeds().size(), sources.size(), project.root(), execution.runnable.size(),
                settings.effectiveThreads(), runId));
        execution.requireOneQueryEach();
        // run-models runs them, as dbt run (and dbt build) does; verify-metrics does not, so that the one Maven build
        // (run-models then verify-metrics, like one dbt build) runs each once
        ProjectOperations operations = new ProjectOperations(RunHooks.read(project.root(), project.name()), compiler, reporter);
        List<ModelResult> results;
        TestbedException endFailure;
        try (Lake lake = Lake.open(request.location(), settings)) {
            results = execution.run(lake, operations);
            recordUnsuccessful(lake, results);
            endFailure = operations.end(lake.connection(), execution.operationContext(), results, project.name());
        }
        RunResult result = new RunResult(results, Duration.ofNanos(System.nanoTime() - started));
        summarize(result);
        return new RunOutcome(loaded, List.copyOf(sources.values()), Map.copyOf(execution.relations), result, endFailure);
    }

    private void recordUnsuccessful(Lake lake, List<ModelResult> results) {
        List<ModelResult> unsuccessful = results.stream().filter(r -> r.status() != ModelStatus.SUCCESS).toList();
        if (!unsuccessful.isEmpty()) {
            recorder.unsuccessful(lake, unsuccessful);
        }
    }

    /** A built model's message: rows written (or OK for a view), and the attempt when it took more than one. */
    private static String outcome(long rows, int attempt) {
        return (rows >= 0 ? "SELECT " + rows : "OK") + (attempt > 1 ? " (attempt " + attempt + ")" : "");
    }

    private void summarize(RunResult result) {
        Map<Materialization, Long> kinds = result.models().stream()
                .filter(m -> m.status() == ModelStatus.SUCCESS)
                .collect(Collectors.groupingBy(m -> m.model().config().materialized(), () -> new EnumMap<>(Materialization.class),
                        Collectors.counting()));
        String built = kinds.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)
                        + (e.getKey() == Materialization.SEED ? (e.getValue() == 1 ? "" : "s") : e.getValue() == 1 ? " model" : " models"))
                .collect(Collectors.joining(", "));
        reporter.info(String.format(Locale.ROOT, "Finished running %s in %.2f s. PASS=%d ERROR=%d SKIP=%d TOTAL=%d",
                built.isEmpty() ? "no models" : built, result.elapsed().toNanos() / 1e9, result.count(ModelStatus.SUCCESS),
                result.count(ModelStatus.ERROR), result.count(ModelStatus.SKIPPED), result.models().size()));
    }

    /** The state of one run: which models are done, their relations, and the workers' connections. */
    private final class Execution {

        private final RunRequest request;
        private final Project project;
        private final ModelCompiler compiler;
        private final ModelGraph graph;
        private final Set<String> selected;
        private final Set<String> runnable;
        private final Map<String, String> relations = new HashMap<>();
        private final Map<String, String> schemas = new HashMap<>();
        private Materializer materializer;
        private int finished;

        Execution(RunRequest request, Project project, ModelCompiler compiler, ModelGraph graph, Set<String> selected) {
            // As in dbt, ephemeral models are not run: they are compiled into the models that use them.
            this.runnable = selected.stream().filter(name -> graph.model(name).config().materialized() != Materialization.EPHEMERAL)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            this.request = request;
            this.project = project;
            this.compiler = compiler;
            this.graph = graph;
            this.selected = selected;
            for (ParsedModel model : graph.models()) {
                String schema = compiler.schemaFor(model);
                schemas.put(model.name(), schema);
                relations.put(model.name(), model.config().materialized() == Materialization.EPHEMERAL
                        ? "__dbt__cte__" + model.name() : compiler.relationFor(model));
            }
        }

        List<ModelResult> run(Lake lake, ProjectOperations operations) {
            materializer = new Materializer(request.target().catalog(), lake.writer());
            createSchemas(lake);
            recorder.prepare(lake, project, graph);
            operations.start(lake.connection(), operationContext()); // after the schemas exist, as in dbt
            int workers = Math.max(1, settings.effectiveThreads());
            BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(workers);
            ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread thread = new Thread(runnable, "testbed-model");
                thread.setDaemon(true);
                return thread;
            });
            List<ModelResult> results = new ArrayList<>();
            try (Heartbeat beats = new Heartbeat(heartbeat)) {
                connections.addAll(lake.openWorkerConnections(workers));
                schedule(pool, connections, results, beats);
            } catch (SQLException e) {
                throw new TestbedException("Cannot open worker connections to the lake: " + SqlErrors.message(e), null, e);
            } finally {
                pool.shutdownNow();
                connections.forEach(Execution::closeQuietly);
            }
            return results;
        }

        /**
         * Runs every runnable model once all its runnable parents (looking through ephemeral models) succeeded;
         * skips the descendants of failures.
         */
        private void schedule(ExecutorService pool, BlockingQueue<Connection> connections, List<ModelResult> results, Heartbeat beats) {
            Map<String, Integer> waitingOn = new HashMap<>();
            Map<String, Set<String>> children = new HashMap<>();
            for (String name : runnable) {
                Set<String> parents = runnableParents(name);
                waitingOn.put(name, parents.size());
                parents.forEach(parent -> children.computeIfAbsent(parent, p -> new TreeSet<>()).add(name));
            }
            CompletionService<ModelResult> completions = new ExecutorCompletionService<>(pool);
            Set<String> ready = new TreeSet<>();
            waitingOn.forEach((name, count) -> {
                if (count == 0) {
                    ready.add(name);
                }
            });
            Set<String> skipped = new LinkedHashSet<>();
            int running = 0;
            while (!ready.isEmpty() || running > 0) {
                for (String name : ready) {
                    completions.submit(() -> buildWithConnection(name, connections, beats));
                    running++;
                }
                ready.clear();
                ModelResult result = take(completions);
                running--;
                results.add(result);
                report(result);
                for (String child : children.getOrDefault(result.model().name(), Set.of())) {
                    if (skipped.contains(child)) {
                        continue;
                    }
                    if (result.status() != ModelStatus.SUCCESS) {
                        skipDescendants(result.model().name(), child, skipped, results);
                    } else if (waitingOn.merge(child, -1, Integer::sum) == 0) {
                        ready.add(child);
                    }
                }
            }
        }

        /** The runnable models this one waits for: its parents, with ephemeral parents replaced by theirs. */
        private Set<String> runnableParents(String name) {
            Set<String> parents = new TreeSet<>();
            for (String parent : graph.parents(name)) {
                if (graph.model(parent).config().materialized() == Materialization.EPHEMERAL) {
                    parents.addAll(runnableParents(parent));
                } else if (runnable.contains(parent)) {
                    parents.add(parent);
                }
            }
            return parents;
        }

        private void skipDescendants(String failed, String child, Set<String> skipped, List<ModelResult> results) {
            List<String> toSkip = new ArrayList<>();
            toSkip.add(child);
            toSkip.addAll(graph.descendants(child));
            for (String name : toSkip) {
                if (runnable.contains(name) && skipped.add(name)) {
                    ModelResult result = new ModelResult(graph.model(name), ModelStatus.SKIPPED, relations.get(name), -1, Instant.now(),
                            Duration.ZERO, "skipped because upstream model " + failed + " failed", "");
                    results.add(result);
                    report(result);
                }
            }
        }

        private ModelResult take(CompletionService<ModelResult> completions) {
            try {
                return completions.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestbedException("run-models was interrupted.", null, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a model task failed outside its own error handling", e.getCause());
            }
        }

        private ModelResult buildWithConnection(String name, BlockingQueue<Connection> connections, Heartbeat beats)
                throws InterruptedException {
            Connection connection = connections.take();
            ParsedModel model = graph.model(name);
            // watched from the moment it has a connection: time spent waiting for a free worker is not its own
            try (Heartbeat.Watch ignored = beats.watch(displayName(model) + " (" + kind(model) + ")", reporter)) {
                return build(model, connection);
            } finally {
                connections.add(connection);
            }
        }

        private ModelResult build(ParsedModel model, Connection connection) {
            Instant started = Instant.now();
            long start = System.nanoTime();
            String relation = relations.get(model.name());
            String sql = "";
            try {
                // the relation's own name: an alias replaces the model's name in the lake
                Materializer.Existing existing = materializer.existing(connection, schemas.get(model.name()),
                        Relation.parse(relation).getIdentifier());
                boolean incremental = model.config().materialized() == Materialization.INCREMENTAL && !request.fullRefresh()
                        && existing == Materializer.Existing.TABLE;
                SeedTable seedTable = null;
                boolean truncateSeed = false;
                if (model.config().materialized() == Materialization.SEED) {
                    seedTable = Seeds.table(model, reporter::warn);
                    // dbt truncates an existing seed table and reloads it; only a full refresh drops and recreates it
                    truncateSeed = existing == Materializer.Existing.TABLE && !Seeds.options(model).fullRefresh(request.fullRefresh());
                    sql = (truncateSeed ? SeedTable.truncateSql(relation) : seedTable.createSql(relation)) + ";\n" + seedTable.copySql(relation);
                } else {
                    sql = compile(model, incremental, SingleQuery.on(connection));
                    writeCompiled(model, sql);
                }
                NodeHooks hooks = NodeHooks.render(model, compiler, context(model, incremental));
                String commitMessage = "run-models: " + model.name() + " (" + model.config().materialized().name().toLowerCase(Locale.ROOT) + ")";
                AtomicInteger attempt = new AtomicInteger(1);
                final String compiledSql = sql;
                Materializer.InTransaction record = (transaction, written) -> recorder.built(transaction, request.target().catalog(),
                        new ModelResult(model, ModelStatus.SUCCESS, relation, written, started, Duration.ofNanos(System.nanoTime() - start),
                                outcome(written, attempt.get()), compiledSql));
                LakeWriter.RerunListener reruns = (next, lost) -> {
                    attempt.set(next);
                    reporter.warn("  " + model.name() + ": another writer committed to the lake first and DuckLake refused this commit ("
                            + LakeWriter.conflictReason(lost) + "); rolled back, building it again, attempt " + next + " of " + LakeWriter.MAX_ATTEMPTS);
                };
                long rows = seedTable != null
                        ? materializer.buildSeed(connection, relation, existing, seedTable, truncateSeed, commitMessage, record, reruns, hooks)
                        : materializer.build(connection, model, relation, existing, sql, incremental, commitMessage, record, reruns, hooks);
                return new ModelResult(model, ModelStatus.SUCCESS, relation, rows, started, Duration.ofNanos(System.nanoTime() - start),
                        outcome(rows, attempt.get()), sql);
            } catch (SQLException e) {
                String message = LakeWriter.isCommitConflict(e)
                        ? "lost the commit to other writers " + LakeWriter.MAX_ATTEMPTS + " times in a row (commit conflict: " + LakeWriter.conflictReason(e)
                          + "); each attempt was rolled back, so the lake holds the other writers' version of " + relation
                          + ". Run the build again when the other builds have finished."
                        : SqlErrors.message(e);
                return failure(model, relation, started, start, message, sql);
            } catch (TestbedException e) {
                return failure(model, relation, started, start, e.getMessage(), sql);
            }
        }

        private ModelResult failure(ParsedModel model, String relation, Instant started, long start, String message, String sql) {
            // DuckDB's LINE n counts lines of the compiled SQL (ephemeral CTEs come first), so point at that file
            Path compiled = compiledPath(model);
            String where = Files.isRegularFile(compiled) ? System.lineSeparator() + "compiled SQL: " + compiled : "";
            return new ModelResult(model, ModelStatus.ERROR, relation, -1, started, Duration.ofNanos(System.nanoTime() - start),
                    "model " + model.name() + " (" + model.file().relativePath() + "): " + message + where, sql);
        }

        private Path compiledPath(ParsedModel model) {
            return request.outputDirectory().resolve("compiled").resolve(project.name()).resolve(model.file().relativePath());
        }

        /**
         * Before anything runs, every model this run compiles must be one query, in each variant it may render here
         * (an incremental model's {@code is_incremental()} branch too); all refusals are reported at once. Template
         * errors are left to the model's own build, which reports them as before.
         */
        void requireOneQueryEach() {
            Set<String> compiled = new LinkedHashSet<>();
            for (String name : runnable) {
                if (graph.model(name).config().materialized() != Materialization.SEED) {
                    compiled.add(name);
                    compiled.addAll(ephemeralAncestors(graph.model(name)));
                }
            }
            try (SingleQuery check = SingleQuery.open(settings)) {
                for (String name : compiled) {
                    ParsedModel model = graph.model(name);
                    boolean mayIncrement = model.config().materialized() == Materialization.INCREMENTAL && !request.fullRefresh();
                    for (boolean incremental : mayIncrement ? List.of(false, true) : List.of(false)) {
                        String sql;
                        try {
                            sql = renderUnchecked(model, incremental);
                        } catch (TestbedException e) {
                            continue;
                        }
                        if (check.check(origin(model), sql) == null) {
                            break; // one refusal per file
                        }
                    }
                }
                check.throwIfRefused();
            }
        }

        private static String origin(ParsedModel model) {
            return model.file().relativePath() + " (model " + model.name() + ")";
        }

        /** The model's SQL with refs resolved; ephemeral ancestors become CTEs in front of it. */
        private String compile(ParsedModel model, boolean incremental, SingleQuery check) {
            String body = render(model, incremental, check);
            List<String> ephemerals = ephemeralAncestors(model);
            if (ephemerals.isEmpty()) {
                return body;
            }
            List<String> ctes = new ArrayList<>();
            for (String name : ephemerals) {
                String ephemeralSql = render(graph.model(name), false, check);
                writeCompiled(graph.model(name), ephemeralSql);
                ctes.add(relations.get(name) + " AS (" + ephemeralSql + ")");
            }
            return "WITH " + String.join(",\n", ctes) + "\nSELECT * FROM (\n" + body + "\n)";
        }

        /** The rendered SQL, checked again here: only text that DuckDB's parser found to be one query is ever run. */
        private String render(ParsedModel model, boolean incremental, SingleQuery check) {
            return check.require(origin(model), renderUnchecked(model, incremental));
        }

        private String renderUnchecked(ParsedModel model, boolean incremental) {
            synchronized (compiler) { // one Jinja engine for the run; rendering is cheap next to execution
                return compiler.compile(model, context(model, incremental));
            }
        }

        /** What on-run-start and on-run-end see: the run's relations, and no {@code this}. */
        CompileContext operationContext() {
            return new CompileContext(relations::get, compiler::sourceRelation, false, null);
        }

        /** What a model's templates (its SQL and its hooks) see: the run's relations, and itself as {@code this}. */
        private CompileContext context(ParsedModel model, boolean incremental) {
            return new CompileContext(relations::get, compiler::sourceRelation, incremental, relations.get(model.name()));
        }

        /** Ephemeral models this one reaches through ephemeral models only, in dependency order. */
        private List<String> ephemeralAncestors(ParsedModel model) {
            Set<String> found = new LinkedHashSet<>();
            collectEphemeral(model.name(), found);
            List<String> ordered = new ArrayList<>(graph.topologicalOrder());
            ordered.retainAll(found);
            return ordered;
        }

        private void collectEphemeral(String name, Set<String> found) {
            for (String parent : graph.parents(name)) {
                if (graph.model(parent).config().materialized() == Materialization.EPHEMERAL && found.add(parent)) {
                    collectEphemeral(parent, found);
                }
            }
        }

        private void createSchemas(Lake lake) {
            Set<String> needed = new TreeSet<>();
            for (String name : selected) {
                if (graph.model(name).config().materialized() != Materialization.EPHEMERAL) {
                    needed.add(schemas.get(name));
                }
            }
            try {
                lake.writer().ensureSchemas(needed);
            } catch (SQLException e) {
                throw new TestbedException("Cannot create the model schemas " + needed + ": " + SqlErrors.message(e), null, e);
            }
        }

        private void writeCompiled(ParsedModel model, String sql) {
            Path file = compiledPath(model);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, sql + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write compiled SQL to " + file, e);
            }
        }

        private synchronized void report(ModelResult result) {
            finished++;
            String kind = kind(result.model());
            String what = switch (result.status()) {
                case SUCCESS -> result.model().config().materialized() == Materialization.SEED
                        ? "OK loaded seed file " + displayName(result) : "OK created sql " + kind + " model " + displayName(result);
                case ERROR -> "ERROR creating sql " + kind + " model " + displayName(result);
                case SKIPPED -> "SKIP relation " + displayName(result) + " due to upstream failure";
            };
            String outcome = switch (result.status()) {
                case SUCCESS -> result.rowsAffected() >= 0 ? "SELECT " + result.rowsAffected() : "OK";
                case ERROR -> "ERROR";
                case SKIPPED -> "SKIP";
            };
            String line = String.format(Locale.ROOT, "%3d of %d %s [%s in %.2fs]", finished, runnable.size(), what, outcome,
                    result.elapsed().toNanos() / 1e9);
            if (result.status() == ModelStatus.ERROR) {
                // at ERROR level, so that mvn -q shows the model, its file and the database error
                reporter.error(line + System.lineSeparator() + "    " + result.message().replace("\n", "\n    "));
            } else {
                reporter.info(line);
            }
        }

        private String displayName(ModelResult result) {
            return displayName(result.model());
        }

        private String displayName(ParsedModel model) {
            return schemas.get(model.name()) + "." + model.name();
        }

        private static String kind(ParsedModel model) {
            return model.config().materialized().name().toLowerCase(Locale.ROOT);
        }

        private static void closeQuietly(Connection connection) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lake's own connection is closed right after
            }
        }
    }
}
