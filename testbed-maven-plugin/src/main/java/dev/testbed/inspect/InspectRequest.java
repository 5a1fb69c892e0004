package dev.testbed.inspect;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.ParameterCheck;
import java.nio.file.Path;
import java.util.Map;

/**
 * What to inspect.
 *
 * @param projectRoot   the dbt-style project whose models and tests are listed, or null to list only the lake
 * @param dataDirectory where generate-data wrote its Parquet files, or null
 * @param snapshotLimit how many snapshots to list, newest first
 * @param atSnapshot    show the lake as it was at this snapshot (DuckLake time travel), or null for now
 * @param table         {@code schema.table} (or just a table name) to show in detail, or null
 * @param sampleRows    how many rows of that table to show
 */
public record InspectRequest(LakeLocation location, Path projectRoot, Target target, Map<String, Object> vars, Path dataDirectory,
                             int snapshotLimit, Long atSnapshot, String table, int sampleRows) {

    public InspectRequest {
        ParameterCheck.atLeast("testbed.inspect.snapshots", snapshotLimit, 0, "0 lists none");
        ParameterCheck.atLeast("testbed.inspect.rows", sampleRows, 0, "0 shows no rows");
        if (atSnapshot != null) {
            ParameterCheck.atLeast("testbed.inspect.snapshot", atSnapshot, 0, "a snapshot id, as mvn testbed:inspect lists them");
        }
    }
}
