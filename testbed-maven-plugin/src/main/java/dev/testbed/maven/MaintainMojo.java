package dev.testbed.maven;

import dev.testbed.maintain.LakeMaintenance;
import dev.testbed.maintain.MaintainRequest;
import dev.testbed.maintain.MaintenanceResult;
import dev.testbed.maintain.Retention;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Frees the lake's disk: expires the snapshots outside the retention (the last {@code keepBuilds} successful builds, and
 * whatever was current within {@code keepFor}), deletes the files nothing references any more (those of expired
 * snapshots, and orphans that killed or failed loads left), flushes inlined rows into Parquet and merges small files.
 * Bound to no phase: run it after a build, {@code mvn verify testbed:maintain}.
 */
@Mojo(name = "maintain", threadSafe = true)
public class MaintainMojo extends AbstractLakeMojo {

    /**
     * Keep every snapshot of the last this many successful builds of the run history (a build whose models and data
     * tests all passed; warnings count as passed), so that time travel to them, and the diffs and drift tests that
     * compare with them, keep working.
     */
    @Parameter(property = "testbed.maintain.keepBuilds", defaultValue = "10")
    int keepBuilds;

    /**
     * Also keep every snapshot that was the lake's current one within this long ago, written as a whole number and a
     * unit: {@code 7d}, {@code 12h}, {@code 30m}, {@code 0s}. On a shared catalog it is also how long an unreferenced or
     * orphaned file stays, so it must exceed the longest build against the lake: a build that started within it keeps its
     * snapshot and files. The default, an hour, is far longer than a 100 M-row build takes here.
     */
    @Parameter(property = "testbed.maintain.keepFor", defaultValue = "1h")
    String keepFor;

    /** List the snapshots, files and bytes that would go, and change nothing. */
    @Parameter(property = "testbed.maintain.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Skip this goal. */
    @Parameter(property = "testbed.maintain.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() {
        MaintainRequest request = new MaintainRequest(lakeLocation(), Retention.of(keepBuilds, keepFor), dryRun);
        MaintenanceResult result = new LakeMaintenance(duckDbSettings(), reporter()).lakesFrom(lakes()).maintain(request);
        result.describe().forEach(reporter()::info);
    }
}
