package dev.testbed.history;

import dev.testbed.core.DuckDb;
import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The builds the run history knows, each with the snapshots it committed its rows in, newest build first: under atomic
 * publishing a build's models, tests and history are one snapshot; published model by model, a build spans many.
 */
public record BuildSnapshots(List<Build> builds) {

    /**
     * One build (a run id) of the history.
     *
     * @param succeeded no model of it failed and no data test failed or erred (warnings and skips count as success)
     * @param snapshots every snapshot holding a history row of this build, ascending
     */
    public record Build(String runId, boolean succeeded, SortedSet<Long> snapshots) {

        /** The build's first snapshot. */
        public long first() {
            return snapshots.first();
        }

        /** The build's last snapshot: builds are ordered by it. */
        public long last() {
            return snapshots.last();
        }
    }

    /** Every build of the lake's history; none when the lake has no history yet. */
    public static BuildSnapshots read(Lake lake) {
        try {
            return read(lake.connection(), lake.location().alias());
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the builds of the run history (schema " + RunHistory.SCHEMA + ") in " + lake.location() + ": "
                    + SqlErrors.message(e), "Check that schema " + RunHistory.SCHEMA + " is this plugin's run history and readable.", e);
        }
    }

    /** The same, on {@code connection} to the lake attached as {@code alias}. */
    public static BuildSnapshots read(Connection connection, String alias) throws SQLException {
        String tables = "SELECT count(*) FROM information_schema.tables WHERE table_catalog = " + Sql.literal(alias) + " AND table_schema = "
                + Sql.literal(RunHistory.SCHEMA) + " AND table_name IN (" + Sql.literal(RunHistory.MODEL_RUNS) + ", " + Sql.literal(RunHistory.TEST_RUNS) + ")";
        if (DuckDb.queryLong(connection, tables) < 2) {
            return new BuildSnapshots(List.of());
        }
        String sql = "SELECT run_id, snapshot_id, bool_and(status NOT IN ('error', 'fail')) FROM ("
                + "SELECT run_id, snapshot_id, status FROM " + RunHistory.qualified(alias, RunHistory.MODEL_RUNS)
                + " UNION ALL SELECT run_id, snapshot_id, status FROM " + RunHistory.qualified(alias, RunHistory.TEST_RUNS)
                + ") GROUP BY ALL ORDER BY snapshot_id";
        Map<String, TreeSet<Long>> snapshots = new LinkedHashMap<>();
        Map<String, Boolean> succeeded = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String runId = rs.getString(1);
                snapshots.computeIfAbsent(runId, id -> new TreeSet<>()).add(rs.getLong(2));
                succeeded.merge(runId, rs.getBoolean(3), Boolean::logicalAnd);
            }
        }
        List<Build> builds = new ArrayList<>();
        snapshots.forEach((runId, ids) -> builds.add(new Build(runId, succeeded.get(runId), ids)));
        builds.sort((a, b) -> Long.compare(b.last(), a.last()));
        return new BuildSnapshots(List.copyOf(builds));
    }

    /** The build with this run id. */
    public Optional<Build> run(String runId) {
        return builds.stream().filter(b -> b.runId().equals(runId)).findFirst();
    }

    /** The newest build that ended at or before the snapshot: whose result a reader of the lake then saw. */
    public Optional<Build> endedBy(long snapshot) {
        return builds.stream().filter(b -> b.last() <= snapshot).findFirst();
    }

    /** The build before {@code build}: the newest that ended before {@code build} began. */
    public Optional<Build> before(Build build) {
        return builds.stream().filter(b -> b.last() < build.first()).findFirst();
    }

    /** For messages: the newest few run ids with their snapshots. */
    public String newest(int count) {
        return String.join(", ", builds.stream().limit(count).map(b -> Sql.literal(b.runId()) + " (snapshot " + b.last() + ")").toList());
    }
}
