package dev.testbed.maintain;

import dev.testbed.core.Snapshot;
import dev.testbed.history.BuildSnapshots.Build;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which snapshots stay and which expire under a {@link Retention}.
 *
 * @param kept    the snapshots that stay, newest first, each with why
 * @param expired the snapshots that go, newest first
 */
public record RetentionPlan(Map<Long, String> kept, List<Snapshot> expired) {

    /**
     * The plan for a lake whose snapshots are {@code newestFirst} and whose history holds {@code builds} (newest first), at
     * {@code now}. A snapshot stays when it is the latest; when it was the lake's current snapshot at some moment of the
     * last {@code keepFor} (its successor is younger than that), because a build or reader that started then still reads
     * it; or when a history row of one of the last {@code keepBuilds} successful builds was committed in it, because time
     * travel to a build's snapshot shows its models and the raw tables as that build read them.
     */
    public static RetentionPlan of(List<Snapshot> newestFirst, List<Build> builds, Retention retention, Instant now) {
        Map<Long, String> kept = new LinkedHashMap<>();
        Map<Long, String> ofBuilds = new LinkedHashMap<>();
        builds.stream().filter(Build::succeeded).limit(retention.keepBuilds())
                .forEach(build -> build.snapshots().forEach(id -> ofBuilds.putIfAbsent(id, "build " + build.runId())));
        Instant cutoff = now.minus(retention.keepFor());
        List<Snapshot> expired = new ArrayList<>();
        Snapshot successor = null;
        for (Snapshot snapshot : newestFirst) {
            if (successor == null) {
                kept.put(snapshot.id(), "latest");
            } else if (successor.time().toInstant().isAfter(cutoff)) {
                kept.put(snapshot.id(), "current within keepFor " + retention.keepFor());
            } else if (ofBuilds.containsKey(snapshot.id())) {
                kept.put(snapshot.id(), ofBuilds.get(snapshot.id()));
            } else {
                expired.add(snapshot);
            }
            successor = snapshot;
        }
        return new RetentionPlan(kept, List.copyOf(expired));
    }
}
