package dev.testbed.tests;

import dev.testbed.project.Project;
import dev.testbed.results.TestRunResult;

/** What a verify-metrics run returns to the task that writes its JUnit XML and artifacts: the project, and every test's result. */
public record TestRunOutcome(Project project, TestRunResult result) {
}
