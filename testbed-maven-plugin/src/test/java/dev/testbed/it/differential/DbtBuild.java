package dev.testbed.it.differential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the harness starts dbt: {@code dbt build} in the project's copy, with the profile beside it and the side's lake folder. */
public record DbtBuild(DbtVenv venv) {

    /** @param extraArgs added to {@code dbt build} (the project's {@code build-args.properties}) */
    public ExternalCommand command(String label, Path project, LakeFolder lake, List<String> extraArgs, Path log) {
        // one thread: dbt-duckdb's threads share one DuckDB, where DuckLake 1.5.5's catalog cache races between
        // transactions (duckdb/ducklake#1248); with profile-attach's threads: 2, dbt once left a table in the wrong
        // schema. The relations dbt builds do not depend on its thread count, and the plugin keeps the profile's.
        List<String> command = new ArrayList<>(List.of(venv.dbt().toString(), "build", "--no-use-colors", "--threads", "1"));
        command.addAll(extraArgs);
        return new ExternalCommand(label, command, project,
                Map.of("DBT_PROFILES_DIR", project.toString(), "DIFF_LAKE_DIR", lake.directory().toString(),
                        "DBT_SEND_ANONYMOUS_USAGE_STATS", "False"), log);
    }

    /** Where dbt writes the results of the build it ran in {@code project}. */
    public static Path runResults(Path project) {
        return project.resolve("target").resolve("run_results.json");
    }
}
