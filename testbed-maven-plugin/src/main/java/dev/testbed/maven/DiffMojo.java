package dev.testbed.maven;

import dev.testbed.diff.DiffPrinter;
import dev.testbed.diff.DiffRequest;
import dev.testbed.diff.LakeDiffer;
import dev.testbed.inspect.InspectionPrinter;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints what a build changed in every model, by DuckLake time travel: row counts; rows added, removed and changed by
 * the model's unique key (its {@code unique} or {@code unique_combination_of_columns} test, or its {@code unique_key}),
 * or added and removed as multisets without one; how many rows each column changed in; sum, mean, min and max of the
 * numeric columns with their relative change. Writes the same as {@code target/testbed/diff.json}, which the docs site
 * shows. By default it compares the last recorded build with the one before; {@code -Dtestbed.diff.from} and
 * {@code -Dtestbed.diff.to} take a run id or a snapshot id. Not bound to a phase: run it as
 * {@code mvn verify testbed:diff}, or {@code mvn testbed:diff} after a build.
 */
@Mojo(name = "diff", threadSafe = true)
public class DiffMojo extends AbstractProjectMojo {

    /** The older side: a run id of the run history (its last snapshot) or a snapshot id. Empty: the build before the {@code to} one. */
    @Parameter(property = "testbed.diff.from")
    String from;

    /** The newer side: a run id or a snapshot id. Empty: the lake's current snapshot. */
    @Parameter(property = "testbed.diff.to")
    String to;

    /** Which models to compare, in dbt's selection syntax ({@code +customer_metrics}, {@code tag:daily}). Empty: every model. */
    @Parameter(property = "testbed.diff.select")
    String select;

    /** Where {@code diff.json} goes. */
    @Parameter(property = "testbed.outputDirectory", defaultValue = "${project.build.directory}/testbed")
    File outputDirectory;

    /** Skip this goal. */
    @Parameter(property = "testbed.diff.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() {
        DiffRequest request = new DiffRequest(projectDirectory.toPath(), lakeLocation(), target(), varOverrides(), from, to, select,
                outputDirectory.toPath());
        // Maven puts "[INFO] " in front of every line
        int width = InspectionPrinter.terminalWidth(System.getenv("COLUMNS")) - "[INFO] ".length();
        new DiffPrinter(reporter(), width).print(new LakeDiffer(duckDbSettings(), reporter()).run(request));
    }
}
