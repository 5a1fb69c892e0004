package dev.testbed.generate;

import dev.testbed.core.RawTable;
import dev.testbed.core.WrittenFiles;
import java.time.Duration;
import java.util.Map;

/**
 * What a generate-data run did.
 *
 * @param upToDate true when the existing files already matched the parameters and nothing was written
 * @param rows     rows per table
 * @param elapsed  wall time of the whole run
 * @param written  the files this run wrote, for load-ducklake in the same process to trust rather than decode again;
 *                 {@link WrittenFiles#NONE} when the run found the data up to date and wrote nothing
 */
public record GenerationResult(boolean upToDate, String fingerprint, Map<RawTable, Long> rows, Duration elapsed, WrittenFiles written) {

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
