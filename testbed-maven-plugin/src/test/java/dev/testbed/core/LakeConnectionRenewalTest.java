package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost commit's connection is replaced, and the lake stays attached and writable through the new one; workers' connections. */
class LakeConnectionRenewalTest {

    /** A new file-catalog lake whose table lake.main.t holds {@code rows} rows, committed as snapshot "first". */
    private static Lake lakeWithTable(Path dir, int rows) throws Exception {
        LakeLocation location = new LakeLocation(dir.resolve("lake.ducklake").toString(), dir.resolve("data").toString());
        Lake lake = Lake.open(location, DuckDbSettings.defaults());
        lake.writer().once("first", c -> {
            DuckDb.execute(c, "CREATE TABLE lake.main.t AS SELECT range AS i FROM range(" + rows + ")");
            return null;
        });
        return lake;
    }

    @Test
    void renewedConnectionSeesAndWritesTheSameLake(@TempDir Path dir) throws Exception {
        try (Lake lake = lakeWithTable(dir, 10)) {
            Connection before = lake.connection();
            lake.renewConnectionAfterLostCommit();
            assertNotSame(before, lake.connection());
            assertTrue(before.isClosed(), "the connection that lost a commit is closed");
            lake.writer().commit("second", c -> {
                DuckDb.execute(c, "INSERT INTO lake.main.t SELECT range FROM range(5)");
                return null;
            });
            assertEquals(15, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM lake.main.t"));
            try (Connection fresh = Lake.freshConnection(lake.connection())) {
                assertEquals(15, DuckDb.queryLong(fresh, "SELECT count(*) FROM lake.main.t"));
            }
            assertEquals("second", DuckDb.queryString(lake.connection(),
                    "SELECT commit_message FROM lake.snapshots() ORDER BY snapshot_id DESC LIMIT 1"));
        }
    }

    @Test
    void workersOfAFileCatalogLakeShareItsDuckDbAndSeeTheLake(@TempDir Path dir) throws Exception {
        try (Lake lake = lakeWithTable(dir, 7)) {
            // a file catalog admits one DuckDB, so the workers must be connections to this very one
            DuckDb.execute(lake.connection(), "CREATE TABLE memory.main.marker AS SELECT 42 AS answer");
            List<Connection> workers = lake.openWorkerConnections(2);
            assertEquals(2, workers.size());
            for (Connection worker : workers) {
                try (worker) {
                    assertEquals(42, DuckDb.queryLong(worker, "SELECT answer FROM memory.main.marker"));
                    assertEquals(7, DuckDb.queryLong(worker, "SELECT count(*) FROM lake.main.t"));
                }
            }
        }
    }
}
