package dev.testbed.maintain;

import dev.testbed.core.LakeLocation;

/**
 * One run of {@code testbed:maintain}.
 *
 * @param dryRun only list what would go (snapshots, files, bytes) and change nothing
 */
public record MaintainRequest(LakeLocation location, Retention retention, boolean dryRun) {
}
