package dev.testbed.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.history.RecordedRuns;
import dev.testbed.results.ModelResult;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.TestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** What inspect computes, on the sample project built into a real DuckLake. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehouseInspectorTest {

    @TempDir
    static Path work;
    static SampleWarehouse warehouse;

    @BeforeAll
    static void build() {
        warehouse = SampleWarehouse.build(work);
    }

    @Test
    @Order(1)
    void rawTablesHaveTheGeneratedRowsColumnsAndTheLakesDataFiles() throws SQLException {
        Map<String, TableStats> tables = warehouse.inspect().tables().stream().collect(Collectors.toMap(TableStats::qualifiedName, Function.identity()));
        for (RawTable raw : RawTable.values()) {
            TableStats stats = tables.get("raw." + raw.tableName());
            assertEquals(warehouse.generated().rows().get(raw), stats.rows(), raw.tableName());
            assertEquals(raw.columns().size(), stats.columns(), raw.tableName());
            assertEquals("table", stats.kind());
            long[] files = independentFileStats(raw.tableName());
            assertTrue(files[0] >= 1, raw.tableName());
            assertEquals(files[0], stats.dataFiles(), raw.tableName());
            assertEquals(files[1], stats.dataBytes(), raw.tableName());
        }
        assertEquals("view", tables.get("main.stg_sales").kind());
        assertEquals(0, tables.get("main.stg_sales").dataFiles());
        assertEquals(count("lake.main.customer_metrics"), tables.get("main.customer_metrics").rows());
        assertTrue(tables.containsKey("testbed.model_runs"), "the run history lives in the lake: " + tables.keySet());
    }

    @Test
    @Order(2)
    void snapshotsAreTheLakesNewestFirstWithTheLimitAndNamedChanges() {
        Inspection inspection = warehouse.inspect();
        List<Snapshot> all;
        try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
            all = lake.snapshots();
        }
        assertEquals(all.size(), inspection.totalSnapshots());
        assertEquals(5, inspection.snapshots().size(), "the limit");
        for (int i = 0; i < 5; i++) {
            assertEquals(all.get(i).id(), inspection.snapshots().get(i).id());
            assertEquals(all.get(i).commitMessage(), inspection.snapshots().get(i).message());
        }
        Snapshot customerMetrics = all.stream().filter(s -> "run-models: customer_metrics (table)".equals(s.commitMessage())).findFirst().orElseThrow();
        String changes = new Inspector(warehouse).describe(customerMetrics);
        assertTrue(changes.contains("main.customer_metrics"), changes);
        assertTrue(changes.contains("testbed.model_runs"), "the history row is in the model's own snapshot: " + changes);
    }

    @Test
    @Order(3)
    void eachSuccessfulModelIsRecordedInTheSnapshotThatBuiltIt() {
        try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
            Map<String, Long> snapshotByMessage = lake.snapshots().stream().filter(s -> s.commitMessage() != null)
                    .collect(Collectors.toMap(Snapshot::commitMessage, Snapshot::id, Math::max));
            RecordedRuns history = RecordedRuns.read(lake);
            assertEquals(warehouse.run().models().size(), history.models().size());
            for (ModelResult result : warehouse.run().models()) {
                RecordedRuns.ModelBuild build = history.models().stream().filter(b -> b.run().model().equals(result.model().name()))
                        .findFirst().orElseThrow();
                String message = "run-models: " + result.model().name() + " (" + build.run().materialization() + ")";
                assertEquals(snapshotByMessage.get(message), build.snapshotId(), message);
                assertEquals("success", build.run().status());
                assertEquals(result.rowsAffected(), build.run().rowsAffected(), result.model().name());
            }
            assertEquals(warehouse.tests().results().size(), history.tests().size());
            for (TestResult test : warehouse.tests().results()) {
                assertTrue(history.tests().stream().anyMatch(t -> t.run().test().equals(test.test().name())
                        && t.run().status().equalsIgnoreCase(test.status().name())), test.test().name());
            }
        }
    }

    @Test
    @Order(4)
    void everythingIsUpToDateAfterTheBuildAndATableGoesStaleWhenItsSourceChanges() throws SQLException {
        Map<String, AssetStatus> before = assets();
        before.values().forEach(a -> assertTrue(a.upToDate(), a.toString()));
        assertEquals(warehouse.run().models().size() + warehouse.tests().results().size(), before.size());
        assertEquals("success", before.get("customer_metrics").lastStatus());

        TestData.sql(warehouse.location(), "INSERT INTO lake.raw.raw_sales SELECT * FROM lake.raw.raw_sales LIMIT 1");
        Map<String, AssetStatus> after = assets();
        assertFalse(after.get("customer_metrics").upToDate(), after.get("customer_metrics").toString());
        assertTrue(after.get("customer_metrics").freshness().startsWith("main.stg_sales (through raw.raw_sales) changed in snapshot"),
                after.get("customer_metrics").freshness());
        assertTrue(after.get("stg_sales").upToDate(), "a view reads live data: " + after.get("stg_sales"));
        assertTrue(after.get("stg_customers").upToDate());
        assertTrue(after.get("product_metrics").upToDate() == false && after.get("store_metrics").upToDate() == false);
        assertTrue(after.values().stream().anyMatch(a -> a.kind().equals("test") && !a.upToDate()), "tests on sales went stale");

        List<ModelResult> rerun = SampleWarehouse.runModels(work, warehouse.location(), "run-2").models();
        assertTrue(rerun.stream().allMatch(m -> m.status() == ModelStatus.SUCCESS));
        assertTrue(assets().get("customer_metrics").upToDate());
    }

    @Test
    @Order(5)
    void timeTravelShowsTheLakeAtTheLoadSnapshot() {
        long load;
        try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
            load = lake.snapshots().stream().filter(s -> s.commitMessage() != null && s.commitMessage().startsWith("load-ducklake"))
                    .mapToLong(Snapshot::id).min().orElseThrow();
        }
        Inspection then = new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET).inspect(warehouse.inspectRequest(load, "raw.raw_products"));
        assertEquals(List.of("raw"), then.tables().stream().map(TableStats::schema).distinct().toList());
        assertEquals(load, then.snapshots().get(0).id());
        assertEquals(RawTable.PRODUCTS.columns().size(), then.detail().columns().size());
        assertEquals(4, then.detail().sample().size(), "header and 3 rows");
    }

    @Test
    @Order(6)
    void tableDetailHasColumnTypesAndTheDescriptionsOfItsPropertiesFile() {
        Inspection now = new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET).inspect(warehouse.inspectRequest(null, "customer_metrics"));
        ColumnInfo tier = now.detail().columns().stream().filter(c -> c.name().equals("tier")).findFirst().orElseThrow();
        assertEquals("The customer's current loyalty tier.", tier.description());
        assertEquals("VARCHAR", tier.type());
        assertEquals(now.detail().columns().stream().map(ColumnInfo::name).toList(), now.detail().sample().get(0));
    }

    @Test
    @Order(7)
    void sourceFilesHaveTheirRowsAndSizes() throws Exception {
        List<Inspection.SourceFile> files = warehouse.inspect().sourceFiles();
        assertEquals(RawTable.values().length, files.size());
        for (Inspection.SourceFile file : files) {
            RawTable raw = RawTable.valueOf(file.table().replace("raw.raw_", "").toUpperCase());
            List<Path> parts = dev.testbed.core.DataFiles.find(warehouse.data(), raw);
            assertEquals(parts.size(), file.files());
            long bytes = 0;
            for (Path part : parts) {
                bytes += Files.size(part);
            }
            assertEquals(bytes, file.bytes());
            assertEquals(warehouse.generated().rows().get(raw), file.rows());
        }
    }

    @Test
    @Order(8)
    void aMissingOrLockedWarehouseIsOneClearMessage() {
        LakeLocation nowhere = new LakeLocation(work.resolve("none/w.ducklake").toString(), work.resolve("none/data").toString());
        InspectRequest missing = new InspectRequest(nowhere, null, SampleWarehouse.TARGET, Map.of(), null, 5, null, null, 0);
        WarehouseMissingException absent = assertThrows(WarehouseMissingException.class,
                () -> new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET).inspect(missing));
        assertTrue(absent.getMessage().startsWith("No warehouse at "), absent.getMessage());
        assertFalse(Files.exists(work.resolve("none")), "inspect creates nothing");
        try (Lake busy = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
            TestbedException locked = assertThrows(TestbedException.class, () -> warehouse.inspect());
            assertTrue(locked.getMessage().contains("is locked by"), locked.getMessage());
        }
    }

    @Test
    @Order(9)
    void theOverviewFitsTheWidthWithTheFirstColumnWhole() {
        int width = 100;
        Inspection inspection = warehouse.inspect();
        List<String> lines = printed(inspection, width);

        // dbt's test names can be longer than the terminal (the sample has one of 104 characters): such a key stands whole on
        // a line of its own, the only kind of line allowed past the width
        List<String> keysAlone = inspection.assets().stream().map(a -> "  " + a.name()).toList();
        lines.forEach(line -> assertTrue(line.length() <= width || keysAlone.contains(line), line.length() + " characters: " + line));
        for (AssetStatus asset : inspection.assets()) {
            assertTrue(lines.stream().anyMatch(line -> line.equals("  " + asset.name()) || line.startsWith("  " + asset.name() + " ")),
                    asset.name() + " is never wrapped");
        }
    }

    @Test
    @Order(9)
    void testsWithLongNamesGetTheirNameOnALineAndTheirCellsIndentedBelow() {
        List<String> lines = printed(warehouse.inspect(), InspectionPrinter.DEFAULT_WIDTH);

        int title = lines.indexOf("Data tests (" + warehouse.tests().results().size() + ")");
        assertEquals("  data test", lines.get(title + 1));
        assertTrue(lines.get(title + 2).matches("      test type +\\| model or source +\\| last status .*"), lines.get(title + 2));
        TestResult notNull = warehouse.tests().results().stream().filter(t -> t.test().type().equals("not_null")).findFirst().orElseThrow();
        int row = lines.indexOf("  " + notNull.test().name());
        assertTrue(row > title, notNull.test().name() + " on a line of its own: " + lines);
        assertTrue(lines.get(row + 1).matches("      not_null +\\| " + notNull.test().suite() + " +\\| .*"), lines.get(row + 1));
    }

    @Test
    @Order(10)
    void modelsAndTestsAreSeparateTablesWhoseColumnsSayWhatTheyHold() {
        List<String> lines = printed(warehouse.inspect(), 1000);

        String models = headerAfter(lines, "Models and seeds (" + warehouse.run().models().size() + ")");
        assertTrue(models.startsWith("  model or seed ") && models.contains("| materialization"), models);
        String tests = headerAfter(lines, "Data tests (" + warehouse.tests().results().size() + ")");
        assertTrue(tests.startsWith("  data test ") && tests.contains("| test type") && tests.contains("| model or source"), tests);
        assertFalse(tests.contains("materialization"), tests);
        TestResult notNull = warehouse.tests().results().stream().filter(t -> t.test().type().equals("not_null")).findFirst().orElseThrow();
        assertTrue(lines.stream().anyMatch(l -> l.matches("  " + notNull.test().name() + " +\\| not_null +\\| " + notNull.test().suite() + " .*")),
                notNull.test().name() + " with its type and model in " + lines);
    }

    @Test
    @Order(11)
    void theTableOptionPrintsOnlyThatTableUnderOneLine() {
        Inspection inspection = new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET)
                .inspect(warehouse.inspectRequest(null, "customer_metrics"));
        List<String> lines = printed(inspection, 1000);

        assertEquals("Warehouse " + warehouse.location() + ": table main.customer_metrics", lines.get(0));
        assertEquals(List.of("Columns (" + inspection.detail().columns().size() + ")", "Sample of 3 rows"),
                lines.stream().filter(l -> !l.isEmpty() && !l.startsWith(" ")).skip(1).toList(), "no other section: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  tier ") && l.contains("The customer's current loyalty tier.")), lines.toString());
    }

    @Test
    @Order(11)
    void aSampleTooWideForTheTerminalShowsOneRowAtATime() {
        Inspection inspection = new WarehouseInspector(DuckDbSettings.defaults(), TestData.QUIET)
                .inspect(warehouse.inspectRequest(null, "customer_metrics"));
        int width = InspectionPrinter.DEFAULT_WIDTH;
        List<String> lines = printed(inspection, width);

        lines.forEach(line -> assertTrue(line.length() <= width, line.length() + " characters: " + line));
        assertTrue(lines.contains("Sample of 3 rows, one at a time: side by side they are wider than the terminal"), lines.toString());
        List<String> columns = inspection.detail().sample().get(0);
        List<String> second = inspection.detail().sample().get(2);
        int at = lines.indexOf(lines.stream().filter(l -> l.matches("  column +\\| row 2")).findFirst().orElseThrow());
        for (int i = 0; i < columns.size(); i++) {
            assertEquals("  " + columns.get(i) + " ".repeat(lines.get(at).indexOf('|') - 3 - columns.get(i).length()) + " | " + second.get(i),
                    lines.get(at + 2 + i).stripTrailing());
        }
    }

    @Test
    @Order(12)
    void droppedViewsAndTablesAreNamedInTheSnapshotThatDroppedThem() throws SQLException {
        TestData.sql(warehouse.location(), "CREATE VIEW lake.main.retired_view AS SELECT 1 AS x", "DROP VIEW lake.main.retired_view",
                "CREATE TABLE lake.main.retired_table AS SELECT 1 AS x", "DROP TABLE lake.main.retired_table");

        List<Inspection.SnapshotEntry> newest = warehouse.inspect().snapshots();

        assertEquals("tables_dropped: main.retired_table", newest.get(0).changes());
        assertEquals("views_dropped: main.retired_view", newest.get(2).changes());
    }

    private static List<String> printed(Inspection inspection, int width) {
        List<String> lines = new java.util.ArrayList<>();
        new InspectionPrinter(event -> lines.add(event.message()), width).print(inspection);
        return lines;
    }

    /** The header line of the table under a section title. */
    private static String headerAfter(List<String> lines, String title) {
        int at = lines.indexOf(title);
        assertTrue(at >= 0, title + " in " + lines);
        return lines.get(at + 1);
    }

    @Test
    @Order(13)
    void aLakeWhoseHistoryHasALongNamedTestUnderItsShortFormStillShowsItsLastRun() throws SQLException {
        TestResult longNamed = warehouse.tests().results().stream().filter(t -> t.test().name().length() >= 64).findFirst().orElseThrow();
        String name = longNamed.test().name();
        String shortForm = longNamed.test().id().shortName();
        // plugin versions before dbt's test names recorded such a test under the short form
        TestData.sql(warehouse.location(), "UPDATE lake.testbed.test_runs SET test = '" + shortForm + "' WHERE test = '" + name + "'");

        AssetStatus status = assets().get(name);

        assertEquals(longNamed.status().name().toLowerCase(java.util.Locale.ROOT), status.lastStatus(), status.toString());
    }

    private static Map<String, AssetStatus> assets() {
        return warehouse.inspect().assets().stream().collect(Collectors.toMap(AssetStatus::name, Function.identity()));
    }

    private static long[] independentFileStats(String table) throws SQLException {
        try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults());
             Statement statement = lake.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), sum(data_file_size_bytes) FROM ducklake_list_files('lake', '" + table
                     + "', schema => 'raw')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static long count(String relation) throws SQLException {
        try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
            return DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + relation);
        }
    }

    /** Names a snapshot's changes the way inspect prints them. */
    private record Inspector(SampleWarehouse warehouse) {
        String describe(Snapshot snapshot) {
            try (Lake lake = Lake.open(warehouse.location(), DuckDbSettings.defaults())) {
                return new LakeContents(lake).describeChanges(snapshot);
            }
        }
    }
}
