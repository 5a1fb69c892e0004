package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two transactions that apply the same increment to one table at once: plain appends both commit (the rows
 * twice), while with the claim the second commit is refused as a conflict, which the runner reruns.
 */
class IncrementClaimTest {

    private static final String TABLE = "lake.main.events";
    private static final String INCREMENT = "INSERT INTO " + TABLE + " SELECT max(id) + 1 FROM " + TABLE;

    /** Runs the increment on two connections side by side and commits both; returns how the second commit ended. */
    private static SQLException applyTwiceAtOnce(Lake lake, boolean claim) throws SQLException {
        try (Connection first = Lake.freshConnection(lake.connection()); Connection second = Lake.freshConnection(lake.connection())) {
            for (Connection c : new Connection[] {first, second}) {
                c.setAutoCommit(false);
                if (claim) {
                    Materializer.claimForIncrement(c, TABLE);
                }
                DuckDb.execute(c, INCREMENT);
            }
            first.commit();
            try {
                second.commit();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }
    }

    private static Lake lakeWithEvents(Path dir) throws SQLException {
        Lake lake = Lake.open(new LakeLocation(dir.resolve("lake.ducklake").toString(), dir.resolve("data").toString()),
                DuckDbSettings.defaults());
        DuckDb.execute(lake.connection(), "CREATE TABLE " + TABLE + " AS SELECT range AS id FROM range(100)");
        DuckDb.execute(lake.connection(), "COMMENT ON TABLE " + TABLE + " IS 'kept by the claim'");
        return lake;
    }

    @Test
    void withoutTheClaimBothAppendsCommitAndTheIncrementLandsTwice(@TempDir Path dir) throws SQLException {
        try (Lake lake = lakeWithEvents(dir)) {
            assertEquals(null, applyTwiceAtOnce(lake, false));
            assertEquals(2, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + TABLE + " WHERE id = 100"));
        }
    }

    @Test
    void withTheClaimTheSecondCommitConflictsAndTheCommentStays(@TempDir Path dir) throws SQLException {
        try (Lake lake = lakeWithEvents(dir)) {
            SQLException refused = applyTwiceAtOnce(lake, true);
            assertTrue(refused != null && LakeWriter.isCommitConflict(refused), "the second commit is a conflict the runner reruns: " + refused);
            assertEquals(101, DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + TABLE));
            assertEquals("kept by the claim", DuckDb.queryString(lake.connection(),
                    "SELECT comment FROM duckdb_tables() WHERE database_name = 'lake' AND table_name = 'events'"));
        }
    }

    @Test
    void aClaimOfATableWithoutCommentLeavesItWithout(@TempDir Path dir) throws SQLException {
        try (Lake lake = lakeWithEvents(dir)) {
            DuckDb.execute(lake.connection(), "COMMENT ON TABLE " + TABLE + " IS NULL");
            lake.writer().once("claim", c -> {
                Materializer.claimForIncrement(c, TABLE);
                return null;
            });
            assertEquals(null, DuckDb.queryString(lake.connection(),
                    "SELECT comment FROM duckdb_tables() WHERE database_name = 'lake' AND table_name = 'events'"));
            assertThrows(SQLException.class, () -> Materializer.claimForIncrement(lake.connection(), "lake.main.missing"));
        }
    }
}
