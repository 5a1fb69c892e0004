package dev.testbed.run;

import dev.testbed.compile.Target;
import dev.testbed.core.LakeLocation;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
 * @param eventTimeStart  dbt's {@code --event-time-start}: microbatch models build their batches from this time (UTC), or null
 * @param eventTimeEnd    dbt's {@code --event-time-end}: microbatch models build their batches up to this time (UTC) instead of now, or
 *                        null. The Mojo, as dbt, asks for both bounds or none; the engine also takes an end alone, which then
 *                        stands for the current time (so that tests of the lookback do not depend on the day they run)
 */
public record RunRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, String select,
                         String exclude, boolean fullRefresh, Path outputDirectory, LocalDateTime eventTimeStart, LocalDateTime eventTimeEnd) {

    /** A run with no event-time bounds. */
    public RunRequest(Path projectRoot, LakeLocation location, Target target, Map<String, Object> vars, String select, String exclude,
                      boolean fullRefresh, Path outputDirectory) {
        this(projectRoot, location, target, vars, select, exclude, fullRefresh, outputDirectory, null, null);
    }
}
