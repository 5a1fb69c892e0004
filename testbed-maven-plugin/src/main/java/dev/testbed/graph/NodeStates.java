package dev.testbed.graph;

import java.util.Set;

/**
 * What the {@code state:} and {@code result:} selector methods compare with: for us the lake's own record of the
 * last successful builds and the last run, where dbt reads a saved manifest and run_results.json ({@code --state}).
 * Implementations may read the lake only when first asked, so that selections without these methods cost nothing.
 */
public interface NodeStates {

    /** The state values that hold for this model: {@code new} or {@code old}, and {@code modified} (with {@code modified.body}, ...) or {@code unmodified}. */
    Set<String> states(String model);

    /** The model's status in the last run recorded ({@code success}, {@code error}, {@code skipped}), or null when that run did not include it. */
    String lastResult(String model);

    /** False when there is no lake to compare with, so that a selection can say why it cannot use these methods. */
    default boolean available() {
        return true;
    }

    /** For selections run without a lake: nothing is recorded, and a {@code state:} or {@code result:} criterion is an error. */
    NodeStates NONE = new NodeStates() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Set<String> states(String model) {
            return Set.of();
        }

        @Override
        public String lastResult(String model) {
            return null;
        }
    };
}
