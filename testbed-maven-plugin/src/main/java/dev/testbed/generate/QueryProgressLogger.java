package dev.testbed.generate;

import dev.testbed.core.Reporter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Logs, every few seconds while a table's files are being written, how many bytes exist. DuckDB reports
 * no progress for a COPY from {@code range()}, so the growing files are the honest measure; where the
 * size per row is known the log adds an estimate of the share done.
 */
final class QueryProgressLogger implements AutoCloseable {

    private static final long INTERVAL_SECONDS = 5;

    private final ScheduledExecutorService timer;

    /**
     * @param expectedBytes the file's likely final size, or 0 if unknown
     */
    QueryProgressLogger(LongSupplier bytesWritten, String label, long expectedBytes, Reporter reporter) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "testbed-progress");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        timer.scheduleAtFixedRate(() -> report(bytesWritten, label, expectedBytes, started, reporter), INTERVAL_SECONDS, INTERVAL_SECONDS,
                TimeUnit.SECONDS);
    }

    private static void report(LongSupplier bytesWritten, String label, long expectedBytes, long started, Reporter reporter) {
        try {
            long bytes = bytesWritten.getAsLong();
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            String share = expectedBytes > 0 ? String.format(Locale.ROOT, ", about %d%% done", Math.min(99, bytes * 100 / expectedBytes)) : "";
            reporter.info(String.format(Locale.ROOT, "  %s: %,d MB written after %d s%s", label, bytes >> 20, seconds, share));
        } catch (RuntimeException e) {
            // progress is a courtesy; the COPY itself reports real failures
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
