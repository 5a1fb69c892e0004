package dev.testbed.run;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run-models invocation.
 *
 * @param projectRoot     the dbt-style project folder (models/, macros/, optional dbt_project.yml)
 * @param location        the DuckLake warehouse
 * @param target          target name and schema; its catalog is the alias the lake is attached under
 * @param vars            {@code var()} overrides, winning over dbt_project.yml
 * @param select          dbt selection syntax, or blank for every model
 * @param exclude         dbt selection syntax, or blank
 * @param fullRefresh     rebuild incremental models from scratch
 * @param outputDirectory where compiled SQL and the dbt-shaped artifacts go
 */
public record RunRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, String select,
                         String exclude, boolean fullRefresh, Path outputDirectory) {
}
