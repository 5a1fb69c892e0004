package dev.testbed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.compile.CompileContext;
import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.Reporter;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GeneratorConfig;
import dev.testbed.graph.ModelGraph;
import dev.testbed.lake.LakeLoader;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelFile;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.Project;
import dev.testbed.project.ProjectLoader;
import dev.testbed.project.SourceTable;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * run-models benchmarks, in one JVM:
 * <ol>
 *   <li>parse + compile of a generated 1,000-model project (ProjectLoader.load, ModelCompiler.parse of every model,
 *       ModelGraph.build, relation names and ModelCompiler.compile of every model): the first pass in this fresh JVM
 *       (cold), then RUNS warm repeats; optionally {@code dbt parse} and {@code dbt compile} on the same project;</li>
 *   <li>ModelRunner.run of the sample project at SALES sales next to its compiled SQL run directly in one plain DuckDB
 *       session, each on a fresh copy of the same loaded lake.</li>
 * </ol>
 * Usage: {@code ModelsBenchmark SALES RUNS WORK_DIR GENERATED_PROJECT_DIR SAMPLE_PROJECT_DIR [DBT_EXECUTABLE]}.
 */
public final class ModelsBenchmark {

    private static final boolean VERBOSE = "1".equals(System.getenv("BENCH_VERBOSE"));
    private static final Target TARGET = new Target("dev", "main", Lake.ALIAS);
    private static final int MODELS = 1000;
    private static final String[] FOLDERS = {"staging", "intermediate", "marts", "reports"};
    private static final int[] FOLDER_SIZES = {100, 400, 350, 150};
    private static final int SOURCE_TABLES = 10;
    private static final Pattern MODEL_LINE = Pattern.compile("^\\s*\\d+ of \\d+ .*", Pattern.DOTALL);

    private final long sales;
    private final int runs;
    private final Path work;
    private final Path generated;
    private final Path sample;
    private final String dbt;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, List<Long>> parseSteps = new LinkedHashMap<>();
    private final Map<String, List<Long>> runRows = new LinkedHashMap<>();
    private final Map<String, List<Long>> engineModel = new TreeMap<>();
    private final Map<String, List<Long>> directModel = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private int expectedEdges;

    private ModelsBenchmark(String[] args) {
        sales = Long.parseLong(args[0]);
        runs = Integer.parseInt(args[1]);
        work = Path.of(args[2]).toAbsolutePath();
        generated = Path.of(args[3]).toAbsolutePath();
        sample = Path.of(args[4]).toAbsolutePath();
        dbt = args.length > 5 ? args[5] : null;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: ModelsBenchmark SALES RUNS WORK_DIR GENERATED_PROJECT_DIR SAMPLE_PROJECT_DIR [DBT_EXECUTABLE]");
            System.exit(2);
        }
        ModelsBenchmark benchmark = new ModelsBenchmark(args);
        try {
            benchmark.run();
        } finally {
            FoundationBenchmark.deleteTree(benchmark.work);
        }
    }

    private void run() throws Exception {
        System.out.println("Testbed run-models benchmark: " + MODELS + "-model parse/compile, then the sample project at "
                + String.format(Locale.ROOT, "%,d", sales) + " sales; " + runs + " rounds; load average " + loadAverage());
        System.out.println(FoundationBenchmark.machine(threads));
        generateProject();
        for (int pass = 0; pass <= runs; pass++) { // pass 0: the cold pass, the first compile work in this JVM
            parseAndCompile(pass == 0 ? "cold" : "warm");
        }
        if (dbt != null) {
            runDbt("parse");
            runDbt("compile");
        }
        System.out.println("load average after part 1: " + loadAverage());
        endToEnd();
        System.out.println("load average at the end: " + loadAverage());
        printTables();
    }

    // ---------------------------------------------------------------- part 1: a generated 1,000-model project

    /** Writes the project: four folders, 1-3 refs per model (sources in staging), Jinja in every model, folder config, yml. */
    private void generateProject() throws IOException {
        FoundationBenchmark.deleteTree(generated);
        Random random = new Random(42);
        write("dbt_project.yml", """
                name: bench_models
                version: "1.0"
                config-version: 2
                profile: bench_models
                model-paths: ["models"]
                macro-paths: ["macros"]
                vars:
                  min_quantity: 0
                models:
                  bench_models:
                    +materialized: view
                    staging:
                      +tags: ["staging"]
                    intermediate:
                      +tags: ["intermediate"]
                    marts:
                      +materialized: table
                      +schema: marts
                    reports:
                      +materialized: table
                      +tags: ["reports"]
                """);
        write("profiles.yml", "bench_models:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ':memory:'\n      threads: "
                + threads + "\n");
        write("macros/helpers.sql", """
                {% macro rounded(column, digits) -%}
                    round({{ column }}, {{ digits }})
                {%- endmacro %}

                {% macro bucket(n) -%}
                    {{ return('bucket_' ~ (n % 7)) }}
                {%- endmacro %}
                """);
        StringBuilder sources = new StringBuilder("version: 2\n\nsources:\n  - name: shop\n    schema: raw\n    tables:\n");
        for (int t = 0; t < SOURCE_TABLES; t++) {
            sources.append("      - name: orders_").append(t).append('\n');
        }
        write("models/staging/_sources.yml", sources.toString());

        int index = 0;
        for (int f = 0; f < FOLDERS.length; f++) {
            StringBuilder properties = new StringBuilder("version: 2\n\nmodels:\n");
            for (int k = 0; k < FOLDER_SIZES[f]; k++, index++) {
                List<String> inputs = new ArrayList<>();
                if (f == 0) { // staging: one or two source tables
                    inputs.add("source('shop', 'orders_" + index % SOURCE_TABLES + "')");
                    if (index % 3 == 0) {
                        inputs.add("source('shop', 'orders_" + (index + 1) % SOURCE_TABLES + "')");
                    }
                } else { // 1-3 distinct refs to the 200 models before this one
                    int refs = 1 + random.nextInt(3);
                    while (inputs.size() < refs) {
                        String ref = "ref('" + name(index - 1 - random.nextInt(Math.min(index, 200))) + "')";
                        if (!inputs.contains(ref)) {
                            inputs.add(ref);
                        }
                    }
                    expectedEdges += refs;
                }
                write("models/" + FOLDERS[f] + "/" + name(index) + ".sql", modelSql(index, FOLDERS[f], inputs));
                if (index % 2 == 0) {
                    properties.append("  - name: ").append(name(index)).append("\n    description: Generated model ").append(index)
                            .append(" of the ").append(FOLDERS[f]).append(" layer.\n");
                    if (index % 10 == 0) {
                        properties.append("    config:\n      tags: [\"documented\"]\n");
                    }
                    properties.append("    columns:\n      - name: id\n        description: The order's key.\n")
                            .append("      - name: amount\n        description: Amount, rounded to cents.\n");
                }
            }
            write("models/" + FOLDERS[f] + "/_" + FOLDERS[f] + ".yml", properties.toString());
        }
        System.out.printf(Locale.ROOT, "generated project: %s (%d models in %d folders, %d refs between models, %d source tables)%n",
                generated, MODELS, FOLDERS.length, expectedEdges, SOURCE_TABLES);
    }

    private static String modelSql(int index, String folder, List<String> inputs) {
        StringBuilder sql = new StringBuilder();
        if (index % 4 == 0) {
            sql.append("{{ config(materialized='table', tags=['every_fourth']) }}\n");
        }
        sql.append("-- ").append(name(index)).append(" (").append(folder).append("), built in {{ target.schema }}\n")
                .append("{%- set measures = ['amount', 'quantity'] %}\n")
                .append("{%- set min_quantity = var('min_quantity', 0) %}\n")
                .append("with\n");
        for (int i = 0; i < inputs.size(); i++) {
            sql.append("input_").append(i + 1).append(" as (\n    select * from {{ ").append(inputs.get(i)).append(" }}\n),\n");
        }
        sql.append("unioned as (\n");
        for (int i = 0; i < inputs.size(); i++) {
            sql.append(i == 0 ? "" : "    union all\n").append("    select * from input_").append(i + 1).append('\n');
        }
        sql.append(")\n\nselect\n    id,\n    category,\n")
                .append("    {%- for measure in measures %}\n    {{ rounded(measure, 2) }} as {{ measure }},\n    {%- endfor %}\n")
                .append("    day\nfrom unioned\nwhere quantity >= {{ min_quantity }}\n")
                .append("  and category <> '{{ bucket(").append(index).append(") }}'\n");
        return sql.toString();
    }

    private static String name(int index) {
        return String.format(Locale.ROOT, "m%04d", index);
    }

    private void write(String relative, String text) throws IOException {
        Path file = generated.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** One full pass, as run-models does it before executing anything, each step timed. */
    private void parseAndCompile(String kind) {
        List<String> warnings = new ArrayList<>();
        long t0 = System.nanoTime();
        Project project = ProjectLoader.load(generated, warnings::add);
        long t1 = System.nanoTime();
        ModelCompiler compiler = new ModelCompiler(project, TARGET, Map.of(), System.getenv());
        List<ParsedModel> parsed = new ArrayList<>(project.models().size());
        for (ModelFile file : project.models()) {
            parsed.add(compiler.parse(file));
        }
        long t2 = System.nanoTime();
        ModelGraph graph = ModelGraph.build(parsed, project.sources().stream().map(SourceTable::key).toList());
        long t3 = System.nanoTime();
        Map<String, String> relations = new HashMap<>();
        for (ParsedModel model : graph.models()) {
            relations.put(model.name(), compiler.relationFor(model));
        }
        long chars = 0;
        for (ParsedModel model : graph.models()) {
            String sql = compiler.compile(model, new CompileContext(relations::get, compiler::sourceRelation, false, relations.get(model.name())));
            if (sql.contains("{{") || sql.contains("{%") || !sql.contains("round(amount, 2)")) {
                throw new IllegalStateException("unexpected compiled SQL for " + model.name() + ":\n" + sql);
            }
            chars += sql.length();
        }
        long t4 = System.nanoTime();

        int edges = graph.models().stream().mapToInt(m -> graph.parents(m.name()).size()).sum();
        long tables = graph.models().stream().filter(m -> m.config().materialized() == Materialization.TABLE).count();
        if (graph.models().size() != MODELS || edges != expectedEdges || !warnings.isEmpty()
                || !relations.get(name(MODELS - 200)).startsWith("lake.main_marts.")) {
            throw new IllegalStateException("the generated project did not load as written: " + graph.models().size() + " models, "
                    + edges + " edges, warnings " + warnings);
        }
        String[] steps = {"ProjectLoader.load", "ModelCompiler.parse x" + MODELS + " (incl. macros)", "ModelGraph.build",
                "relation names + ModelCompiler.compile x" + MODELS, "total"};
        long[] nanos = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0};
        for (int i = 0; i < steps.length; i++) {
            parseSteps.computeIfAbsent(kind + "|" + steps[i], k -> new ArrayList<>()).add(nanos[i]);
        }
        System.out.printf(Locale.ROOT, "  %s pass: load %.3f s, parse %.3f s, graph %.3f s, compile %.3f s, total %.3f s"
                        + " (%d models, %d tables, %d edges, %,d chars of SQL)%n", kind, nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9,
                nanos[3] / 1e9, nanos[4] / 1e9, graph.models().size(), tables, edges, chars);
    }

    /** dbt on the same project, each run a fresh process (as dbt is always used), no partial parsing. */
    private void runDbt(String command) throws IOException, InterruptedException {
        for (int i = 1; i <= runs; i++) {
            FoundationBenchmark.deleteTree(generated.resolve("target"));
            Path log = generated.getParent().resolve("dbt-" + command + ".log");
            ProcessBuilder builder = new ProcessBuilder(dbt, "--no-version-check", command, "--no-partial-parse", "--project-dir",
                    generated.toString(), "--profiles-dir", generated.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DBT_SEND_ANONYMOUS_USAGE_STATS", "False");
            long started = System.nanoTime();
            int exit = builder.start().waitFor();
            long elapsed = System.nanoTime() - started;
            if (exit != 0) {
                throw new IllegalStateException("dbt " + command + " failed (exit " + exit + "); see " + log);
            }
            runRows.computeIfAbsent("dbt " + command + " (process wall time)", k -> new ArrayList<>()).add(elapsed);
            String extra = "";
            Path perf = generated.resolve("target/perf_info.json");
            if (command.equals("parse") && Files.exists(perf)) {
                JsonNode info = new ObjectMapper().readTree(perf.toFile());
                long load = Math.round(info.path("load_all_elapsed").asDouble() * 1e9);
                runRows.computeIfAbsent("dbt parse: its own load_all_elapsed", k -> new ArrayList<>()).add(load);
                extra = String.format(Locale.ROOT, " (perf_info.json load_all_elapsed %.3f s)", load / 1e9);
            }
            System.out.printf(Locale.ROOT, "  dbt %s run %d: %.3f s%s%n", command, i, elapsed / 1e9, extra);
        }
    }

    // ---------------------------------------------------------------- part 2: the sample project end to end

    /** A compiled model as the direct session runs it. */
    private record Model(String name, Materialization kind, String relation, String sql, List<String> parents) {

        String create() {
            return "CREATE OR REPLACE " + (kind == Materialization.VIEW ? "VIEW " : "TABLE ") + relation + " AS " + sql;
        }
    }

    private void endToEnd() throws Exception {
        Path data = work.resolve("data");
        Path lakeDir = work.resolve("lake");
        Path pristine = work.resolve("pristine");
        LakeLocation location = new LakeLocation(lakeDir.resolve("catalog.ducklake").toString(), lakeDir.resolve("data") + "/");
        GeneratorConfig config = GeneratorConfig.scaled(sales / (double) GeneratorConfig.SALES_PER_SCALE, GeneratorConfig.DEFAULT_SEED,
                GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, data);
        System.out.println("end to end: " + config.describe() + "; generating and loading once (not timed)");
        FoundationBenchmark.deleteTree(work);
        Reporter quiet = new LineReporter();
        new DataGenerator(DuckDbSettings.defaults(), quiet).generate(config, true);
        new LakeLoader(DuckDbSettings.defaults(), quiet).load(data, location, true);
        Files.move(lakeDir, pristine); // the catalog remembers its data path, so every copy goes back to lakeDir

        // One untimed engine run: warms the JVM and yields the compiled SQL the direct session runs.
        restore(pristine, lakeDir);
        Path prepOut = work.resolve("out-prepare");
        RunResult prepared = engineRun(location, prepOut).result();
        Project project = ProjectLoader.load(sample);
        ModelGraph graph = ModelGraph.build(prepared.models().stream().map(ModelResult::model).toList(),
                project.sources().stream().map(SourceTable::key).toList());
        Map<String, ModelResult> byName = new HashMap<>();
        prepared.models().forEach(m -> byName.put(m.model().name(), m));
        List<Model> models = new ArrayList<>();
        for (String name : graph.topologicalOrder()) {
            ModelResult result = byName.get(name);
            String sql = Files.readString(prepOut.resolve("compiled").resolve(project.name()).resolve(result.model().file().relativePath())).stripTrailing();
            if (!sql.equals(result.compiledSql().stripTrailing())) {
                throw new IllegalStateException("compiled/ file and run result differ for " + name);
            }
            models.add(new Model(name, result.model().config().materialized(), result.relation(), sql, List.copyOf(graph.parents(name))));
        }
        System.out.println("  models in dependency order: " + models.stream().map(m -> m.name() + " (" + m.kind().name().toLowerCase(Locale.ROOT) + ")").toList());

        for (int round = 1; round <= runs; round++) {
            boolean engineFirst = round % 2 == 1; // alternate, so neither side always runs on a warmer machine
            System.out.println("round " + round + "/" + runs + (engineFirst ? " (engine first)" : " (direct first)"));
            for (int side = 0; side < 2; side++) {
                restore(pristine, lakeDir);
                if ((side == 0) == engineFirst) {
                    timedEngine(location, round == 1);
                } else {
                    timedDirect(location, models, round == 1);
                }
            }
            restore(pristine, lakeDir);
            timedDirectParallel(location, models);
        }
    }

    private record EngineRun(RunResult result, long nanos, LineReporter log) {
    }

    private EngineRun engineRun(LakeLocation location, Path out) {
        LineReporter log = new LineReporter();
        RunRequest request = new RunRequest(sample, location, TARGET, Map.of(), null, null, false, out);
        long started = System.nanoTime();
        RunResult result = new RunModelsTask(DuckDbSettings.defaults(), log).run(request);
        long elapsed = System.nanoTime() - started;
        if (result.failed() || result.count(ModelStatus.SUCCESS) != result.models().size() || result.models().size() != 7) {
            throw new IllegalStateException("the sample project did not build: " + result.models().stream().map(ModelResult::message).toList());
        }
        log.started = started;
        log.ended = started + elapsed;
        return new EngineRun(result, elapsed, log);
    }

    private Map<String, String> engineFingerprint;

    private void timedEngine(LakeLocation location, boolean check) throws SQLException {
        EngineRun run = engineRun(location, work.resolve("out"));
        long found = run.log().first(m -> m.startsWith("Found "));
        long lastModel = run.log().last(m -> MODEL_LINE.matcher(m).matches());
        record("engine: ModelRunner.run, 7 models", run.nanos());
        record("  load project, parse, graph, select", found - run.log().started);
        record("  open lake, compile + build 7 models", lastModel - found);
        record("  close lake, manifest + run_results", run.log().ended - lastModel);
        run.result().models().forEach(m -> engineModel.computeIfAbsent(m.model().name(), k -> new ArrayList<>()).add(m.elapsed().toNanos()));
        System.out.printf(Locale.ROOT, "  engine  %8.3f s   (%s)%n", run.nanos() / 1e9, run.result().models().stream()
                .map(m -> String.format(Locale.ROOT, "%s %.3f", m.model().name(), m.elapsed().toNanos() / 1e9)).toList());
        if (check) {
            try (Connection connection = open(location)) {
                engineFingerprint = fingerprints(connection, run.result().models().stream().map(ModelResult::relation).toList());
            }
        }
    }

    private void timedDirect(LakeLocation location, List<Model> models, boolean check) throws SQLException {
        long t0 = System.nanoTime();
        Connection connection = open(location);
        long t1 = System.nanoTime();
        execute(connection, "CREATE SCHEMA IF NOT EXISTS lake.main");
        List<String> perModel = new ArrayList<>();
        for (Model model : models) {
            long started = System.nanoTime();
            connection.setAutoCommit(false);
                execute(connection, model.create());
            connection.commit();
            connection.setAutoCommit(true);
            long elapsed = System.nanoTime() - started;
            directModel.computeIfAbsent(model.name(), k -> new ArrayList<>()).add(elapsed);
            perModel.add(String.format(Locale.ROOT, "%s %.3f", model.name(), elapsed / 1e9));
        }
        long t2 = System.nanoTime();
        Map<String, String> fingerprint = null;
        if (check) {
            fingerprint = fingerprints(connection, models.stream().map(Model::relation).toList());
        }
        long t3 = System.nanoTime();
        execute(connection, "DETACH lake");
        connection.close();
        long t4 = System.nanoTime();
        record("direct: connect..close", (t4 - t0) - (t3 - t2));
        record("  connect, LOAD ducklake, ATTACH", t1 - t0);
        record("  7 statements, one transaction each", t2 - t1);
        record("  DETACH, close", t4 - t3);
        System.out.printf(Locale.ROOT, "  direct  %8.3f s   (%s)%n", ((t4 - t0) - (t3 - t2)) / 1e9, perModel);
        if (check) {
            if (engineFingerprint != null && !engineFingerprint.equals(fingerprint)) {
                throw new IllegalStateException("engine and direct results differ:\n  engine " + engineFingerprint + "\n  direct " + fingerprint);
            }
            System.out.println("  check: the direct session's 7 relations " + (engineFingerprint == null ? "fingerprinted" : "equal the engine's")
                    + " (row count and order-independent row hash): " + fingerprint);
            notes.add("check (round 1): direct and engine relations have equal row counts and row hashes: " + fingerprint);
        }
    }

    /**
     * Diagnostic: the same statements on {@code threads} duplicated connections of one session, each model started as soon
     * as its parents are committed (the engine's schedule), to see what parallel DuckLake commits cost by themselves.
     */
    private void timedDirectParallel(LakeLocation location, List<Model> models) throws Exception {
        long t0 = System.nanoTime();
        Connection connection = open(location);
        execute(connection, "CREATE SCHEMA IF NOT EXISTS lake.main");
        BlockingQueue<Connection> workers = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            workers.add(connection.unwrap(DuckDBConnection.class).duplicate());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, CompletableFuture<Void>> built = new HashMap<>();
        for (Model model : models) {
            CompletableFuture<?>[] parents = model.parents().stream().map(built::get).toArray(CompletableFuture[]::new);
            built.put(model.name(), CompletableFuture.allOf(parents).thenRunAsync(() -> {
                try {
                    Connection worker = workers.take();
                    try {
                        worker.setAutoCommit(false);
                        execute(worker, model.create());
                        worker.commit();
                        worker.setAutoCommit(true);
                    } finally {
                        workers.add(worker);
                    }
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException("parallel direct run failed at " + model.name(), e);
                }
            }, pool));
        }
        CompletableFuture.allOf(built.values().toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        for (Connection worker : workers) {
            worker.close();
        }
        execute(connection, "DETACH lake");
        connection.close();
        long elapsed = System.nanoTime() - t0;
        record("direct, " + threads + " connections in parallel: connect..close", elapsed);
        System.out.printf(Locale.ROOT, "  direct in parallel (%d connections) %8.3f s%n", threads, elapsed / 1e9);
    }

    /** Row count and an order-independent hash of every row, per relation. */
    private static Map<String, String> fingerprints(Connection connection, List<String> relations) throws SQLException {
        Map<String, String> prints = new TreeMap<>();
        for (String relation : relations) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*), sum(hash(t)) FROM " + relation + " t")) {
                rs.next();
                prints.put(relation, rs.getLong(1) + " rows/" + rs.getString(2));
            }
        }
        return prints;
    }

    /** A plain DuckDB session on the lake, configured as the engine configures its own (threads = cores). */
    private Connection open(LakeLocation location) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        execute(connection, "SET threads = " + threads);
        execute(connection, "LOAD ducklake");
        execute(connection, location.attachSql(Lake.ALIAS));
        return connection;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Replaces {@code lake} with a fresh copy of {@code pristine}. */
    private static void restore(Path pristine, Path lake) throws IOException {
        FoundationBenchmark.deleteTree(lake);
        try (Stream<Path> paths = Files.walk(pristine)) {
            for (Path path : paths.toList()) {
                Path copy = lake.resolve(pristine.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    /** Keeps the engine's log lines with their time, to split the engine's wall time into phases. */
    private static final class LineReporter implements Reporter {
        private record Line(long nanos, String message) {
        }

        private final List<Line> lines = new ArrayList<>();
        long started;
        long ended;

        @Override
        public synchronized void report(Event event) {
            if (event.level() == Level.DEBUG) {
                return;
            }
            String message = event.level() == Level.INFO ? event.message() : event.level() + ": " + event.message();
            lines.add(new Line(System.nanoTime(), message));
            if (VERBOSE) {
                System.out.println("      | " + message);
            }
        }

        synchronized long first(java.util.function.Predicate<String> test) {
            return lines.stream().filter(l -> test.test(l.message())).findFirst().orElseThrow().nanos();
        }

        synchronized long last(java.util.function.Predicate<String> test) {
            return lines.stream().filter(l -> test.test(l.message())).reduce((a, b) -> b).orElseThrow().nanos();
        }
    }

    // ---------------------------------------------------------------- output

    private void record(String row, long nanos) {
        runRows.computeIfAbsent(row, k -> new ArrayList<>()).add(nanos);
    }

    private void printTables() {
        System.out.println();
        System.out.printf(Locale.ROOT, "Parse + compile of %d generated models (cold = first pass in this JVM; warm = %d further passes)%n", MODELS, runs);
        String header = String.format(Locale.ROOT, "%-52s %9s %11s %13s", "step", "cold s", "warm best s", "warm median s");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (String key : parseSteps.keySet()) {
            if (key.startsWith("cold|")) {
                String step = key.substring(5);
                List<Long> warm = parseSteps.get("warm|" + step);
                System.out.printf(Locale.ROOT, "%-52s %9.3f %11.3f %13.3f%n", step, parseSteps.get(key).get(0) / 1e9, best(warm) / 1e9, median(warm) / 1e9);
            }
        }
        List<Long> total = parseSteps.get("warm|total");
        System.out.printf(Locale.ROOT, "warm: %,.0f models/s (best), %,.0f models/s (median)%n", MODELS / (best(total) / 1e9), MODELS / (median(total) / 1e9));
        printRows("dbt", "dbt on the same project (every run a fresh process; " + runs + " runs each)");

        System.out.println();
        System.out.printf(Locale.ROOT, "run-models of the sample project at %,d sales next to its compiled SQL run directly (%d rounds)%n", sales, runs);
        printRows("engine", null);
        printRows("direct", null);
        List<Long> engine = runRows.get("engine: ModelRunner.run, 7 models");
        for (String base : List.of("direct: connect..close", "  7 statements, one transaction each")) {
            List<Long> direct = runRows.get(base);
            long overheadBest = best(engine) - best(direct);
            long overheadMedian = median(engine) - median(direct);
            System.out.printf(Locale.ROOT, "%-52s %9.3f %9.3f   (%.0f%% / %.0f%% of direct)%n", "overhead: engine - " + base.strip(), overheadBest / 1e9,
                    overheadMedian / 1e9, 100.0 * overheadBest / best(direct), 100.0 * overheadMedian / median(direct));
        }
        List<Long> sequential = runRows.get("direct: connect..close");
        List<Long> parallel = runRows.get("direct, " + threads + " connections in parallel: connect..close");
        System.out.println("paired by round (both sides of a difference ran back to back, so a load change between rounds cancels out):");
        paired("engine - direct connect..close", engine, sequential);
        paired("direct in parallel - direct sequential", parallel, sequential);
        paired("engine - direct in parallel", engine, parallel);
        System.out.println();
        System.out.println("per model, median s (the engine builds up to " + threads + " models at once, so its models share the cores):");
        engineModel.forEach((name, list) -> System.out.printf(Locale.ROOT, "  %-20s engine %7.3f   direct %7.3f%n", name, median(list) / 1e9,
                median(directModel.get(name)) / 1e9));
        notes.forEach(System.out::println);
    }

    /** Per-round differences a - b, their median, and the median as a fraction of b's median. */
    private static void paired(String what, List<Long> a, List<Long> b) {
        List<Long> differences = new ArrayList<>();
        StringBuilder rounds = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            differences.add(a.get(i) - b.get(i));
            rounds.append(String.format(Locale.ROOT, " %+.3f", (a.get(i) - b.get(i)) / 1e9));
        }
        System.out.printf(Locale.ROOT, "  %-40s median %+.3f s (%+.0f%% of b's median); rounds:%s%n", what, median(differences) / 1e9,
                100.0 * median(differences) / median(b), rounds);
    }

    /** Prints the rows of runRows whose name starts with {@code prefix}; rows starting with two spaces belong to the row above. */
    private void printRows(String prefix, String title) {
        List<String> rows = new ArrayList<>();
        String owner = null;
        for (String row : runRows.keySet()) {
            owner = row.startsWith("  ") ? owner : row;
            if (owner.startsWith(prefix)) {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        if (title != null) {
            System.out.println(title);
        }
        if (prefix.equals("engine") || prefix.equals("dbt")) {
            String header = String.format(Locale.ROOT, "%-52s %9s %9s", "measurement", "best s", "median s");
            System.out.println(header);
            System.out.println("-".repeat(header.length()));
        }
        for (String row : rows) {
            List<Long> list = runRows.get(row);
            System.out.printf(Locale.ROOT, "%-52s %9.3f %9.3f%n", row, best(list) / 1e9, median(list) / 1e9);
        }
    }

    static long best(List<Long> list) {
        return list.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** The median; for an even count, the upper middle (the slower of the two). */
    static long median(List<Long> list) {
        List<Long> sorted = list.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
