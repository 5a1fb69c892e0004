package dev.testbed.task;

import dev.testbed.engine.DecisionsFactory;
import dev.testbed.engine.Publish;

/**
 * How a goal takes part in the build.
 *
 * @param publish     when the build's work reaches the lake
 * @param decisions   where the build learns which nodes to build and which to keep
 * @param testsFollow verify-metrics runs later in this same build (Maven invocation) for this project: run-models then
 *                    leaves an atomic build unpublished for it, or in {@code each} mode runs the tests with the models
 * @param failOnWarn  warnings fail the build too, so an atomic build with a warning is not published
 * @param fuseTests   the built-in data tests of one relation share one scan of it (false: each runs its own query)
 */
public record BuildOptions(Publish publish, DecisionsFactory decisions, boolean testsFollow, boolean failOnWarn, boolean fuseTests) {

    /** Options whose data tests share scans. */
    public BuildOptions(Publish publish, DecisionsFactory decisions, boolean testsFollow, boolean failOnWarn) {
        this(publish, decisions, testsFollow, failOnWarn, true);
    }

    /** Today's way: each model commits as it finishes, every node is built, and nothing follows. */
    public static final BuildOptions EACH = new BuildOptions(Publish.EACH, DecisionsFactory.ALWAYS, false, false);

    /** The whole run is one snapshot, published at its end if it succeeded; every node is built. */
    public static final BuildOptions ATOMIC = new BuildOptions(Publish.ATOMIC, DecisionsFactory.ALWAYS, false, false);

    public BuildOptions withTestsFollowing(boolean follow) {
        return new BuildOptions(publish, decisions, follow, failOnWarn, fuseTests);
    }

    public BuildOptions withDecisions(DecisionsFactory factory) {
        return new BuildOptions(publish, factory, testsFollow, failOnWarn, fuseTests);
    }

    public BuildOptions withFailOnWarn(boolean fail) {
        return new BuildOptions(publish, decisions, testsFollow, fail, fuseTests);
    }

    public BuildOptions withFuseTests(boolean fuse) {
        return new BuildOptions(publish, decisions, testsFollow, failOnWarn, fuse);
    }
}
