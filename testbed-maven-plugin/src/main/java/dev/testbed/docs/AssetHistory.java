package dev.testbed.docs;

import dev.testbed.core.DuckDb;
import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.history.BuildSnapshots;
import dev.testbed.history.ModelVersions;
import dev.testbed.history.RunHistory;
import dev.testbed.project.Materialization;
import dev.testbed.state.Relations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers the asset pages chart over recent builds: each model's row count at each of its recent versions (read by
 * time travel), and each test's recorded measurement ({@code metric_value} of the run history, which drift tests fill;
 * lakes without that column have none). Points are oldest first.
 */
final class AssetHistory {

    /** How many versions a model's chart shows: enough to see a jump, few enough that counting a view stays cheap. */
    static final int POINTS = 12;

    private AssetHistory() {
    }

    /** For each model, its row count at each of its newest {@value #POINTS} versions. */
    static Map<String, List<Map<String, Object>>> rowCounts(Lake lake, ProjectGraph project) throws SQLException {
        ModelVersions versions = ModelVersions.read(lake);
        BuildSnapshots builds = BuildSnapshots.read(lake);
        Relations relations = new Relations(project.project(), project.compiler(), project.graph());
        Map<String, List<Map<String, Object>>> counts = new LinkedHashMap<>();
        for (String model : project.graph().topologicalOrder()) {
            if (project.graph().model(model).config().materialized() == Materialization.EPHEMERAL) {
                continue;
            }
            String relation = relations.of(model);
            String table = Sql.relation(lake.location().alias(), relation);
            List<Map<String, Object>> points = new ArrayList<>();
            for (long version : versions.ofModel(project.graph(), relations, model)) {
                if (points.size() == POINTS) {
                    break;
                }
                if (versions.existsAt(relation, version)) {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("snapshot", version);
                    point.put("runId", builds.builds().stream().filter(b -> b.first() <= version && version <= b.last()).map(BuildSnapshots.Build::runId)
                            .findFirst().orElse(null));
                    try {
                        point.put("value", DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + table + " AT (VERSION => " + version + ")"));
                        points.add(0, point);
                    } catch (SQLException e) {
                        // a view over a relation dropped since cannot be read then: the chart goes without that point
                        continue;
                    }
                }
            }
            counts.put(model, points);
        }
        return counts;
    }

    /** For each test with a recorded measurement, the newest {@value #POINTS} of them; empty when the history has no such column. */
    static Map<String, List<Map<String, Object>>> measurements(Lake lake) throws SQLException {
        String alias = lake.location().alias();
        Map<String, List<Map<String, Object>>> series = new HashMap<>();
        if (DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM information_schema.columns WHERE table_catalog = " + Sql.literal(alias)
                + " AND table_schema = '" + RunHistory.SCHEMA + "' AND table_name = '" + RunHistory.TEST_RUNS + "' AND column_name = 'metric_value'") == 0) {
            return series;
        }
        String sql = "SELECT test, snapshot_id, run_id, metric_value FROM " + alias + "." + RunHistory.SCHEMA + "." + RunHistory.TEST_RUNS
                + " WHERE metric_value IS NOT NULL QUALIFY row_number() OVER (PARTITION BY test ORDER BY snapshot_id DESC, finished_at DESC) <= " + POINTS
                + " ORDER BY test, snapshot_id, finished_at";
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("snapshot", rs.getLong(2));
                point.put("runId", rs.getString(3));
                point.put("value", rs.getDouble(4));
                series.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(point);
            }
        }
        return series;
    }
}
