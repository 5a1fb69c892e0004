package dev.testbed.artifacts;

import dev.testbed.compile.Target;

/**
 * The run-models arguments that manifest.json and run_results.json record (dbt's {@code args}), and the target whose
 * catalog and schema the nodes name.
 */
public record Invocation(Target target, String select, String exclude, boolean fullRefresh) {
}
