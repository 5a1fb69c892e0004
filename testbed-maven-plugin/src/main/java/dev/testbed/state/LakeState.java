package dev.testbed.state;

import dev.testbed.core.Lake;
import dev.testbed.core.Snapshot;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lake itself says about the project's nodes: which relations exist, the newest snapshot that changed each
 * one, each model's last successful build (with the fingerprint recorded then), each test's last run (with its status
 * and definition hash), and the statuses of the last run. Read from DuckLake's metadata, its snapshots and the run
 * history tables ({@code testbed.model_runs}, {@code testbed.test_runs}); no state is kept beside the lake.
 *
 * @param lastResults the status of each model and test in the newest run recorded (one {@code run_id}: a Maven build's
 *                    run-models and verify-metrics share it), keyed by name; models and tests share dbt's status words
 * @param lastRun     that run's id, or null when none is recorded
 */
public record LakeState(Set<String> relations, Map<String, Long> lastChanges, Map<String, Build> builds, Map<String, TestRun> testRuns,
                        Map<String, String> lastResults, String lastRun) {

    /** A lake that has recorded nothing: no relation, no snapshot, no history. */
    public static final LakeState EMPTY = new LakeState(Set.of(), Map.of(), Map.of(), Map.of(), Map.of(), null);

    /** The history schema and tables, as {@code dev.testbed.history.RunHistory} writes them. */
    static final String SCHEMA = "testbed";

    /**
     * A model's last successful build.
     *
     * @param config null, and {@code macros} null, when the build was recorded before these columns existed
     */
    public record Build(long snapshot, String code, String config, Map<String, String> macros) {
    }

    /**
     * A data test's last run.
     *
     * @param status     dbt's word for its result: {@code pass}, {@code warn}, {@code fail}, {@code error}, ...
     * @param definition the hash of its query and config then ({@link Fingerprint#definition}), null when the run was
     *                   recorded before this column existed
     */
    public record TestRun(long snapshot, String status, String definition) {

        public boolean passed() {
            return "pass".equals(status);
        }
    }

    /** Whether any build or test run is recorded: a lake without is one no build has written yet. */
    public boolean recordsBuilds() {
        return !builds.isEmpty() || !testRuns.isEmpty();
    }

    public static LakeState read(Lake lake) {
        String alias = lake.location().alias();
        try {
            long current = lake.currentSnapshotId();
            List<Snapshot> snapshots = lake.snapshots().stream().filter(s -> s.id() <= current).toList();
            SnapshotChanges changes = SnapshotChanges.read(lake);
            Set<String> relations = changes.relationsAt(current);
            Map<String, Long> lastChanges = changes.lastChanges(snapshots);
            Map<String, Build> builds = new HashMap<>();
            Map<String, TestRun> testRuns = new HashMap<>();
            Map<String, String> lastResults = new HashMap<>();
            String lastRun = null;
            if (relations.contains(SCHEMA + ".model_runs") && relations.contains(SCHEMA + ".test_runs")) {
                lastRun = readHistory(lake, alias, builds, testRuns, lastResults);
            }
            return new LakeState(Set.copyOf(relations), Map.copyOf(lastChanges), Map.copyOf(builds), Map.copyOf(testRuns), Map.copyOf(lastResults),
                    lastRun);
        } catch (SQLException e) {
            throw new TestbedException("Cannot read what the lake " + lake.location() + " last built: " + SqlErrors.message(e),
                    "Check that the lake is readable; run inspect to see its snapshots.", e);
        }
    }

    /** Fills the three maps from the history tables; returns the newest run's id, or null when none is recorded. */
    private static String readHistory(Lake lake, String alias, Map<String, Build> builds, Map<String, TestRun> testRuns,
                                      Map<String, String> lastResults) throws SQLException {
        String models = alias + "." + SCHEMA + ".model_runs";
        String tests = alias + "." + SCHEMA + ".test_runs";
        Set<String> columns = historyColumns(lake, alias);
        boolean fingerprinted = columns.contains("model_runs.config_hash");
        String fingerprint = fingerprinted ? "config_hash, macro_hashes" : "NULL, NULL";
        query(lake, "SELECT model, snapshot_id, code_hash, " + fingerprint + " FROM " + models + " WHERE status = 'success'"
                + " QUALIFY row_number() OVER (PARTITION BY model ORDER BY snapshot_id DESC, started_at DESC) = 1",
                rs -> builds.put(rs.getString(1), new Build(rs.getLong(2), rs.getString(3), rs.getString(4), Fingerprint.parseMacros(rs.getString(5)))));
        String definition = columns.contains("test_runs.definition_hash") ? "definition_hash" : "NULL";
        query(lake, "SELECT test, snapshot_id, status, " + definition + " FROM " + tests
                + " QUALIFY row_number() OVER (PARTITION BY test ORDER BY snapshot_id DESC, finished_at DESC) = 1",
                rs -> testRuns.put(rs.getString(1), new TestRun(rs.getLong(2), rs.getString(3), rs.getString(4))));
        // the newest run is the one whose rows were committed last; within it, a node's newest row is its result
        String[] lastRun = {null};
        query(lake, "SELECT run_id FROM (SELECT run_id, snapshot_id FROM " + models + " UNION ALL SELECT run_id, snapshot_id FROM " + tests
                + ") ORDER BY snapshot_id DESC LIMIT 1", rs -> lastRun[0] = rs.getString(1));
        if (lastRun[0] == null) {
            return null;
        }
        query(lake, "SELECT name, status FROM (SELECT model AS name, status, snapshot_id FROM " + models + " WHERE run_id = " + Sql.literal(lastRun[0])
                + " UNION ALL SELECT test, status, snapshot_id FROM " + tests + " WHERE run_id = " + Sql.literal(lastRun[0]) + ")"
                + " QUALIFY row_number() OVER (PARTITION BY name ORDER BY snapshot_id DESC) = 1",
                rs -> lastResults.put(rs.getString(1), rs.getString(2)));
        return lastRun[0];
    }

    /**
     * The history tables' columns as {@code table.column}: older lakes lack the newer ones. One query of DuckDB's own
     * catalog function, which is much cheaper than {@code information_schema.columns} on a fresh attach.
     */
    private static Set<String> historyColumns(Lake lake, String alias) throws SQLException {
        Set<String> columns = new HashSet<>();
        query(lake, "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE database_name = " + Sql.literal(alias)
                + " AND schema_name = '" + SCHEMA + "'", rs -> columns.add(rs.getString(1)));
        return columns;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Lake lake, String sql, Row row) throws SQLException {
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }
}
