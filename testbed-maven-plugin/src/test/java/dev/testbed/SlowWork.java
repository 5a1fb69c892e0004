package dev.testbed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.Heartbeat;
import dev.testbed.core.Reporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A query slow enough for a heartbeat with short test timings, and checks of what the heartbeat reported about it. */
public final class SlowWork {

    /** A start line after 200 ms, then one every 200 ms: a second of work gets several beats. */
    public static final Heartbeat.Timing BEATS = new Heartbeat.Timing(Duration.ofMillis(200), Duration.ofMillis(200));

    /**
     * Hashes twenty million strings and returns no row: one to three seconds on this project's 2-core machines, and there is no
     * sleep function in DuckDB to do it more exactly.
     */
    public static final String QUERY = "select n from (select sum(hash(range::varchar)) as n from range(20000000)) where n is null";

    private SlowWork() {
    }

    /**
     * Checks that the work named {@code what} got a start line, then "still running" lines, all before its result line,
     * and returns them.
     *
     * @param elapsed how long the work took, so that a machine too fast for the query fails with that reason
     */
    public static List<String> assertBeats(List<Reporter.Event> events, String what, String resultLine, Duration elapsed) {
        Duration needed = BEATS.firstAfter().plus(BEATS.every()).plus(BEATS.every());
        assertTrue(elapsed.compareTo(needed) > 0, what + " took " + elapsed + ", too short for two beats: make QUERY slower");
        List<String> lines;
        synchronized (events) {
            lines = events.stream().map(Reporter.Event::message).toList();
        }
        List<String> beats = new ArrayList<>();
        int result = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("  " + what + " ")) {
                assertTrue(result < 0, "a beat after the result line: " + lines);
                beats.add(lines.get(i));
            } else if (lines.get(i).contains(resultLine)) {
                result = i;
            }
        }
        assertTrue(result >= 0, "no result line '" + resultLine + "' in " + lines);
        assertTrue(beats.size() >= 2, "a start line and a heartbeat for " + what + ": " + lines);
        assertTrue(beats.get(0).matches("  " + java.util.regex.Pattern.quote(what) + " running \\(\\d+ (ms|s)\\)"), beats.get(0));
        beats.subList(1, beats.size()).forEach(beat ->
                assertTrue(beat.matches("  " + java.util.regex.Pattern.quote(what) + " still running \\(\\d+ (ms|s)\\)"), beat));
        return beats;
    }

    /** Checks that nothing was reported about {@code what} but its result: work shorter than the first beat stays quiet. */
    public static void assertQuiet(List<Reporter.Event> events, String what) {
        synchronized (events) {
            assertFalse(events.stream().anyMatch(e -> e.message().startsWith("  " + what + " ")), what + " is fast and stays quiet: " + events);
        }
    }
}
