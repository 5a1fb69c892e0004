package dev.testbed.engine;

import dev.testbed.core.Lake;
import dev.testbed.graph.BuildDecisions;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.results.DataTest;
import java.util.List;

/**
 * Where a build gets its {@link BuildDecisions}: made once per build, after the project is loaded and the lake opened
 * (inside the build transaction, when there is one), before any node runs.
 */
@FunctionalInterface
public interface DecisionsFactory {

    /**
     * @param lake    the open lake the build writes to
     * @param project the loaded project
     * @param tests   every data test the project declares (selected or not)
     */
    BuildDecisions decisions(Lake lake, ProjectGraph project, List<DataTest> tests);

    /** Builds every node: {@code -Dtestbed.force}, {@code -Dtestbed.fullRefresh}, or no state to go by. */
    DecisionsFactory ALWAYS = (lake, project, tests) -> BuildDecisions.ALWAYS;
}
