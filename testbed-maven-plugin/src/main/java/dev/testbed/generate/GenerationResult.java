package dev.testbed.generate;

import dev.testbed.core.RawTable;
import java.time.Duration;
import java.util.Map;

/**
 * What a generate-data run did.
 *
 * @param upToDate true when the existing files already matched the parameters and nothing was written
 * @param rows     rows per table
 * @param elapsed  wall time of the whole run
 */
public record GenerationResult(boolean upToDate, String fingerprint, Map<RawTable, Long> rows, Duration elapsed) {

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
