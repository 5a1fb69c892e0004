package dev.testbed.maven;

import dev.testbed.lake.LakeLoader;
import dev.testbed.lake.LoadMode;
import java.io.File;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Loads the generated Parquet files into schema {@code raw} of the DuckLake warehouse as a single
 * transaction: one load is one snapshot, and a failed load leaves the warehouse at its previous
 * snapshot. The data directory must first hold one complete data set (see {@link #requireManifest}), and each
 * file's columns are checked against the warehouse contract. Loading the same
 * files again creates no new snapshot.
 */
@Mojo(name = "load-ducklake", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class LoadDuckLakeMojo extends AbstractLakeMojo {

    /**
     * Folder holding each table as one file ({@code customers.parquet}, {@code stores.parquet},
     * {@code products.parquet}, {@code sales.parquet}) or as a folder of files ({@code sales/*.parquet}).
     */
    @Parameter(property = "testbed.dataDirectory", alias = "sourceDirectory", defaultValue = "${project.build.directory}/testbed-data")
    File dataDirectory;

    /**
     * How rows get into the lake. Every file is first checked and decoded once to prove it readable, except a file
     * generate-data wrote earlier in this Maven invocation and nothing has touched since (the log line says so). A file
     * whose columns have exactly the table's types (and, for the month-partitioned {@code raw_sales}, whose
     * rows fall in one month) can be registered with DuckLake as it is, several times faster than
     * re-encoding; other files have their rows inserted. {@code auto} (default): on a local data path,
     * registrable files are copied into the lake and the copies registered, so the lake never depends on
     * the data directory. {@code link}: registrable files are hard-linked into the lake's data path instead
     * of copied (no extra disk space or time; needs one file system; deleting or regenerating the data
     * directory stays safe, editing a generated file in place would change the lake too).
     * {@code insert}: always insert rows, re-encoded by DuckDB.
     */
    @Parameter(property = "testbed.load.mode", defaultValue = "auto")
    String mode;

    /**
     * Load only one complete data set made by generate-data: its manifest ({@code testbed-dataset.properties}, written
     * after the last file) must be present and list exactly the Parquet files found, with their sizes. This stops a
     * data set that a killed generate-data run left half-written from being loaded as if it were whole. Set it to
     * {@code false} to load Parquet files of your own, which have no manifest. Unfinished {@code *.part} files are
     * refused either way.
     */
    @Parameter(property = "testbed.load.requireManifest", defaultValue = "true")
    boolean requireManifest;

    /** DuckDB's threads for reading, checking and writing the files. 0 uses one per available core. */
    @Parameter(property = "testbed.threads", defaultValue = "0")
    int threads;

    /**
     * DuckDB memory limit, such as {@code 4GB}. Empty: 80% of what the JVM's maximum heap leaves of the
     * physical memory (a container's limit), so that DuckDB and a full heap fit together. DuckDB spills what does not
     * fit to the temp directory.
     */
    @Parameter(property = "testbed.memoryLimit")
    String memoryLimit;

    /**
     * Where DuckDB spills intermediate data when the memory limit is reached: each DuckDB into a folder of its own under
     * it, removed when it closes. Empty: {@code ${project.build.directory}}.
     */
    @Parameter(property = "testbed.tempDirectory")
    File tempDirectory;

    /** Load even when the lake already holds exactly these files (creates a new snapshot). */
    @Parameter(property = "testbed.load.force", defaultValue = "false")
    boolean force;

    /** Skip this goal. */
    @Parameter(property = "testbed.load.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    @Override
    boolean skip() {
        return skip;
    }

    /** run-models, or else verify-metrics, of this build takes over the lake this goal loaded, attached in its DuckDB. */
    @Override
    boolean lakeUsedLater() {
        if (mojoExecution == null) {
            return false;
        }
        boolean modelsSkipped = session != null && Boolean.parseBoolean(session.getUserProperties().getProperty("testbed.models.skip"));
        return !modelsSkipped && LaterGoals.follows(session, project, mojoExecution.getArtifactId(), "run-models")
                || !testsSkipped() && LaterGoals.verifyMetricsFollows(session, project, mojoExecution.getArtifactId());
    }

    @Override
    DuckDbTuning tuning() {
        return new DuckDbTuning(threads, memoryLimit, tempDirectory);
    }

    @Override
    void run() {
        ClassWarmUp.armIf(mojoExecution != null && LaterGoals.projectParsedLater(session, project, mojoExecution.getArtifactId()));
        new LakeLoader(duckDbSettings(), reporter(), requireManifest).lakesFrom(lakes()).trusting(HeldWrittenFiles.take(session, dataDirectory))
                .load(dataDirectory.toPath(), lakeLocation(), force, LoadMode.parse(mode));
    }
}
