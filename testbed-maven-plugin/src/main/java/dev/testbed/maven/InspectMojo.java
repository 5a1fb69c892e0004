package dev.testbed.maven;

import dev.testbed.core.TestbedException;
import dev.testbed.inspect.InspectRequest;
import dev.testbed.inspect.InspectionPrinter;
import dev.testbed.inspect.WarehouseInspector;
import dev.testbed.inspect.WarehouseMissingException;
import java.io.File;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints what is in the warehouse, read-only: every schema, table and view with rows, columns, data files and
 * their size; the DuckLake snapshot history, newest first; every model and data test of the project with its
 * last status, duration and whether it is up to date with its sources; the generated Parquet files. Or only
 * one table in detail; and the lake as it was at an earlier snapshot (time travel). The tables fit the terminal's
 * width ({@code $COLUMNS}, else 120). Not bound to a phase: run it as {@code mvn testbed:inspect}; it prints at
 * INFO level, so not with {@code -q}.
 */
@Mojo(name = "inspect", threadSafe = true)
public class InspectMojo extends AbstractProjectMojo {

    /** How many snapshots to list, newest first. */
    @Parameter(property = "testbed.inspect.snapshots", defaultValue = "20")
    int snapshots;

    /**
     * Show only this table or view, in detail ({@code schema.table}, or a table name that is unique): columns with types and
     * descriptions, and a sample of rows.
     */
    @Parameter(property = "testbed.inspect.table")
    String table;

    /** How many rows of {@code testbed.inspect.table} to show. */
    @Parameter(property = "testbed.inspect.rows", defaultValue = "10")
    int rows;

    /** Show the lake as it was at this snapshot id (DuckLake time travel); empty shows the current state. */
    @Parameter(property = "testbed.inspect.snapshot")
    Long snapshot;

    /** Where generate-data wrote its Parquet files, listed with their row counts and sizes. */
    @Parameter(property = "testbed.dataDirectory", defaultValue = "${project.build.directory}/testbed-data")
    File dataDirectory;

    /** Skip this goal. */
    @Parameter(property = "testbed.inspect.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() throws MojoExecutionException {
        InspectRequest request = new InspectRequest(lakeLocation(), projectDirectory.toPath(), target(), varOverrides(), dataDirectory.toPath(),
                snapshots, snapshot, table, rows);
        try {
            // Maven puts "[INFO] " in front of every line
            int width = InspectionPrinter.terminalWidth(System.getenv("COLUMNS")) - "[INFO] ".length();
            new InspectionPrinter(reporter(), width).print(new WarehouseInspector(duckDbSettings(), reporter()).inspect(request));
        } catch (WarehouseMissingException e) {
            getLog().warn(e.getMessage().replace(System.lineSeparator() + "  -> ", ": "));
        } catch (TestbedException e) {
            // a locked or unreadable catalog: one clear line and what to do, the details with -X
            getLog().debug(e);
            String problem = e.getMessage().lines().findFirst().orElse(e.getMessage());
            throw new MojoExecutionException(new TestbedException(problem, e.suggestion()).getMessage());
        }
    }
}
