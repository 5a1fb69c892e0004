package dev.testbed.maven;

import dev.testbed.task.PendingBuild;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What run-models hands on to verify-metrics of the same Maven build, kept in the plugin's class realm, which Maven
 * reuses for every goal of this plugin in one build. Keyed by project directory and lake, and tagged with the build's
 * run id, so that a build never takes over another build's work (a Maven daemon keeps the realm between builds).
 * Whatever is still held when the JVM stops is rolled back, never published.
 */
final class HeldBuilds {

    private static final Map<String, PendingBuild> HELD = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.values().forEach(PendingBuild::close), "testbed-held-builds"));
    }

    private HeldBuilds() {
    }

    /** Holds {@code pending} for verify-metrics under {@code key}; anything held there before (an earlier build's) is rolled back. */
    static void hold(String key, PendingBuild pending) {
        PendingBuild earlier = HELD.put(key, pending);
        if (earlier != null && earlier != pending) {
            earlier.close();
        }
    }

    /**
     * Takes what run-models of run {@code runId} held under {@code key}, or null. What an earlier build left there (its
     * verify-metrics never ran) is rolled back.
     */
    static PendingBuild take(String key, String runId) {
        PendingBuild pending = HELD.remove(key);
        if (pending != null && !pending.runId().equals(runId)) {
            pending.close();
            return null;
        }
        return pending;
    }
}
