package dev.testbed.history;

import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The run history as read back from the lake, each row with the snapshot it was committed in (for a
 * successful model: the snapshot that built it). Newest first; empty when nothing was recorded yet.
 */
public record RecordedRuns(List<ModelBuild> models, List<TestOutcome> tests) {

    /** A row of {@value RunHistory#MODEL_RUNS} and its snapshot. */
    public record ModelBuild(RunHistory.ModelRun run, long snapshotId) {
    }

    /** A row of {@value RunHistory#TEST_RUNS} and its snapshot. */
    public record TestOutcome(RunHistory.TestRun run, long snapshotId) {
    }

    public static RecordedRuns read(Lake lake) {
        Connection connection = lake.connection();
        String alias = lake.location().alias();
        try {
            if (!historyExists(connection, alias)) {
                return new RecordedRuns(List.of(), List.of());
            }
            List<ModelBuild> models = new ArrayList<>();
            String modelSql = "SELECT snapshot_id, run_id, model, materialization, status, started_at, duration_ms, rows_affected, code_hash, message"
                    + " FROM " + RunHistory.qualified(alias, RunHistory.MODEL_RUNS) + " ORDER BY snapshot_id DESC, started_at DESC";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(modelSql)) {
                while (rs.next()) {
                    long rows = rs.getLong(8);
                    rows = rs.wasNull() ? -1 : rows;
                    models.add(new ModelBuild(new RunHistory.ModelRun(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class).toInstant(), Duration.ofMillis(rs.getLong(7)), rows,
                            rs.getString(9), rs.getString(10), null, null), rs.getLong(1)));
                }
            }
            List<TestOutcome> tests = new ArrayList<>();
            String testSql = "SELECT snapshot_id, run_id, test, test_type, suite, column_name, status, failures, finished_at, duration_ms, message"
                    + " FROM " + RunHistory.qualified(alias, RunHistory.TEST_RUNS) + " ORDER BY snapshot_id DESC, test";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(testSql)) {
                while (rs.next()) {
                    long failures = rs.getLong(8);
                    failures = rs.wasNull() ? -1 : failures;
                    tests.add(new TestOutcome(new RunHistory.TestRun(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), failures, rs.getObject(9, OffsetDateTime.class).toInstant(),
                            Duration.ofMillis(rs.getLong(10)), rs.getString(11), null), rs.getLong(1)));
                }
            }
            return new RecordedRuns(List.copyOf(models), List.copyOf(tests));
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the run history (schema " + RunHistory.SCHEMA + "): " + SqlErrors.message(e), null, e);
        }
    }

    private static boolean historyExists(Connection connection, String alias) throws SQLException {
        String sql = "SELECT count(*) FROM information_schema.tables WHERE table_catalog = " + Sql.literal(alias) + " AND table_schema = '" + RunHistory.SCHEMA
                + "' AND table_name IN ('" + RunHistory.MODEL_RUNS + "', '" + RunHistory.TEST_RUNS + "')";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() && rs.getLong(1) == 2;
        }
    }
}
