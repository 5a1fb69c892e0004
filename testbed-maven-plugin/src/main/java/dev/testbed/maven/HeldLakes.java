package dev.testbed.maven;

import dev.testbed.core.Lake;
import dev.testbed.core.LakeSource;
import dev.testbed.core.Reporter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lake a goal leaves attached in its DuckDB for a later goal of the same Maven build (load-ducklake for run-models,
 * run-models for verify-metrics), so that one build starts DuckDB, loads its extensions and attaches the catalog once.
 * Kept in the plugin's class realm like {@link HeldBuilds}: keyed by module and lake, tagged with the build's run id, so a
 * build never reuses what another build (a Maven daemon keeps the realm) left. The last goal that uses the lake, and any
 * goal that fails, closes it; whatever is still held when the JVM stops is closed then.
 */
final class HeldLakes {

    private record Held(String runId, Lake lake) {
    }

    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private HeldLakes() {
    }

    /**
     * Where a goal of run {@code runId} gets its lake: the one an earlier goal of this run held under {@code key} when it
     * can serve this goal's settings, else a fresh one. With {@code keep}, closing the lake holds it for the next goal.
     */
    static LakeSource source(String key, String runId, boolean keep, Reporter reporter) {
        return (location, settings) -> {
            Held held = HELD.remove(key);
            Lake lake = null;
            if (held != null && held.runId().equals(runId) && held.lake().reuse(location, settings)) {
                reporter.debug("Reusing the DuckDB an earlier goal of this build left with " + location + " attached.");
                lake = held.lake();
            } else if (held != null) {
                held.lake().close();
            }
            if (lake == null) {
                lake = Lake.open(location, settings);
            }
            if (keep) {
                lake.keepOnClose(open -> {
                    hold(key, new Held(runId, open));
                    return true;
                });
            }
            return lake;
        };
    }

    private static void hold(String key, Held held) {
        // registered only once something is held, for the reason HeldBuilds gives
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(""), "testbed-held-lakes"));
        }
        Held earlier = HELD.put(key, held);
        if (earlier != null && earlier.lake() != held.lake()) {
            earlier.lake().close();
        }
    }

    /** Closes every lake held under a key that starts with {@code prefix}: their DuckDBs stop and the catalogs are free again. */
    static void closeAll(String prefix) {
        for (String key : HELD.keySet()) {
            if (key.startsWith(prefix)) {
                Held held = HELD.remove(key);
                if (held != null) {
                    held.lake().close();
                }
            }
        }
    }
}
