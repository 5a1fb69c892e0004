package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every commit goes through the lake's one writer: its author and message, reruns after a lost commit, and rollback. */
class LakeWriterTest {

    private static Lake newLake(Path dir) {
        return Lake.open(new LakeLocation(dir.resolve("lake.ducklake").toString(), dir.resolve("data").toString()), DuckDbSettings.defaults());
    }

    private static long snapshots(Lake lake) throws SQLException {
        return DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake.snapshots()");
    }

    @Test
    void aCommitIsOneSnapshotWithTheEnginesAuthorAndTheMessage(@TempDir Path dir) throws SQLException {
        try (Lake lake = newLake(dir)) {
            long before = snapshots(lake);
            lake.writer().commit("two tables", c -> {
                DuckDb.execute(c, "CREATE TABLE lake.main.a AS SELECT 1 AS x");
                DuckDb.execute(c, "CREATE TABLE lake.main.b AS SELECT 2 AS y");
                return null;
            });
            assertEquals(before + 1, snapshots(lake), "both tables in one snapshot");
            assertEquals("testbed|two tables", DuckDb.queryString(lake.connection(),
                    "SELECT author || '|' || commit_message FROM lake.snapshots() ORDER BY snapshot_id DESC LIMIT 1"));
        }
    }

    @Test
    void workThatLosesItsCommitToAnotherWriterIsRerunWholeAndTheRerunIsReported(@TempDir Path dir) throws SQLException {
        try (Lake lake = newLake(dir)) {
            DuckDb.execute(lake.connection(), "CREATE TABLE lake.main.t (writer VARCHAR)");
            AtomicInteger runs = new AtomicInteger();
            List<Integer> reruns = new ArrayList<>();
            try (Connection worker = Lake.freshConnection(lake.connection()); Connection other = Lake.freshConnection(lake.connection())) {
                lake.writer().commit(worker, "ours", c -> {
                    // the transaction sees the lake as it is now; the other writer then replaces the table and commits first
                    DuckDb.queryLong(c, "SELECT count(*) FROM lake.main.t");
                    if (runs.incrementAndGet() == 1) {
                        DuckDb.execute(other, "DROP TABLE lake.main.t");
                        DuckDb.execute(other, "CREATE TABLE lake.main.t (writer VARCHAR)");
                    }
                    DuckDb.execute(c, "INSERT INTO lake.main.t VALUES ('ours')");
                    return null;
                }, (next, lost) -> {
                    assertTrue(LakeWriter.isCommitConflict(lost), "only a lost commit is rerun: " + lost);
                    reruns.add(next);
                });
            }
            assertEquals(2, runs.get(), "the work ran again after its commit was lost");
            assertEquals(List.of(2), reruns, "the listener was told of attempt 2");
            assertEquals("ours", DuckDb.queryString(lake.connection(), "SELECT string_agg(writer) FROM lake.main.t"));
        }
    }

    @Test
    void failingWorkLeavesTheLakeAtItsSnapshotAndIsNotRerun(@TempDir Path dir) throws SQLException {
        try (Lake lake = newLake(dir)) {
            long before = snapshots(lake);
            AtomicInteger runs = new AtomicInteger();
            assertThrows(SQLException.class, () -> lake.writer().commit("broken", c -> {
                runs.incrementAndGet();
                DuckDb.execute(c, "CREATE TABLE lake.main.half AS SELECT 1 AS x");
                DuckDb.execute(c, "SELECT * FROM lake.main.nosuch");
                return null;
            }));
            assertEquals(1, runs.get(), "an error that is no lost commit is not rerun");
            assertEquals(before, snapshots(lake));
            assertEquals(false, lake.tableExists("main", "half"));
        }
    }

    @Test
    void missingSchemasAreCreatedOnceAndTheLakeStaysUsable(@TempDir Path dir) throws SQLException {
        try (Lake lake = newLake(dir)) {
            lake.writer().ensureSchemas(List.of("s1", "s2"));
            long after = snapshots(lake);
            lake.writer().ensureSchemas(List.of("s1", "s2"));
            assertEquals(after, snapshots(lake), "existing schemas cost no snapshot");
            lake.writer().commit("into s1", c -> {
                DuckDb.execute(c, "CREATE TABLE lake.s1.t AS SELECT 1 AS x");
                return null;
            });
            assertTrue(lake.tableExists("s1", "t"));
        }
    }
}
