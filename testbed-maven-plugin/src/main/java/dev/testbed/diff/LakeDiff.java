package dev.testbed.diff;

import java.util.List;

/**
 * The result of a diff: every selected model compared between two snapshots of the lake.
 *
 * @param fromRun the run id whose build ended at {@code fromSnapshot}, or null when it was given as a snapshot or none is recorded
 * @param toRun   the run id whose build ended at {@code toSnapshot}, or null likewise
 * @param note    why nothing was compared (e.g. the lake records one build only), else empty
 */
public record LakeDiff(long fromSnapshot, String fromRun, long toSnapshot, String toRun, String note, List<ModelDiff> models) {

    /** The models whose rows or definition differ between the two snapshots, or that appeared or went. */
    public List<ModelDiff> differing() {
        return models.stream().filter(m -> !ModelDiff.UNCHANGED.equals(m.state()) && !ModelDiff.ABSENT.equals(m.state())).toList();
    }
}
