package dev.testbed.graph;

import java.util.Set;

/**
 * Whether the build engine builds a node or keeps what the lake already holds, and why. The engine asks once per node,
 * when the node becomes ready, telling which of the models it reads were rebuilt earlier in this same build (a change the
 * lake's state, read before the build, cannot know yet). Implementations answer from the lake's own record (see
 * {@code dev.testbed.state}); {@link #ALWAYS} builds everything ({@code -Dtestbed.force}, or no lake yet).
 */
public interface BuildDecisions {

    /**
     * A seed or a model (not ephemeral: those are compiled into their readers).
     *
     * @param rebuilt the models and seeds (by name) that it reads, directly or through ephemeral models, and that this
     *                build has already rebuilt
     */
    Decision model(String name, Set<String> rebuilt);

    /**
     * A data test, by its dbt name.
     *
     * @param rebuilt the models and seeds it reads that this build has already rebuilt
     */
    Decision test(String name, Set<String> rebuilt);

    /** Why a node is built or kept: printed on its line in the log, and kept in run_results.json. */
    sealed interface Decision {

        String reason();

        /** Build (or rerun) the node, for example {@code code changed since snapshot 12}. */
        record Build(String reason) implements Decision {
        }

        /**
         * Keep the node as the lake holds it. For a test this means its last result, a PASS in snapshot {@code snapshot},
         * still holds and is reported again as {@code PASS (up to date, snapshot n)}; only passing results are kept, so a
         * test that failed or warned last time always reruns and shows its rows.
         *
         * @param snapshot the snapshot of the node's last successful build (for a test: of its last passing run)
         */
        record UpToDate(long snapshot, String reason) implements Decision {
        }
    }

    /** Builds every node: {@code -Dtestbed.force}, {@code -Dtestbed.fullRefresh}, or a lake that holds nothing yet. */
    BuildDecisions ALWAYS = new BuildDecisions() {
        @Override
        public Decision model(String name, Set<String> rebuilt) {
            return new Decision.Build("forced");
        }

        @Override
        public Decision test(String name, Set<String> rebuilt) {
            return new Decision.Build("forced");
        }
    };
}
