package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost commit's connection is replaced, and the lake stays attached and writable through the new one. */
class LakeConnectionRenewalTest {

    @Test
    void renewedConnectionSeesAndWritesTheSameLake(@TempDir Path dir) throws Exception {
        LakeLocation location = new LakeLocation(dir.resolve("lake.ducklake").toString(), dir.resolve("data").toString());
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            lake.inTransaction("test", "first", c -> {
                DuckDb.execute(c, "CREATE TABLE lake.main.t AS SELECT range AS i FROM range(10)");
                return null;
            });
            Connection before = lake.connection();
            lake.renewConnectionAfterLostCommit();
            assertNotSame(before, lake.connection());
            assertTrue(before.isClosed(), "the connection that lost a commit is closed");
            lake.inTransactionRerunOnConflict("test", "second", c -> {
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
}
