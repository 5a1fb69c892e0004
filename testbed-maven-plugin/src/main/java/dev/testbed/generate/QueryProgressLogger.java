package dev.testbed.generate;

import dev.testbed.core.Heartbeat;
import dev.testbed.core.Reporter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Logs, every few seconds while a table's files are being written, how many bytes exist. DuckDB reports
 * no progress for a COPY from {@code range()}, so the growing files are the honest measure; where the
 * size per row is known the log adds an estimate of the share done.
 */
final class QueryProgressLogger implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Heartbeat heartbeat = new Heartbeat(new Heartbeat.Timing(INTERVAL, INTERVAL));
    private final Heartbeat.Watch watch;

    /**
     * @param expectedBytes the file's likely final size, or 0 if unknown
     */
    QueryProgressLogger(LongSupplier bytesWritten, String label, long expectedBytes, Reporter reporter) {
        watch = heartbeat.watch((count, elapsed) -> {
            long bytes = bytesWritten.getAsLong();
            String share = expectedBytes > 0 ? String.format(Locale.ROOT, ", about %d%% done", Math.min(99, bytes * 100 / expectedBytes)) : "";
            reporter.info(String.format(Locale.ROOT, "  %s: %,d MB written after %d s%s", label, bytes >> 20, elapsed.getSeconds(), share));
        });
    }

    @Override
    public void close() {
        watch.close();
        heartbeat.close();
    }
}
