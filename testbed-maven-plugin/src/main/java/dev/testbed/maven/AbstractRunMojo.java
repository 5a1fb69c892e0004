package dev.testbed.maven;

import dev.testbed.history.RunHistory;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that run the project's nodes in the warehouse (run-models, verify-metrics): which ones, on how many workers,
 * where their artifacts go, and the run id they record in the lake's history.
 */
abstract class AbstractRunMojo extends AbstractProjectMojo {

    /** Where compiled SQL ({@code compiled/}), {@code manifest.json}, {@code run_results.json} and the JUnit XML go. */
    @Parameter(property = "testbed.outputDirectory", defaultValue = "${project.build.directory}/testbed")
    File outputDirectory;

    /**
     * Models to run (run-models) or whose tests run (verify-metrics), in dbt's selection syntax ({@code stg_sales+},
     * {@code tag:nightly}, {@code path:models/staging}). Empty runs all.
     */
    @Parameter(property = "testbed.select")
    String select;

    /** Models to leave out, in dbt's selection syntax. */
    @Parameter(property = "testbed.exclude")
    String exclude;

    // The tuning parameters are declared again in generate-data and load-ducklake: Maven reads @Parameter fields only
    // from a goal's own class hierarchy, and inspect and docs, which share this one's parents, must not offer them.

    /**
     * How many models or data tests run side by side, and DuckDB's threads. 0 uses one per available core. On a
     * PostgreSQL catalog each worker runs in a DuckDB of its own with an equal share of the threads (see README,
     * concurrent builds).
     */
    @Parameter(property = "testbed.threads")
    Integer threads;

    /**
     * DuckDB memory limit, such as {@code 4GB}. Empty uses DuckDB's default (80% of physical memory). On a
     * PostgreSQL catalog the workers share it equally, a DuckDB each.
     */
    @Parameter(property = "testbed.memoryLimit")
    String memoryLimit;

    /** Where DuckDB spills intermediate data when the memory limit is reached. Empty uses DuckDB's default. */
    @Parameter(property = "testbed.tempDirectory")
    File tempDirectory;

    @Override
    DuckDbTuning tuning() {
        return new DuckDbTuning(targetSettings().threads(), memoryLimit, tempDirectory);
    }

    @Override
    Integer givenThreads() {
        return threads;
    }

    String runId() {
        return session == null || session.getRequest().getStartTime() == null ? RunHistory.newRunId()
                : RunHistory.runId(session.getRequest().getStartTime().toInstant());
    }
}
