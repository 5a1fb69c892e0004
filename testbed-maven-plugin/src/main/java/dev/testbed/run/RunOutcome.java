package dev.testbed.run;

import dev.testbed.core.TestbedException;
import dev.testbed.graph.ProjectGraph;
import dev.testbed.project.SourceTable;
import dev.testbed.results.RunResult;
import java.util.Collection;
import java.util.Map;

/**
 * What a run-models run returns to the task that writes its artifacts.
 *
 * @param loaded     the project as parsed and put in dependency order
 * @param sources    the project's sources
 * @param relations  each model's relation (or CTE name for an ephemeral model), by model name
 * @param result     every model's outcome
 * @param endFailure why on-run-end failed, thrown after the artifacts are written; null when it did not fail
 */
public record RunOutcome(ProjectGraph loaded, Collection<SourceTable> sources, Map<String, String> relations, RunResult result,
                         TestbedException endFailure) {
}
