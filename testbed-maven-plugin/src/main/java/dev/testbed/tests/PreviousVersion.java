package dev.testbed.tests;

import dev.testbed.history.BuildSnapshots;
import dev.testbed.history.ModelVersions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The snapshot a drift test compares with: where the previous build left the relation, the last snapshot of the newest
 * build of the run history before the relation's current version. Inside a build transaction (atomic publishing) this
 * build is no snapshot yet, so that is the last build published; outside one (each model commits as it finishes, its
 * version and its history row in one snapshot) it is the build before the one that made the current version.
 *
 * <p>A build's snapshot rather than the relation's own {@link ModelVersions}: it shows a view over the inputs its last
 * build read, and it survives {@code testbed:maintain}, which keeps the snapshots of the last builds but expires the
 * one that created a relation no build has changed since; a drift test would otherwise take such a relation for new.
 * A build whose snapshot the lake no longer holds is passed over.
 */
final class PreviousVersion {

    private PreviousVersion() {
    }

    /**
     * The previous version of {@code table} ({@code schema.name}) in the lake attached as {@code alias}, read on
     * {@code connection}; empty when there is none (a first build, or the relation did not exist then).
     *
     * @param inBuild whether the test runs inside the build's open transaction
     */
    static OptionalLong of(Connection connection, String alias, String table, boolean inBuild) throws SQLException {
        ModelVersions versions = ModelVersions.read(connection, alias);
        List<Long> own = versions.of(table); // newest first
        long current = inBuild || own.isEmpty() ? Long.MAX_VALUE : own.get(0);
        for (BuildSnapshots.Build build : BuildSnapshots.read(connection, alias).builds()) {
            long last = build.last();
            if (last < current && versions.holds(last)) {
                return versions.existsAt(table, last) ? OptionalLong.of(last) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
