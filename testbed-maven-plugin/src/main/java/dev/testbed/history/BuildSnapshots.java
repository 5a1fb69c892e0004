package dev.testbed.history;

import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The snapshots each recorded build committed, from the run history: an atomic build is one snapshot, a build that
 * publishes each model commits several. Newest build first.
 */
public record BuildSnapshots(List<Build> builds) {

    /** One run id and the first and last snapshot its history rows were committed in. */
    public record Build(String runId, long first, long last) {
    }

    public static BuildSnapshots read(Lake lake) {
        String alias = lake.location().alias();
        if (!lake.tableExists(RunHistory.SCHEMA, RunHistory.MODEL_RUNS) || !lake.tableExists(RunHistory.SCHEMA, RunHistory.TEST_RUNS)) {
            return new BuildSnapshots(List.of());
        }
        String sql = "SELECT run_id, min(snapshot_id), max(snapshot_id) FROM (SELECT run_id, snapshot_id FROM "
                + RunHistory.qualified(alias, RunHistory.MODEL_RUNS) + " UNION ALL SELECT run_id, snapshot_id FROM "
                + RunHistory.qualified(alias, RunHistory.TEST_RUNS) + ") GROUP BY run_id ORDER BY max(snapshot_id) DESC";
        List<Build> builds = new ArrayList<>();
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                builds.add(new Build(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the builds of the run history (schema " + RunHistory.SCHEMA + ") of " + lake.location() + ": "
                    + SqlErrors.message(e), null, e);
        }
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
