package dev.testbed.it.differential;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How the harness starts dbt: {@code dbt build} in the project's copy, with the profile beside it and the side's lake folder. */
public record DbtBuild(DbtVenv venv) {

    public ExternalCommand command(String label, Path project, LakeFolder lake, Path log) {
        return new ExternalCommand(label, List.of(venv.dbt().toString(), "build", "--no-use-colors"), project,
                Map.of("DBT_PROFILES_DIR", project.toString(), "DIFF_LAKE_DIR", lake.directory().toString(),
                        "DBT_SEND_ANONYMOUS_USAGE_STATS", "False"), log);
    }

    /** Where dbt writes the results of the build it ran in {@code project}. */
    public static Path runResults(Path project) {
        return project.resolve("target").resolve("run_results.json");
    }
}
