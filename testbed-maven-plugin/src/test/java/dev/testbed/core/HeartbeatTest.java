package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heartbeat's timing and its lines, with real threads and short timings. */
class HeartbeatTest {

    @Test
    void workEndingBeforeTheFirstBeatSaysNothing() throws InterruptedException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (Heartbeat heartbeat = new Heartbeat(new Heartbeat.Timing(Duration.ofMillis(300), Duration.ofMillis(100)))) {
            heartbeat.watch("quick", event -> lines.add(event.message())).close();
            Thread.sleep(700);
        }
        assertEquals(List.of(), lines);
    }

    @Test
    void slowWorkGetsAStartLineThenStillRunningLinesUntilItsWatchCloses() throws InterruptedException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (Heartbeat heartbeat = new Heartbeat(new Heartbeat.Timing(Duration.ofMillis(100), Duration.ofMillis(100)))) {
            Heartbeat.Watch watch = heartbeat.watch("customer_metrics", event -> lines.add(event.message()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (lines.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            watch.close();
            int afterClose = lines.size();
            Thread.sleep(400);
            assertEquals(afterClose, lines.size(), "no beat once the watch is closed: " + lines);
        }
        assertTrue(lines.size() >= 3, lines.toString());
        assertTrue(lines.get(0).matches("  customer_metrics running \\(\\d+ ms\\)"), lines.get(0));
        lines.subList(1, lines.size()).forEach(line -> assertTrue(line.matches("  customer_metrics still running \\(\\d+ m?s\\)"), line));
    }

    @Test
    void beatsCountFromZeroWithTheTimeTheWorkHasRun() throws InterruptedException {
        List<long[]> beats = Collections.synchronizedList(new ArrayList<>());
        try (Heartbeat heartbeat = new Heartbeat(new Heartbeat.Timing(Duration.ofMillis(150), Duration.ofMillis(50)))) {
            try (Heartbeat.Watch ignored = heartbeat.watch((count, elapsed) -> beats.add(new long[] {count, elapsed.toMillis()}))) {
                while (beats.size() < 3) {
                    Thread.sleep(20);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(i, beats.get(i)[0]);
        }
        assertTrue(beats.get(0)[1] >= 150, "the first beat comes after firstAfter: " + beats.get(0)[1] + " ms");
        assertTrue(beats.get(2)[1] >= beats.get(1)[1] && beats.get(1)[1] >= beats.get(0)[1], "elapsed grows");
    }

    @Test
    void secondsAreWholeAndMillisecondsOnlyBelowOneSecond() {
        assertEquals("15 s", Heartbeat.seconds(Duration.ofMillis(15_900)));
        assertEquals("400 ms", Heartbeat.seconds(Duration.ofMillis(400)));
    }

    @Test
    void aTimingWithoutAnIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat.Timing(Duration.ofSeconds(5), Duration.ZERO));
    }
}
