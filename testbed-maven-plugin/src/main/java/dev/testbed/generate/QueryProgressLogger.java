package dev.testbed.generate;

import dev.testbed.core.Reporter;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/** Logs the progress of one long-running DuckDB statement every few seconds while it runs. */
final class QueryProgressLogger implements AutoCloseable {

    private static final long INTERVAL_SECONDS = 5;

    private final ScheduledExecutorService timer;

    QueryProgressLogger(DuckDBPreparedStatement statement, String label, Reporter reporter) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "testbed-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> report(statement, label, reporter), INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private static void report(DuckDBPreparedStatement statement, String label, Reporter reporter) {
        try {
            QueryProgress progress = statement.getQueryProgress();
            if (progress != null && progress.getPercentage() >= 0) {
                reporter.info(String.format(Locale.ROOT, "  %s: %.0f%% done", label, progress.getPercentage()));
            }
        } catch (SQLException | RuntimeException e) {
            // progress is a courtesy; the statement itself reports real failures
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
