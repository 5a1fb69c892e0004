package dev.testbed.inspect;

import dev.testbed.core.DataFiles;
import dev.testbed.core.DatasetManifest;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.RecordedRuns;
import dev.testbed.project.ColumnProperties;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.SourceTable;
import dev.testbed.state.LakeState;
import dev.testbed.tests.TestCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * inspect: what is in the warehouse (tables, snapshots, the project's models and tests with their last run
 * and freshness, the generated files), read-only, optionally as of an earlier snapshot.
 */
public final class WarehouseInspector {

    private final DuckDbSettings settings;
    private final Reporter reporter;

    public WarehouseInspector(DuckDbSettings settings, Reporter reporter) {
        this.settings = settings;
        this.reporter = reporter;
    }

    /** @throws WarehouseMissingException when the lake's catalog file does not exist yet */
    public Inspection inspect(InspectRequest request) {
        if (!Lake.exists(request.location())) {
            throw new WarehouseMissingException(request.location());
        }
        ProjectGraph project = request.projectRoot() == null ? null
                : ProjectGraph.load(request.projectRoot(), request.target(), request.vars(), reporter);
        try (Lake lake = Lake.openReadOnly(request.location(), settings, request.atSnapshot())) {
            LakeContents contents = new LakeContents(lake);
            List<TableStats> tables = contents.tables();
            List<Snapshot> all = lake.snapshots();
            long current = lake.currentSnapshotId();
            List<Snapshot> visible = all.stream().filter(s -> s.id() <= current).toList();
            List<Inspection.SnapshotEntry> snapshots = visible.stream().limit(Math.max(0, request.snapshotLimit()))
                    .map(s -> new Inspection.SnapshotEntry(s.id(), s.time(), s.author(), s.commitMessage(), contents.describeChanges(s)))
                    .toList();
            List<AssetStatus> assets = project == null ? List.of() : assets(project, lake);
            Inspection.TableDetail detail = request.table() == null || request.table().isBlank() ? null
                    : detail(contents, tables, request.table().strip(), request.sampleRows(), project);
            return new Inspection(request.location().toString(), request.atSnapshot(), tables, snapshots, visible.size(), assets,
                    sourceFiles(request.dataDirectory()), detail);
        }
    }

    /** The project's models, seeds and tests with their last recorded run and freshness, read from an open lake. */
    public static List<AssetStatus> assets(ProjectGraph project, Lake lake) {
        var tests = new TestCollector(project.project(), project.compiler(), project.graph()).collect();
        return new Freshness(project).assets(tests, RecordedRuns.read(lake), LakeState.read(lake));
    }

    private static Inspection.TableDetail detail(LakeContents contents, List<TableStats> tables, String wanted, int sampleRows,
                                                 ProjectGraph project) {
        List<TableStats> matches = tables.stream()
                .filter(t -> t.qualifiedName().equalsIgnoreCase(wanted) || (!wanted.contains(".") && t.name().equalsIgnoreCase(wanted)))
                .toList();
        if (matches.size() != 1) {
            String known = tables.stream().map(TableStats::qualifiedName).collect(Collectors.joining(", "));
            throw new TestbedException(matches.isEmpty() ? "The lake has no table or view '" + wanted + "'."
                    : "'" + wanted + "' is ambiguous: " + matches.stream().map(TableStats::qualifiedName).collect(Collectors.joining(", ")) + ".",
                    "Name one as schema.table: " + known);
        }
        TableStats table = matches.get(0);
        Map<String, String> descriptions = project == null ? Map.of() : columnDescriptions(project, table);
        List<ColumnInfo> columns = contents.columns(table.schema(), table.name()).stream()
                .map(c -> new ColumnInfo(c.name(), c.type(), descriptions.getOrDefault(c.name(), "")))
                .toList();
        return new Inspection.TableDetail(table.schema(), table.name(), columns, contents.sample(table.schema(), table.name(), sampleRows));
    }

    /** Column descriptions of the model or source that is this table, from the project's properties files. */
    public static Map<String, String> columnDescriptions(ProjectGraph project, TableStats table) {
        Map<String, String> descriptions = new HashMap<>();
        List<ColumnProperties> columns = new ArrayList<>();
        for (SourceTable source : project.project().sources()) {
            if ((source.schema() + "." + source.identifier()).equals(table.qualifiedName())) {
                columns.addAll(source.columns());
            }
        }
        Freshness names = new Freshness(project);
        for (var model : project.graph().models()) {
            ModelProperties properties = project.project().properties().get(model.name());
            if (properties != null && names.relationOf(model.name()).equals(table.qualifiedName())) {
                columns.addAll(properties.columns());
            }
        }
        columns.forEach(c -> descriptions.put(c.name(), c.description() == null ? "" : c.description()));
        return descriptions;
    }

    static List<Inspection.SourceFile> sourceFiles(Path directory) {
        if (directory == null) {
            return List.of();
        }
        Optional<DatasetManifest> manifest = DatasetManifest.read(directory);
        List<Inspection.SourceFile> files = new ArrayList<>();
        for (RawTable table : RawTable.values()) {
            // a table is one file, or a folder of files when generate-data split it (sales always are, by month)
            List<Path> parts = DataFiles.find(directory, table);
            if (parts.isEmpty()) {
                continue;
            }
            long rows = manifest.map(m -> m.rows().getOrDefault(table, -1L)).orElse(-1L);
            long bytes = 0;
            for (Path part : parts) {
                try {
                    bytes += Files.size(part);
                } catch (IOException e) {
                    bytes = -1;
                    break;
                }
            }
            Path shown = parts.size() == 1 ? parts.get(0) : directory.resolve(table.folderName());
            files.add(new Inspection.SourceFile(RawTable.SCHEMA + "." + table.tableName(), shown.toString(), parts.size(), rows, bytes));
        }
        return files;
    }
}
