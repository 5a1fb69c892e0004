package dev.testbed.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.MissingSnapshot;
import dev.testbed.core.Snapshot;
import dev.testbed.core.TestbedException;
import dev.testbed.history.BuildSnapshots;
import dev.testbed.lake.LakeLoader;
import dev.testbed.run.RunRequest;
import dev.testbed.task.BuildOptions;
import dev.testbed.task.RunModelsTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * testbed:maintain's engine on a real DuckLake after many builds, reloads and killed loads: one lake for the class (twenty
 * builds take half a minute), looked at by a dry run first and maintained after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeMaintenanceTest {

    private static final int BUILDS = 20;
    private static final int KILLED_LOADS = 3;

    private Path work;
    private LakeLocation location;
    private Path lakeData;
    private Path project;

    @BeforeAll
    void manyBuildsAndKilledLoads(@TempDir Path folder) throws IOException {
        work = folder;
        Path data = work.resolve("data");
        TestData.generate(TestData.small(data, 7));
        lakeData = work.resolve("lake/data");
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), lakeData.toString());
        project = work.resolve("project");
        TestData.write(project, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: raw_sales\n");
        TestData.write(project, "models/stg_sales.sql", "select * from {{ source('raw', 'raw_sales') }}\n");
        // the build number makes every build write a new version of the table
        TestData.write(project, "models/store_revenue.sql", "{{ config(materialized='table') }}\n"
                + "select store_id, sum(amount) as revenue, {{ var('build') }} as build from {{ ref('stg_sales') }} group by store_id\n");
        for (int build = 1; build <= BUILDS; build++) {
            if (build % 5 == 1) {
                new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET, false).load(data, location, true);
            }
            new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET, "run-" + build).run(new RunRequest(project, location,
                    new Target("dev", "main", Lake.ALIAS), Map.of("build", build), null, null, false, work.resolve("out")), BuildOptions.ATOMIC);
        }
        // appends too large to be inlined, each a small file of its own, which maintenance merges
        try {
            TestData.sql(location, "CREATE TABLE lake.main.events (id INTEGER, kind VARCHAR)",
                    "INSERT INTO lake.main.events SELECT range, 'a' FROM range(1000)", "INSERT INTO lake.main.events SELECT range, 'b' FROM range(1000)",
                    "INSERT INTO lake.main.events SELECT range, 'c' FROM range(1000)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // what a load killed between copying its files into the lake and committing leaves: copies no snapshot references
        try (Stream<Path> sales = Files.list(data.resolve("sales"))) {
            Path file = sales.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
            for (int killed = 1; killed <= KILLED_LOADS; killed++) {
                Path copy = lakeData.resolve("raw/raw_sales/testbed-load-killed" + killed + "-" + file.getFileName());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    @Test
    @Order(1)
    void aDryRunListsWhatWouldGoAndChangesNothing() throws Exception {
        List<Snapshot> snapshotsBefore = snapshots();
        Map<String, Long> filesBefore = files();

        MaintenanceResult dry = maintain(3, "0s", true);

        assertTrue(dry.dryRun());
        assertTrue(dry.expired().size() > 10, "most of the builds' snapshots would expire: " + dry.expired().size());
        assertEquals(KILLED_LOADS, dry.orphans().size(), dry.orphans().toString());
        assertTrue(dry.orphans().stream().allMatch(f -> f.path().contains("testbed-load-killed") && f.bytes() > 0), dry.orphans().toString());
        assertFalse(dry.oldFiles().isEmpty(), "the files of earlier loads and builds would go");
        assertEquals(dry.oldFiles().stream().mapToLong(f -> filesBefore.get(f.path())).sum() + dry.orphans().stream().mapToLong(f -> filesBefore.get(f.path())).sum(),
                dry.bytesFreed(), "the bytes are the files' sizes on disk");
        assertEquals(snapshotsBefore, snapshots(), "a dry run expires nothing");
        assertEquals(filesBefore, files(), "a dry run deletes nothing");

        MaintenanceResult young = maintain(3, "1h", true);
        assertEquals(List.of(), young.expired(), "every snapshot was current within the last hour");
    }

    @Test
    @Order(2)
    void maintenanceFreesTheSpaceKeepsTheContentAndTheKeptBuildsTimeTravel() throws Exception {
        Map<String, String> contentBefore = content(null);
        List<BuildSnapshots.Build> builds;
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            builds = BuildSnapshots.read(lake).builds();
        }
        assertEquals(BUILDS, builds.size());
        long keptBuild = builds.get(2).last();
        long expiredBuild = builds.get(3).last();
        Map<String, String> keptBefore = content(keptBuild);
        Map<String, Long> filesBefore = files();
        long bytesBefore = filesBefore.values().stream().mapToLong(Long::longValue).sum();

        MaintenanceResult result = maintain(3, "0s", false);

        Map<String, Long> filesAfter = files();
        long bytesAfter = filesAfter.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(KILLED_LOADS, result.orphans().size());
        assertTrue(filesAfter.keySet().stream().noneMatch(f -> f.contains("testbed-load-killed")), filesAfter.keySet().toString());
        assertTrue(bytesAfter < bytesBefore / 2, "freed " + result.bytesFreed() + " of " + bytesBefore + " bytes, " + bytesAfter + " left");
        List<MaintenanceResult.LakeFile> deleted = Stream.concat(result.oldFiles().stream(), result.orphans().stream()).toList();
        assertEquals(deleted.stream().mapToLong(f -> filesBefore.get(f.path())).sum(), result.bytesFreed(), "the freed bytes are the deleted files' sizes");
        assertTrue(deleted.stream().noneMatch(f -> filesAfter.containsKey(f.path())), "every file it reports is gone");
        assertEquals(contentBefore, content(null), "every relation has the same rows");
        assertEquals(keptBefore, content(keptBuild), "the third newest build still time-travels, raw tables included");

        TestbedException expired = assertThrows(TestbedException.class, () -> Lake.openReadOnly(location, DuckDbSettings.defaults(), expiredBuild).close());
        assertTrue(expired.getMessage().contains("Snapshot " + expiredBuild + " of ") && expired.getMessage().contains("was expired")
                && expired.getMessage().contains("testbed:maintain"), expired.getMessage());
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults()); Statement statement = lake.connection().createStatement()) {
            SQLException travel = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT count(*) FROM lake.main.store_revenue AT (VERSION => " + expiredBuild + ")"));
            assertTrue(MissingSnapshot.of(lake, travel).getMessage().contains("was expired"), MissingSnapshot.of(lake, travel).getMessage());
        }

        assertEquals(List.of(3L, 1L, 48L), List.of(result.filesMerged(), result.filesCreated(), result.rowsFlushed()),
                "the three appends' files were merged into one, and the 20 builds' inlined history rows went into Parquet: " + result.describe());

        MaintenanceResult again = maintain(3, "0s", true);
        assertEquals(List.of(), again.orphans(), "no orphan is left");
        assertTrue(again.oldFiles().size() == 3 && again.oldFiles().stream().allMatch(f -> f.path().contains("/main/events/")),
                "only the three files the merge replaced are left, for the next run: " + again.oldFiles());
    }

    private MaintenanceResult maintain(int keepBuilds, String keepFor, boolean dryRun) {
        return new LakeMaintenance(DuckDbSettings.defaults(), TestData.QUIET).maintain(new MaintainRequest(location, Retention.of(keepBuilds, keepFor), dryRun));
    }

    private List<Snapshot> snapshots() {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return lake.snapshots();
        }
    }

    /** Every file under the lake's data path with its size. */
    private Map<String, Long> files() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(lakeData)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(file.toString(), Files.size(file));
            }
        }
        return files;
    }

    /** Each relation's row count and an order-independent hash of its rows, now or at a snapshot. */
    private Map<String, String> content(Long snapshot) throws SQLException {
        Map<String, String> content = new TreeMap<>();
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            List<String> relations = new ArrayList<>();
            try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery("SELECT table_schema || '.' || table_name"
                    + " FROM information_schema.tables WHERE table_catalog = 'lake' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    relations.add(rs.getString(1));
                }
            }
            for (String relation : relations) {
                if (snapshot != null && relation.equals("main.events")) {
                    continue; // created after the builds
                }
                String at = snapshot == null ? "" : " AT (VERSION => " + snapshot + ")";
                content.put(relation, DuckDb.queryString(lake.connection(), "SELECT count(*) || ' ' || coalesce(sum(hash(r)), 0) FROM (SELECT * FROM lake." + relation + at + ") r"));
            }
        }
        return content;
    }
}
