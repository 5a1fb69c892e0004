package dev.testbed.maven;

import dev.testbed.docs.DocsGenerator;
import dev.testbed.docs.DocsRequest;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the warehouse's documentation as a self-contained static website that opens from the file system
 * with no network: the lineage graph of every source, seed, model and data test (laid out left to right by
 * layer, with each node's type and last status), one page per asset (description, columns with types,
 * descriptions and tests, source and compiled SQL, upstream and downstream, row count, materialization
 * history), the run history recorded in the lake, and a search by name. Not bound to a phase: run it as
 * {@code mvn testbed:docs} after a build, and open {@code target/testbed/docs/index.html}.
 */
@Mojo(name = "docs", threadSafe = true)
public class DocsMojo extends AbstractProjectMojo {

    private static final DeprecatedProperty OLD_DOCS_DIRECTORY = new DeprecatedProperty("testbed.docs.outputDirectory", "testbed.docsDirectory");

    /** Where the site goes. Was {@code testbed.docs.outputDirectory}, which still works with a warning. */
    @Parameter(property = "testbed.docsDirectory", defaultValue = "${project.build.directory}/testbed/docs")
    File docsDirectory;

    /** Where run-models wrote compiled SQL, shown on each model's page. */
    @Parameter(property = "testbed.outputDirectory", defaultValue = "${project.build.directory}/testbed")
    File outputDirectory;

    /** The build, for the deprecated property's value. */
    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    /** Skip this goal. */
    @Parameter(property = "testbed.docs.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() {
        Path site = OLD_DOCS_DIRECTORY.value(session, getLog()).map(this::resolve).orElse(docsDirectory.toPath());
        Path index = new DocsGenerator(duckDbSettings(), reporter()).generate(docsRequest(site));
        getLog().info("Wrote the warehouse docs: " + index.toUri());
    }

    /** A relative path from a property is relative to the project, as Maven resolves its own File parameters. */
    private Path resolve(String path) {
        return basedir.toPath().resolve(path);
    }

    DocsRequest docsRequest(Path siteDirectory) {
        return new DocsRequest(projectDirectory.toPath(), lakeLocation(), target(), varOverrides(), outputDirectory.toPath(), siteDirectory);
    }
}
