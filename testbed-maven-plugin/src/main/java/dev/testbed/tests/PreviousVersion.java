package dev.testbed.tests;

import dev.testbed.core.Snapshot;
import dev.testbed.core.Sql;
import dev.testbed.state.SnapshotChanges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The snapshot that holds a relation's previous version, which a drift test compares with. A relation's versions are
 * the snapshots whose changes created, replaced, altered, inserted into or deleted from it: not a build that kept it up
 * to date (it records a run, not a change), nor maintenance that only rewrote its files. Inside a build transaction
 * (atomic publishing) the build's own work is no snapshot yet, so the previous version is the newest, the last one
 * published; outside one (each model commits as it finishes) the newest is the relation as it is now, and the previous
 * version is the one before it.
 */
final class PreviousVersion {

    /** The kinds of DuckLake's snapshot changes that give a relation new content or a new definition. */
    private static final Set<String> CONTENT_CHANGES = Set.of("tables_created", "tables_altered", "tables_inserted_into", "tables_deleted_from",
            "inlined_insert", "inlined_delete", "views_created", "views_altered");

    private PreviousVersion() {
    }

    /**
     * The previous version of {@code table} ({@code schema.name}) in the lake attached as {@code alias}, read on
     * {@code connection}; empty when it has none (its first build).
     *
     * @param inBuild whether the test runs inside the build's open transaction
     */
    static OptionalLong of(Connection connection, String alias, String table, boolean inBuild) throws SQLException {
        SnapshotChanges changes = SnapshotChanges.read(connection, alias);
        int newer = inBuild ? 0 : 1;
        String sql = "SELECT snapshot_id, CAST(changes AS VARCHAR) FROM ducklake_snapshots(" + Sql.literal(alias) + ") ORDER BY snapshot_id DESC";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Snapshot snapshot = new Snapshot(rs.getLong(1), null, null, null, rs.getString(2));
                boolean changed = changes.changedTables(snapshot).entrySet().stream().anyMatch(change -> CONTENT_CHANGES.contains(change.getKey())
                        && change.getValue().stream().anyMatch(table::equalsIgnoreCase));
                if (changed && newer-- == 0) {
                    return OptionalLong.of(snapshot.id());
                }
            }
        }
        return OptionalLong.empty();
    }
}
