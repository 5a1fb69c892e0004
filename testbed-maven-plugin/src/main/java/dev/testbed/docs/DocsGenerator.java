package dev.testbed.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.Reporter;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.diff.DiffRequest;
import dev.testbed.diff.LakeDiffer;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RecordedRuns;
import dev.testbed.inspect.AssetStatus;
import dev.testbed.inspect.ColumnInfo;
import dev.testbed.inspect.Freshness;
import dev.testbed.inspect.LakeContents;
import dev.testbed.inspect.TableStats;
import dev.testbed.inspect.WarehouseInspector;
import dev.testbed.project.ColumnProperties;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SourceKey;
import dev.testbed.project.SourceTable;
import dev.testbed.results.DataTest;
import dev.testbed.tests.TestCollector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs: a self-contained static site (no network, opens from the file system) with the lineage graph of every
 * source, seed, model and data test, one page per asset, the run history and a search. The page script and
 * style ship in the plugin; the site's data goes into {@code data.js} as a global, because browsers refuse
 * {@code fetch()} of {@code file://} URLs.
 */
public final class DocsGenerator {

    /** The files copied verbatim next to {@code data.js}. */
    static final List<String> STATIC_FILES = List.of("index.html", "app.js", "style.css");

    private final DuckDbSettings settings;
    private final Reporter reporter;

    public DocsGenerator(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /** Writes the site and returns its entry page. */
    public Path generate(DocsRequest request) {
        return write(siteData(request), request.outputDirectory());
    }

    /** Writes the site for data from {@link #siteData} into {@code out} and returns its entry page. */
    public Path write(Map<String, Object> site, Path out) {
        try {
            Files.createDirectories(out);
            for (String name : STATIC_FILES) {
                try (InputStream in = DocsGenerator.class.getResourceAsStream("site/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the plugin jar lacks dev/testbed/docs/site/" + name);
                    }
                    Files.copy(in, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String json = new ObjectMapper().writeValueAsString(site);
            Files.writeString(out.resolve("data.js"), "window.TESTBED_DOCS = " + json + ";\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the docs site to " + out, e);
        }
        return out.resolve("index.html");
    }

    /** Everything the pages show, as plain maps and lists. */
    public Map<String, Object> siteData(DocsRequest request) {
        ProjectGraph project = ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        List<DataTest> tests = new TestCollector(project.project(), project.compiler(), project.graph()).collect();
        LakeState lake = readLake(request, project);
        Map<String, Asset> assets = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        Map<String, AssetStatus> statuses = new HashMap<>();
        lake.statuses().forEach(s -> statuses.put(("test".equals(s.kind()) ? "test:" : s.kind() + ":") + s.name(), s));

        for (SourceTable source : project.project().sources()) {
            Asset asset = new Asset("source", source.key().toString());
            asset.relation = source.schema() + "." + source.identifier();
            asset.description = source.description();
            asset.file = project.project().root().relativize(source.definedIn()).toString().replace('\\', '/');
            fill(asset, lake, source.columns(), tests, "source:" + source.key());
            asset.status = lake.tables().containsKey(asset.relation) ? "loaded" : "missing";
            asset.upToDate = lake.tables().containsKey(asset.relation);
            asset.freshness = lake.tables().containsKey(asset.relation) ? "in the lake" : "not in the lake";
            assets.put(asset.id, asset);
        }
        Freshness names = new Freshness(project); // for relation names, with or without a lake
        for (String name : project.graph().topologicalOrder()) {
            ParsedModel model = project.graph().model(name);
            boolean seed = model.config().materialized() == Materialization.SEED;
            Asset asset = new Asset(seed ? "seed" : "model", name);
            asset.materialization = model.config().materialized().name().toLowerCase(Locale.ROOT);
            ModelProperties properties = project.project().properties().get(name);
            asset.description = properties == null || properties.description() == null ? "" : properties.description();
            asset.file = model.file().relativePath();
            asset.rawSql = seed ? "" : model.file().sql();
            asset.compiledSql = readIfExists(request.artifactDirectory().resolve("compiled").resolve(project.project().name())
                    .resolve(model.file().relativePath()));
            AssetStatus status = statuses.get(asset.id);
            asset.relation = names.relationOf(name);
            fill(asset, lake, properties == null ? List.of() : properties.columns(), tests, name);
            applyStatus(asset, status);
            lake.history().models().stream().filter(b -> b.run().model().equals(name)).forEach(b -> asset.history.add(modelRun(b)));
            asset.rowCounts.addAll(lake.rowCounts().getOrDefault(name, List.of()));
            asset.diff = modelDiff(lake.diff(), name);
            assets.put(asset.id, asset);
            project.graph().parents(name).forEach(parent -> edges.add(new String[] {idOf(project, parent), asset.id}));
            for (SourceKey source : model.sources()) {
                edges.add(new String[] {"source:" + source, asset.id});
            }
        }
        for (DataTest test : tests) {
            Asset asset = new Asset("test", test.name());
            asset.materialization = test.type();
            asset.relation = test.suite() + (test.column() == null ? "" : "." + test.column());
            asset.description = test.type() + " test on " + asset.relation + " (severity " + test.severity().name().toLowerCase(Locale.ROOT) + ")";
            asset.compiledSql = test.sql() == null ? "-- did not compile: " + test.compileError() : test.sql();
            applyStatus(asset, statuses.get(asset.id));
            // before 2026-12 a long-named test's runs were recorded under its short (hashed) name
            lake.history().tests().stream().filter(t -> t.run().test().equals(test.name()) || t.run().test().equals(test.id().shortName()))
                    .forEach(t -> asset.history.add(testRun(t)));
            assets.put(asset.id, asset);
            String suite = test.suite() == null ? null
                    : test.suite().startsWith("source:") ? test.suite()
                    : project.graph().contains(test.suite()) ? idOf(project, test.suite()) : null;
            List<String> read = new ArrayList<>();
            test.models().forEach(m -> read.add(idOf(project, m)));
            if (suite != null) {
                read.add(suite);
            }
            read.stream().distinct().filter(assets::containsKey).forEach(from -> edges.add(new String[] {from, asset.id}));
            // a relationships test reads two models but belongs to the one it is declared on, as in dbt's docs
            if (suite != null && assets.containsKey(suite)) {
                assets.get(suite).tests.add(asset.id);
            }
            List<Map<String, Object>> measured = lake.measurements().getOrDefault(test.name(), List.of());
            if (!measured.isEmpty()) {
                Map<String, Object> series = new LinkedHashMap<>();
                series.put("test", test.name());
                series.put("points", measured);
                asset.measurements.add(series);
                if (suite != null && assets.containsKey(suite)) {
                    assets.get(suite).measurements.add(series);
                }
            }
        }
        for (String[] edge : edges) {
            assets.get(edge[0]).downstream.add(edge[1]);
            assets.get(edge[1]).upstream.add(edge[0]);
        }

        Map<String, Object> site = new LinkedHashMap<>();
        site.put("project", project.project().name());
        site.put("warehouse", request.location().toString());
        site.put("generatedAt", Instant.now().toString());
        site.put("lakeNote", lake.note());
        site.put("snapshots", lake.snapshotCount());
        site.put("assets", assets.values().stream().map(Asset::toMap).toList());
        site.put("edges", edges.stream().map(e -> List.of(e[0], e[1])).toList());
        List<String> ids = new ArrayList<>(assets.keySet());
        List<String> withoutTests = ids.stream().filter(id -> !id.startsWith("test:")).toList();
        Map<String, Object> layouts = new LinkedHashMap<>();
        layouts.put("all", layout(ids, edges));
        layouts.put("noTests", layout(withoutTests, edges));
        site.put("layouts", layouts);
        site.put("runs", RunGroups.of(lake.history(), lake.diff()));
        site.put("diff", lake.diff());
        return site;
    }

    private static String idOf(ProjectGraph project, String model) {
        return (project.graph().model(model).config().materialized() == Materialization.SEED ? "seed:" : "model:") + model;
    }

    private static void applyStatus(Asset asset, AssetStatus status) {
        if (status != null) {
            asset.status = status.lastStatus() == null ? "never run" : status.lastStatus();
            asset.upToDate = status.upToDate();
            asset.freshness = status.freshness();
        } else {
            asset.status = "never run";
        }
    }

    /** Columns: the lake's (with types) in table order, then any the properties file declares that the lake lacks. */
    private static void fill(Asset asset, LakeState lake, List<ColumnProperties> declared, List<DataTest> tests, String suite) {
        TableStats table = lake.tables().get(asset.relation);
        if (table != null) {
            asset.rows = table.rows();
        }
        Map<String, ColumnProperties> byName = new LinkedHashMap<>();
        declared.forEach(c -> byName.put(c.name(), c));
        List<String> names = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (ColumnInfo column : lake.columns().getOrDefault(asset.relation, List.of())) {
            names.add(column.name());
            types.put(column.name(), column.type());
        }
        byName.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            ColumnProperties properties = byName.get(name);
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", name);
            column.put("type", types.getOrDefault(name, properties == null || properties.dataType() == null ? "" : properties.dataType()));
            column.put("description", properties == null || properties.description() == null ? "" : properties.description());
            column.put("tests", tests.stream().filter(t -> suite.equals(t.suite()) && name.equals(t.column())).map(DataTest::name).toList());
            asset.columns.add(column);
        }
    }

    private static Map<String, Object> modelRun(RecordedRuns.ModelBuild build) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", build.run().runId());
        run.put("status", build.run().status());
        run.put("started", build.run().started().toString());
        run.put("durationMs", build.run().elapsed().toMillis());
        run.put("rows", build.run().rowsAffected());
        run.put("snapshot", build.snapshotId());
        run.put("message", build.run().message());
        return run;
    }

    private static Map<String, Object> testRun(RecordedRuns.TestOutcome outcome) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", outcome.run().runId());
        run.put("status", outcome.run().status());
        run.put("started", outcome.run().finished().toString());
        run.put("durationMs", outcome.run().elapsed().toMillis());
        run.put("rows", outcome.run().failures());
        run.put("snapshot", outcome.snapshotId());
        run.put("message", outcome.run().message());
        return run;
    }

    private static Map<String, Object> layout(List<String> ids, List<String[]> edges) {
        LineageLayout.Drawing drawing = LineageLayout.draw(ids, edges);
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("width", drawing.width());
        layout.put("height", drawing.height());
        layout.put("nodeWidth", LineageLayout.NODE_WIDTH);
        layout.put("nodeHeight", LineageLayout.NODE_HEIGHT);
        layout.put("crossings", drawing.crossings());
        Map<String, Object> nodes = new LinkedHashMap<>();
        drawing.nodes().forEach(p -> nodes.put(p.id(), List.of(p.x(), p.y(), p.layer())));
        layout.put("nodes", nodes);
        layout.put("edges", drawing.edges().stream().map(r -> Map.of("from", r.from(), "to", r.to(), "points", r.points())).toList());
        return layout;
    }

    private static String readIfExists(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** What the lake says, or nothing (with a note) when there is no lake yet or it is locked. */
    private record LakeState(Map<String, TableStats> tables, Map<String, List<ColumnInfo>> columns, List<AssetStatus> statuses,
                             RecordedRuns history, int snapshotCount, String note, Map<String, List<Map<String, Object>>> rowCounts,
                             Map<String, List<Map<String, Object>>> measurements, Map<String, Object> diff) {

        /** What a site without a lake shows. */
        static LakeState none(String note) {
            return new LakeState(Map.of(), Map.of(), List.of(), new RecordedRuns(List.of(), List.of()), 0, note, Map.of(), Map.of(), null);
        }
    }

    /** The model's entry of the diff, or null when the diff has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> modelDiff(Map<String, Object> diff, String model) {
        if (diff == null || !(diff.get("models") instanceof List<?> models)) {
            return null;
        }
        return models.stream().map(m -> (Map<String, Object>) m).filter(m -> model.equals(m.get("model"))).findFirst().orElse(null);
    }

    /**
     * What the last build changed: the diff testbed:diff wrote, when it describes the lake's current snapshot; else the
     * same comparison made now; null when there is nothing to compare.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> lastDiff(DocsRequest request, long current) {
        ObjectMapper mapper = new ObjectMapper();
        Path file = request.artifactDirectory().resolve(LakeDiffer.JSON_FILE);
        try {
            if (Files.isRegularFile(file)) {
                Map<String, Object> written = mapper.readValue(file.toFile(), Map.class);
                if (written.get("toSnapshot") instanceof Number to && to.longValue() == current) {
                    return written;
                }
            }
            DiffRequest diff = new DiffRequest(request.projectRoot(), request.location(), request.target(), request.vars(), null, null, null,
                    request.artifactDirectory());
            return mapper.convertValue(new LakeDiffer(settings, reporter).diff(diff), Map.class);
        } catch (IOException | TestbedException e) {
            reporter.warn("The docs show no diff of the last build: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private LakeState readLake(DocsRequest request, ProjectGraph project) {
        if (!Lake.exists(request.location())) {
            String note = "No warehouse at " + request.location().resolvedCatalog() + " yet: the site shows the project only.";
            reporter.warn(note);
            return LakeState.none(note);
        }
        LakeState state;
        long current;
        try (Lake lake = Lake.openReadOnly(request.location(), settings, null)) {
            LakeContents contents = new LakeContents(lake);
            List<TableStats> tables = contents.tables();
            Map<String, TableStats> byName = new HashMap<>();
            Map<String, List<ColumnInfo>> columns = new HashMap<>();
            for (TableStats table : tables) {
                byName.put(table.qualifiedName(), table);
                columns.put(table.qualifiedName(), contents.columns(table.schema(), table.name()));
            }
            List<Snapshot> snapshots = lake.snapshots();
            List<AssetStatus> statuses = WarehouseInspector.assets(project, lake);
            current = lake.currentSnapshotId();
            state = new LakeState(byName, columns, statuses, RecordedRuns.read(lake), snapshots.size(), "", AssetHistory.rowCounts(lake, project),
                    AssetHistory.measurements(lake), null);
        } catch (TestbedException | SQLException e) {
            String note = e.getMessage().lines().findFirst().orElse("") + " The site shows the project only.";
            reporter.warn(note);
            return LakeState.none(note);
        }
        // after the lake above is closed: the diff attaches it on a DuckDB of its own
        return new LakeState(state.tables(), state.columns(), state.statuses(), state.history(), state.snapshotCount(), state.note(), state.rowCounts(),
                state.measurements(), lastDiff(request, current));
    }

    static Comparator<Map<String, Object>> newestFirst() {
        return Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("started"))).reversed();
    }
}
