package dev.testbed.engine;

import dev.testbed.core.TestbedException;
import java.util.Locale;

/** When a build's work reaches the lake ({@code -Dtestbed.publish}). */
public enum Publish {

    /**
     * The whole build (seeds, models, their data tests, the run history) is one DuckLake transaction, committed as one
     * snapshot only when every error-severity test passed; otherwise rolled back, and the lake keeps its previous snapshot.
     */
    ATOMIC,

    /** Each model commits on its own as it finishes (dbt's way); a failing error-severity test skips its model's descendants. */
    EACH;

    /** The value of {@code testbed.publish}, in any case. */
    public static Publish parse(String value) {
        for (Publish publish : values()) {
            if (publish.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return publish;
            }
        }
        throw new TestbedException("testbed.publish is '" + value + "', which is not a way to publish.",
                "Use -Dtestbed.publish=atomic (the build is one snapshot, published only when its tests pass) or -Dtestbed.publish=each "
                        + "(each model commits as it finishes).");
    }

    public String property() {
        return name().toLowerCase(Locale.ROOT);
    }
}
