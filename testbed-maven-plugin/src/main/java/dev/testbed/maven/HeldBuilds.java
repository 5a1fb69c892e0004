package dev.testbed.maven;

import dev.testbed.task.PendingBuild;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What run-models hands on to verify-metrics of the same Maven build, kept in the plugin's class realm, which Maven
 * reuses for every goal of this plugin in one build. Keyed by project directory and lake, and tagged with the build's
 * run id, so that a build never takes over another build's work (a Maven daemon keeps the realm between builds).
 * Whatever is still held when the JVM stops is rolled back, never published.
 */
final class HeldBuilds {

    private static final Map<String, PendingBuild> HELD = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private HeldBuilds() {
    }

    /** Holds {@code pending} for verify-metrics under {@code key}; anything held there before (an earlier build's) is rolled back. */
    static void hold(String key, PendingBuild pending) {
        // registered only once something is held: at JVM exit Maven has closed the plugin's realm, so a hook that had
        // to load classes then (as one registered by every build, holding nothing, did) fails with NoClassDefFoundError
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (PendingBuild left : HELD.values()) {
                    left.close();
                }
            }, "testbed-held-builds"));
        }
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
