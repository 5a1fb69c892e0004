package dev.testbed.maven;

import dev.testbed.lake.LakeLoader;
import dev.testbed.lake.LoadMode;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Loads the generated Parquet files into schema {@code raw} of the DuckLake warehouse as a single
 * transaction: one load is one snapshot, and a failed load leaves the warehouse at its previous
 * snapshot. Each file's columns are checked against the warehouse contract first. Loading the same
 * files again creates no new snapshot.
 */
@Mojo(name = "load-ducklake", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class LoadDuckLakeMojo extends AbstractLakeMojo {

    /** Folder holding {@code customers.parquet}, {@code stores.parquet}, {@code products.parquet} and {@code sales.parquet}. */
    @Parameter(property = "testbed.dataDirectory", defaultValue = "${project.build.directory}/testbed-data")
    File sourceDirectory;

    /**
     * How rows get into the lake. {@code auto}: where the data path is a local folder and a file's columns
     * have exactly the table's types, the file is decoded once to prove it readable, copied into the
     * data path and registered with DuckLake (several times faster than re-encoding); otherwise rows are
     * inserted. {@code insert}: always insert rows, re-encoded by DuckDB.
     */
    @Parameter(property = "testbed.load.mode", defaultValue = "auto")
    String mode;

    /** Load even when the lake already holds exactly these files (creates a new snapshot). */
    @Parameter(property = "testbed.load.force", defaultValue = "false")
    boolean force;

    /** Skip this goal. */
    @Parameter(property = "testbed.load.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() {
        new LakeLoader(duckDbSettings(), reporter()).load(sourceDirectory.toPath(), lakeLocation(), force, LoadMode.parse(mode));
    }
}
