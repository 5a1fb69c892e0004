package dev.testbed.tests;

import dev.testbed.history.ModelVersions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The snapshot that holds a relation's previous version, which a drift test compares with; a relation's versions are
 * those of {@link ModelVersions} (not a build that kept it up to date, which records a run and changes nothing, nor
 * maintenance that only rewrote its files). Inside a build transaction (atomic publishing) the build's own work is no
 * snapshot yet, so the previous version is the newest, the last one published; outside one (each model commits as it
 * finishes) the newest is the relation as it is now, and the previous version is the one before it.
 */
final class PreviousVersion {

    private PreviousVersion() {
    }

    /**
     * The previous version of {@code table} ({@code schema.name}) in the lake attached as {@code alias}, read on
     * {@code connection}; empty when it has none (its first build).
     *
     * @param inBuild whether the test runs inside the build's open transaction
     */
    static OptionalLong of(Connection connection, String alias, String table, boolean inBuild) throws SQLException {
        List<Long> versions = ModelVersions.read(connection, alias).of(table); // newest first
        int index = inBuild ? 0 : 1;
        return versions.size() > index ? OptionalLong.of(versions.get(index)) : OptionalLong.empty();
    }
}
