package dev.testbed.run;

import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Relation;
import dev.testbed.compile.SingleQuery;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Reporter;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Materialization;
import dev.testbed.project.Microbatch;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.RunHooks;
import dev.testbed.project.SourceKey;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How run-models builds one model or seed, and what a run does around its nodes: the schemas, the run history's
 * preparation, on-run-start and on-run-end. The build engine decides which node is built when and on which
 * connection; this class knows how. Each build is its own DuckLake transaction unless the lake has a build
 * transaction open ({@link LakeWriter#beginBuild}), which the build then joins.
 */
public final class ModelBuilds {

    private final DuckDbSettings settings;
    private final Reporter reporter;
    private final ModelRecorder recorder;
    private final RunRequest request;
    private final Project project;
    private final ModelCompiler compiler;
    private final ModelGraph graph;
    private final ProjectGraph loaded;
    private final Map<String, String> relations = new HashMap<>();
    private final Map<String, String> schemas = new HashMap<>();
    /** The source tables that declare an event_time, which a microbatch model's batches filter. */
    private final Map<SourceKey, String> sourceEventTimes = new HashMap<>();
    private final ProjectOperations operations;
    private Materializer materializer;

    /** @param recorder keeps the record of each model's outcome */
    public ModelBuilds(DuckDbSettings settings, Reporter reporter, RunRequest request, ProjectGraph loaded, ModelRecorder recorder) {
        this.settings = settings;
        this.reporter = reporter;
        this.recorder = recorder;
        this.request = request;
        this.project = loaded.project();
        this.compiler = loaded.compiler();
        this.graph = loaded.graph();
        this.loaded = loaded;
        for (ParsedModel model : graph.models()) {
            schemas.put(model.name(), compiler.schemaFor(model));
            relations.put(model.name(), model.config().materialized() == Materialization.EPHEMERAL
                    ? "__dbt__cte__" + model.name() : compiler.relationFor(model));
        }
        project.sources().stream().filter(table -> table.eventTime() != null).forEach(table -> sourceEventTimes.put(table.key(), table.eventTime()));
        // run-models runs them, as dbt run (and dbt build) does; verify-metrics does not, so that the one Maven build
        // (run-models then verify-metrics, like one dbt build) runs each once
        this.operations = new ProjectOperations(RunHooks.of(project), compiler, reporter);
    }

    /** Each model's relation (or CTE name for an ephemeral model), by model name. */
    public Map<String, String> relations() {
        return Map.copyOf(relations);
    }

    /**
     * Before any node runs, on the lake's own connection: creates the schemas of the {@code runnable} models, prepares
     * their record and runs on-run-start (after the schemas exist, as in dbt).
     */
    public void start(Lake lake, Collection<String> runnable) {
        materializer = new Materializer(request.target().catalog(), lake.writer());
        createSchemas(lake, runnable);
        recorder.prepare(lake, loaded);
        operations.start(lake.connection(), operationContext(lake));
    }

    /**
     * After every node: records the failed and skipped models, then runs on-run-end.
     *
     * @return why on-run-end failed, or null; the caller throws it after writing the artifacts
     */
    public TestbedException end(Lake lake, List<ModelResult> results) {
        List<ModelResult> unsuccessful = results.stream()
                .filter(r -> r.status() == ModelStatus.ERROR || r.status() == ModelStatus.SKIPPED).toList();
        if (!unsuccessful.isEmpty()) {
            recorder.unsuccessful(lake, unsuccessful);
        }
        return operations.end(lake.connection(), operationContext(lake), results, project::packageOf);
    }

    /** The result of a model not built because {@code cause}. */
    public ModelResult notBuilt(String name, ModelStatus status, String cause) {
        return new ModelResult(graph.model(name), status, relations.get(name), -1, Instant.now(), Duration.ZERO, cause, "");
    }

    /** How the log names a model: {@code schema.name}. */
    public String displayName(String name) {
        return schemas.get(name) + "." + name;
    }

    /** Builds the model or seed {@code name} on {@code connection} (a worker's connection to the lake). */
    public ModelResult build(String name, Connection connection) {
        return build(graph.model(name), connection);
    }

    /** A built model's message: rows written (or OK for a view), and the attempt when it took more than one. */
    private static String outcome(long rows, int attempt) {
        return (rows >= 0 ? "SELECT " + rows : "OK") + (attempt > 1 ? " (attempt " + attempt + ")" : "");
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
            if (model.config().materialized() == Materialization.INCREMENTAL && model.config().incrementalStrategy() == IncrementalStrategy.MICROBATCH) {
                return buildBatches(model, connection, existing, incremental, started, start);
            }
            SeedTable seedTable = null;
            boolean truncateSeed = false;
            if (model.config().materialized() == Materialization.SEED) {
                seedTable = Seeds.table(model, reporter::warn);
                // dbt truncates an existing seed table and reloads it; only a full refresh drops and recreates it
                truncateSeed = existing == Materializer.Existing.TABLE && !Seeds.options(model).fullRefresh(request.fullRefresh());
                sql = (truncateSeed ? SeedTable.truncateSql(relation) : seedTable.createSql(relation)) + ";\n" + seedTable.copySql(relation);
            } else {
                sql = compile(model, incremental, SingleQuery.on(connection), new ConnectionDatabase(connection));
                writeCompiled(model, sql);
            }
            NodeHooks hooks = NodeHooks.render(model, compiler, context(model, incremental, new ConnectionDatabase(connection)));
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
                    : model.config().materialized() == Materialization.SNAPSHOT
                    ? materializer.buildSnapshot(connection, model, relation, sql, commitMessage, record, reruns, hooks)
                    : materializer.build(connection, model, relation, existing, sql, incremental, contract(model), null,
                    commitMessage, record, reruns, hooks);
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

    private Contract contract(ParsedModel model) {
        return Contract.of(model, project.properties() == null ? null : project.properties().get(model.name()), project.root());
    }

    /**
     * A microbatch model, built as dbt builds it: its batches one after another, each compiled with its inputs that
     * declare an {@code event_time} filtered to the batch's times, and each its own transaction (its own snapshot), unless
     * the build is published atomically, when all join the build's one transaction. The first batch creates the table
     * when it does not exist (or on a full refresh); the others delete their times from it and insert the new rows of
     * those times. As in dbt, the pre-hooks run with the first batch and the post-hooks with the last, and after a
     * failed batch the later ones still run, unless the table could not be created; the model then fails naming the
     * failed batches and how to build them again.
     */
    private ModelResult buildBatches(ParsedModel model, Connection connection, Materializer.Existing existing, boolean incremental,
                                     Instant started, long start) {
        String relation = relations.get(model.name());
        Microbatch config = Microbatch.of(model.name(), model.config().raw(), model.file().relativePath());
        if (!model.config().uniqueKey().isEmpty()) {
            return failure(model, relation, started, start, "microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per "
                    + "batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'. "
                    + "(dbt-duckdb's message)", "");
        }
        List<Batch> batches = Batch.plan(config, incremental, request.eventTimeStart(), request.eventTimeEnd(), LocalDateTime.now(ZoneOffset.UTC));
        Contract contract = contract(model);
        boolean exists = incremental;
        long total = 0;
        List<String> failed = new ArrayList<>();
        int stopped = 0;
        String sql = "";
        for (int i = 0; i < batches.size(); i++) {
            Batch batch = batches.get(i);
            boolean last = i == batches.size() - 1;
            try {
                sql = compile(model, exists, SingleQuery.on(connection), new ConnectionDatabase(connection), batch);
                writeCompiled(model, sql);
                NodeHooks hooks = NodeHooks.render(model, compiler, context(model, exists, new ConnectionDatabase(connection), batch));
                hooks = i == 0 ? hooks : hooks.withoutPre();
                hooks = last ? hooks : hooks.withoutPost();
                final String batchSql = sql;
                final long before = total;
                Materializer.InTransaction record = !last || !failed.isEmpty() ? (transaction, written) -> { } : (transaction, written) -> recorder.built(
                        transaction, request.target().catalog(), new ModelResult(model, ModelStatus.SUCCESS, relation, before + written, started,
                                Duration.ofNanos(System.nanoTime() - start), outcome(before + written, 1), batchSql));
                LakeWriter.RerunListener reruns = (next, lost) -> reporter.warn("  " + model.name() + " batch " + batch.id() + ": another writer committed "
                        + "to the lake first (" + LakeWriter.conflictReason(lost) + "); rolled back, building it again, attempt " + next + " of " + LakeWriter.MAX_ATTEMPTS);
                total += materializer.build(connection, model, relation, exists ? Materializer.Existing.TABLE : existing, sql, exists, contract, batch,
                        "run-models: " + model.name() + " (microbatch " + batch.id() + ")", record, reruns, hooks);
                exists = true;
                reporter.info("    batch " + (i + 1) + " of " + batches.size() + " of " + model.name() + " (" + batch.id() + "): OK");
            } catch (SQLException | TestbedException e) {
                String cause = e instanceof SQLException sqlException ? SqlErrors.message(sqlException) : e.getMessage();
                failed.add(batch.id() + ": " + cause);
                reporter.warn("    batch " + (i + 1) + " of " + batches.size() + " of " + model.name() + " (" + batch.id() + ") failed: " + cause);
                if (!exists || materializer.inBuildTransaction()) {
                    // dbt skips the other batches when the first cannot create the table; in an atomic build nothing
                    // is published after a failure, and the build's transaction refuses any further statement
                    stopped = batches.size() - 1 - i;
                    break;
                }
            }
        }
        if (!failed.isEmpty()) {
            String batchesFailed = failed.size() + " of " + batches.size() + " batches failed: " + String.join("; ", failed);
            if (materializer.inBuildTransaction()) {
                return failure(model, relation, started, start, batchesFailed + (stopped > 0 ? "; the " + stopped + " later ones were not run" : "")
                        + ". Nothing of this build is published (-Dtestbed.publish=atomic); run it again once the batch is fixed.", sql);
            }
            List<Batch> unbuilt = batches.stream().filter(b -> failed.stream().anyMatch(f -> f.startsWith(b.id() + ":"))).toList();
            Batch last = stopped > 0 ? batches.get(batches.size() - 1) : unbuilt.get(unbuilt.size() - 1);
            return failure(model, relation, started, start, batchesFailed + (stopped > 0 ? "; the " + stopped + " later ones were not run, as the table "
                    + "could not be created" : "; the others are committed") + ". Build them again with -Dtestbed.select=" + model.name()
                    + " -Dtestbed.eventTimeStart=" + unbuilt.get(0).start() + " -Dtestbed.eventTimeEnd=" + last.end()
                    + " (the batches dbt retry would run again).", sql);
        }
        return new ModelResult(model, ModelStatus.SUCCESS, relation, total, started, Duration.ofNanos(System.nanoTime() - start),
                outcome(total, 1) + " in " + batches.size() + " batches", sql);
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
    public void requireOneQueryEach(Collection<String> runnable) {
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
                        // no database here: a model that queries the lake while compiling is checked at its build
                        sql = renderUnchecked(model, incremental, null);
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
    private String compile(ParsedModel model, boolean incremental, SingleQuery check, ConnectionDatabase database) {
        return compile(model, incremental, check, database, null);
    }

    /**
     * @param database what the model's templates query while compiling (run_query...), or null where they may not
     * @param batch    a microbatch model's batch, to which its event-time inputs are filtered, or null
     */
    private String compile(ParsedModel model, boolean incremental, SingleQuery check, ConnectionDatabase database, Batch batch) {
        String body = check.require(origin(model), renderUnchecked(model, incremental, database, batch));
        List<String> ephemerals = ephemeralAncestors(model);
        if (ephemerals.isEmpty()) {
            return body;
        }
        List<String> ctes = new ArrayList<>();
        for (String name : ephemerals) {
            String ephemeralSql = render(graph.model(name), false, check, database);
            writeCompiled(graph.model(name), ephemeralSql);
            ctes.add(relations.get(name) + " AS (" + ephemeralSql + ")");
        }
        return "WITH " + String.join(",\n", ctes) + "\nSELECT * FROM (\n" + body + "\n)";
    }

    /** The rendered SQL, checked again here: only text that DuckDB's parser found to be one query is ever run. */
    private String render(ParsedModel model, boolean incremental, SingleQuery check, ConnectionDatabase database) {
        return check.require(origin(model), renderUnchecked(model, incremental, database));
    }

    /** @param database what the model's templates query while compiling (run_query...), or null where they may not */
    private String renderUnchecked(ParsedModel model, boolean incremental, ConnectionDatabase database) {
        return renderUnchecked(model, incremental, database, null);
    }

    private String renderUnchecked(ParsedModel model, boolean incremental, ConnectionDatabase database, Batch batch) {
        synchronized (compiler) { // one Jinja engine for the run; rendering is cheap next to execution
            return compiler.compile(model, context(model, incremental, database, batch));
        }
    }

    /** What on-run-start and on-run-end see: the run's relations, no {@code this}, and the lake's own connection to query. */
    private CompileContext operationContext(Lake lake) {
        return new CompileContext(relations::get, compiler::sourceRelation, false, null)
                .introspecting(new ConnectionDatabase(lake.connection()), reporter);
    }

    /**
     * What a model's templates (its SQL and its hooks) see: the run's relations, itself as {@code this}, and the
     * connection building it to query (none: templates that query fail).
     */
    private CompileContext context(ParsedModel model, boolean incremental, ConnectionDatabase database) {
        return context(model, incremental, database, null);
    }

    /**
     * With a batch, as dbt renders a microbatch model's inputs: a ref or source whose node declares an {@code event_time}
     * becomes {@code (select * from <relation> where <event_time> >= '<start>' and <event_time> < '<end>')}.
     */
    private CompileContext context(ParsedModel model, boolean incremental, ConnectionDatabase database, Batch batch) {
        CompileContext context = batch == null
                ? new CompileContext(relations::get, compiler::sourceRelation, incremental, relations.get(model.name()))
                : new CompileContext(name -> filtered(relations.get(name), graph.contains(name) ? graph.model(name).config().raw().get("event_time") : null, batch),
                        key -> filtered(compiler.sourceRelation(key), sourceEventTimes.get(key), batch), incremental, relations.get(model.name()));
        return database == null ? context : context.introspecting(database, reporter);
    }

    private static String filtered(String relation, Object eventTime, Batch batch) {
        return relation == null || !(eventTime instanceof String column) || column.isBlank() ? relation
                : "(select * from " + relation + " where " + batch.predicate(column) + ")";
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

    private void createSchemas(Lake lake, Collection<String> runnable) {
        Set<String> needed = new TreeSet<>();
        for (String name : runnable) {
            needed.add(schemas.get(name));
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
}
