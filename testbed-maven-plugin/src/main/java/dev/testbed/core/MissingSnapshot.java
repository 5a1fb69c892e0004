package dev.testbed.core;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time travel to a snapshot the lake does not have, said clearly. DuckLake numbers snapshots in order and says only
 * "No snapshot found at version n", the same for an expired snapshot and one that never existed; a missing id below the
 * newest one was expired, which testbed:maintain does to the snapshots outside its retention.
 */
public final class MissingSnapshot {

    private static final Pattern NOT_FOUND = Pattern.compile("No snapshot found at version (\\d+)");

    private MissingSnapshot() {
    }

    /** The snapshot id DuckLake's error names, or -1 when {@code message} is no such error. */
    static long requested(String message) {
        Matcher matcher = NOT_FOUND.matcher(message == null ? "" : message);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * The clear error for a query on {@code lake} that failed with {@code e} because it travelled to a missing snapshot
     * ({@code AT (VERSION => n)}), or null when it failed for another reason.
     */
    public static TestbedException of(Lake lake, SQLException e) {
        long requested = requested(SqlErrors.message(e));
        return requested < 0 ? null : of(lake.location(), requested, lake.currentSnapshotId());
    }

    /** The error for time travel to snapshot {@code requested} of a lake whose newest snapshot is {@code latest}. */
    public static TestbedException of(LakeLocation location, long requested, long latest) {
        if (requested < latest) {
            return new TestbedException("Snapshot " + requested + " of " + location + " was expired (its data may be deleted): testbed:maintain"
                    + " expires the snapshots outside its retention (testbed.maintain.keepBuilds and testbed.maintain.keepFor).",
                    "Pick a snapshot that still exists from the list mvn testbed:inspect prints; to keep more, maintain with a larger"
                            + " -Dtestbed.maintain.keepBuilds or -Dtestbed.maintain.keepFor.");
        }
        return new TestbedException("The DuckLake warehouse " + location + " has no snapshot " + requested + " yet: the newest is " + latest + ".",
                "Pick a snapshot id from the list that mvn testbed:inspect prints.");
    }
}
