package dev.testbed.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells the log that slow work is still running: a first beat once a piece of work has run for {@link Timing#firstAfter},
 * then one every {@link Timing#every} until it ends. Work that ends sooner says nothing, so fast runs stay quiet. A query
 * gives no progress of its own while it runs, and without this a long model leaves the log silent for minutes.
 *
 * <p>One timer thread serves every piece of work watched through one heartbeat: a run of seventy data tests costs one
 * thread, not seventy.
 */
public final class Heartbeat implements AutoCloseable {

    /**
     * When to beat.
     *
     * @param firstAfter how long work runs before its first beat
     * @param every      the time between later beats
     */
    public record Timing(Duration firstAfter, Duration every) {

        /** For models and data tests: a start line after 5 s, then one every 10 s. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(10));

        public Timing {
            Objects.requireNonNull(firstAfter, "firstAfter");
            Objects.requireNonNull(every, "every");
            if (firstAfter.isNegative() || every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("a heartbeat needs firstAfter >= 0 and every > 0, not " + firstAfter + " and " + every);
            }
        }
    }

    /** What to do at a beat. */
    @FunctionalInterface
    public interface Beat {

        /**
         * @param count   0 for the first beat, then 1, 2, …
         * @param elapsed how long the work has run
         */
        void beat(int count, Duration elapsed);
    }

    /** One watched piece of work; closing it when the work ends stops its beats. */
    public static final class Watch implements AutoCloseable {

        private final Beat beat;
        private final long started = System.nanoTime();
        private ScheduledFuture<?> future;
        private int count;
        private boolean closed;

        private Watch(Beat beat) {
            this.beat = beat;
        }

        private synchronized void beat() {
            if (closed) {
                return;
            }
            try {
                beat.beat(count++, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                // a beat is a courtesy; the work itself reports real failures
            }
        }

        /** Once this returns no beat of this work is reported: a "still running" line never follows the result line. */
        @Override
        public synchronized void close() {
            closed = true;
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    private final Timing timing;
    private final ScheduledExecutorService timer;

    public Heartbeat(Timing timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "testbed-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts watching work that starts now; close the watch when it ends. */
    public Watch watch(Beat beat) {
        Watch watch = new Watch(beat);
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(watch::beat, timing.firstAfter().toNanos(), timing.every().toNanos(),
                TimeUnit.NANOSECONDS);
        synchronized (watch) {
            watch.future = future;
            if (watch.closed) { // the work ended before the timer was set
                future.cancel(false);
            }
        }
        return watch;
    }

    /**
     * Watches work named {@code what} and reports {@code what running (5 s)} at the first beat, then
     * {@code what still running (15 s)}, at INFO.
     */
    public Watch watch(String what, Reporter reporter) {
        return watch((count, elapsed) -> reporter.info("  " + what + (count == 0 ? " running (" : " still running (") + seconds(elapsed) + ")"));
    }

    /** {@code 15 s}; below a second (only with short test timings) {@code 400 ms}. */
    public static String seconds(Duration elapsed) {
        return elapsed.getSeconds() > 0 ? elapsed.getSeconds() + " s" : String.format(Locale.ROOT, "%d ms", elapsed.toMillis());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
