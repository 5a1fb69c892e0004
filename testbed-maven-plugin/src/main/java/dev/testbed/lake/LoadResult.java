package dev.testbed.lake;

import dev.testbed.core.RawTable;
import java.time.Duration;
import java.util.Map;

/**
 * What a load-ducklake run did.
 *
 * @param upToDate    true when the lake already held exactly these files and no snapshot was written
 * @param snapshotId  the lake's snapshot after the run
 * @param fingerprint fingerprint of the loaded files
 * @param rows        rows per table
 * @param elapsed     wall time of the run
 * @param check       how the run decided whether to load
 */
public record LoadResult(boolean upToDate, long snapshotId, String fingerprint, Map<RawTable, Long> rows, Duration elapsed, Check check) {

    /** How a run decided: from file stamps alone (see {@link LoadProof}), by asking the lake, or not at all (forced). */
    public enum Check { STAMPS, LAKE, FORCED }

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
