package dev.testbed.tests;

import dev.testbed.project.Project;
import dev.testbed.results.TestRunResult;
import java.util.Set;

/**
 * What a verify-metrics run returns to the task that writes its JUnit XML and artifacts: the project, every test's result,
 * and the environment variables the project's Jinja read (for the goal's up-to-date proof).
 */
public record TestRunOutcome(Project project, TestRunResult result, Set<String> environmentRead) {
}
