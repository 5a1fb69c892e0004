package dev.testbed.maven;

import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.docs.DocsGenerator;
import dev.testbed.docs.DocsRequest;
import dev.testbed.docs.TestTally;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.doxia.module.xhtml5.Xhtml5SinkFactory;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The warehouse docs as a {@code mvn site} report: a page summarising every model, seed and data test (status,
 * freshness, rows) that links to the full docs site, which is written next to it under {@code testbed/}.
 * Add it under {@code <reporting>} with the report set {@code report}. Run by itself ({@code mvn testbed:report})
 * it writes the same page, without the site's skin, to {@code target/reports/testbed-report.html}.
 */
// A MavenReport of its own rather than maven-reporting-impl's AbstractMavenReport: the plugin descriptor reads that
// class's sources and warned on every build about a Javadoc link it cannot resolve (fixed upstream, unreleased), and
// this way the report shares the lake, profile and extension parameters of the other goals instead of copying them.
@Mojo(name = "report", threadSafe = true)
public class TestbedReport extends AbstractProjectMojo implements MavenReport {

    /**
     * Where {@code mvn testbed:report} writes the page when run by itself; {@code mvn site} puts it in the site's
     * folder instead. The full docs site goes into its {@code testbed/} subfolder.
     */
    @Parameter(defaultValue = "${project.build.directory}/reports", required = true)
    File outputDirectory;

    /** Where run-models wrote compiled SQL ({@code testbed.outputDirectory} of the other goals). */
    @Parameter(property = "testbed.outputDirectory", alias = "artifactDirectory", defaultValue = "${project.build.directory}/testbed")
    File testbedOutputDirectory;

    /** Skip this report. */
    @Parameter(property = "testbed.report.skip", defaultValue = "false")
    boolean skip;

    /** The folder of the full site, inside the report output directory. */
    static final String SITE_FOLDER = "testbed";

    @Override
    boolean skip() {
        return skip;
    }

    /** Run by itself: the page as plain XHTML in {@link #outputDirectory}. */
    @Override
    void run() throws MojoExecutionException {
        try {
            Files.createDirectories(outputDirectory.toPath());
            Sink sink = new Xhtml5SinkFactory().createSink(outputDirectory, getOutputName() + ".html", "UTF-8");
            try {
                generate(sink, Locale.getDefault());
            } finally {
                sink.close();
            }
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write the report page in " + outputDirectory + ": " + FileErrors.describe(e), e);
        } catch (MavenReportException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().info("Wrote the report page: " + outputDirectory.toPath().resolve(getOutputName() + ".html").toUri());
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public void setReportOutputDirectory(File directory) {
        this.outputDirectory = directory;
    }

    @Override
    public File getReportOutputDirectory() {
        return outputDirectory;
    }

    @Override
    public boolean isExternalReport() {
        return false;
    }

    @Override
    public boolean canGenerateReport() {
        return !skip;
    }

    @Override
    public String getOutputName() {
        return "testbed-report";
    }

    @Override
    public String getName(Locale locale) {
        return "Testbed warehouse";
    }

    @Override
    public String getDescription(Locale locale) {
        return "Models, seeds and data tests of the DuckLake warehouse with their last status, and a link to the full lineage and asset catalog.";
    }

    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        DocsRequest request = new DocsRequest(projectDirectory.toPath(), lakeLocation(), target(), varOverrides(),
                testbedOutputDirectory.toPath(), outputDirectory.toPath().resolve(SITE_FOLDER));
        Map<String, Object> site;
        try {
            DocsGenerator generator = new DocsGenerator(duckDbSettings(), reporter());
            site = generator.siteData(request);
            generator.write(site, request.outputDirectory());
        } catch (TestbedException e) {
            throw new MavenReportException(redact(e.getMessage()), e);
        }
        sink.head();
        sink.title();
        sink.text(getName(locale));
        sink.title_();
        sink.head_();
        sink.body();
        sink.section1();
        sink.sectionTitle1();
        sink.text("Testbed warehouse: " + site.get("project"));
        sink.sectionTitle1_();
        sink.paragraph();
        sink.text(site.get("warehouse") + ", " + site.get("snapshots") + " snapshots. ");
        sink.link(SITE_FOLDER + "/index.html");
        sink.text("Open the lineage graph, asset pages and run history");
        sink.link_();
        sink.text(".");
        sink.paragraph_();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> assets = (List<Map<String, Object>>) site.get("assets");
        sink.table();
        sink.tableRows();
        row(sink, true, "asset", "kind", "materialization", "last status", "up to date", "rows");
        for (Map<String, Object> asset : assets) {
            if ("test".equals(asset.get("kind"))) {
                continue;
            }
            long rows = ((Number) asset.get("rows")).longValue();
            row(sink, false, String.valueOf(asset.get("name")), String.valueOf(asset.get("kind")), String.valueOf(asset.get("materialization")),
                    String.valueOf(asset.get("status")), String.valueOf(asset.get("freshness")), rows < 0 ? "" : String.format(Locale.ROOT, "%,d", rows));
        }
        sink.tableRows_();
        sink.table_();
        sink.paragraph();
        String tests = TestTally.of(assets).inWords();
        sink.text(Character.toUpperCase(tests.charAt(0)) + tests.substring(1) + ".");
        sink.paragraph_();
        sink.section1_();
        sink.body_();
        sink.flush();
    }

    private static void row(Sink sink, boolean header, String... cells) {
        sink.tableRow();
        for (String cell : cells) {
            if (header) {
                sink.tableHeaderCell();
            } else {
                sink.tableCell();
            }
            sink.text(cell);
            if (header) {
                sink.tableHeaderCell_();
            } else {
                sink.tableCell_();
            }
        }
        sink.tableRow_();
    }
}
