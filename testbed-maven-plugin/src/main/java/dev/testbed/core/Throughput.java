package dev.testbed.core;

import java.time.Duration;
import java.util.Locale;

/** Formats counts, durations and rates the same way in every log line. */
public final class Throughput {

    private Throughput() {
    }

    public static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    public static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.2f s", elapsed.toNanos() / 1e9);
    }

    public static String rate(long rows, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        return String.format(Locale.ROOT, "%,.0f rows/s", rows / seconds);
    }
}
