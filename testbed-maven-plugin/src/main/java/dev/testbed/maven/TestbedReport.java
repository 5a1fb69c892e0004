package dev.testbed.maven;

import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;
import dev.testbed.docs.DocsGenerator;
import dev.testbed.docs.DocsRequest;
import dev.testbed.profile.TargetSettings;
import dev.testbed.docs.TestTally;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.AbstractMavenReport;
import org.apache.maven.reporting.MavenReportException;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The warehouse docs as a {@code mvn site} report: a page summarising every model, seed and data test (status,
 * freshness, rows) that links to the full docs site, which is written next to it under {@code testbed/}.
 * Add it under {@code <reporting>} with the report set {@code report}.
 */
@Mojo(name = "report", threadSafe = true)
public class TestbedReport extends AbstractMavenReport {

    /** The DuckLake catalog, as for the other goals. */
    @Parameter(property = "testbed.catalog")
    String catalog;

    /** The DuckLake data path, as for the other goals. */
    @Parameter(property = "testbed.dataPath")
    String dataPath;

    /** The {@code <server>} in settings.xml with the PostgreSQL catalog's password, as for the other goals. */
    @Parameter(property = "testbed.catalog.serverId", defaultValue = "testbed-catalog")
    String catalogServerId;

    /** S3-compatible endpoint, as for the other goals. */
    @Parameter(property = "testbed.s3.endpoint")
    String s3Endpoint;

    /** S3 region, as for the other goals. */
    @Parameter(property = "testbed.s3.region")
    String s3Region;

    /** S3 URL style ({@code path} or {@code vhost}), as for the other goals. */
    @Parameter(property = "testbed.s3.urlStyle")
    String s3UrlStyle;

    /** Whether to reach the S3 endpoint over HTTPS, as for the other goals. */
    @Parameter(property = "testbed.s3.useSsl")
    Boolean s3UseSsl;

    /** The {@code <server>} in settings.xml with the S3 key id and secret, as for the other goals. */
    @Parameter(property = "testbed.s3.serverId", defaultValue = "testbed-s3")
    String s3ServerId;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter settingsDecrypter;

    /** The dbt-style project folder. */
    @Parameter(property = "testbed.projectDirectory", defaultValue = "${project.basedir}")
    File projectDirectory;

    /** Where run-models wrote compiled SQL ({@code testbed.outputDirectory} of the other goals). */
    @Parameter(property = "testbed.outputDirectory", alias = "artifactDirectory", defaultValue = "${project.build.directory}/testbed")
    File testbedOutputDirectory;

    /** The target's name, as for the other goals (empty: the dbt profile's target, else dev). */
    @Parameter(property = "testbed.target", alias = "targetName")
    String target;

    /** The target schema, as for the other goals (empty: the dbt profile's schema, else main). */
    @Parameter(property = "testbed.targetSchema")
    String targetSchema;

    /** The folder holding profiles.yml, as for the other goals. */
    @Parameter(property = "testbed.profilesDir")
    File profilesDir;

    /**
     * Where {@code mvn testbed:report} writes the page when run by itself; {@code mvn site} puts it in the site's
     * folder instead. The full docs site goes into its {@code testbed/} subfolder.
     */
    // Declared again only for its description: the inherited one (maven-reporting-impl 4.0.0) links to a method the
    // plugin descriptor cannot resolve, and testbed:help showed it as "#getOutputName()". The descriptor still warns
    // once when it reads the inherited Javadoc, until a maven-reporting-impl release carries the upstream fix. Maven
    // sets parameters through setters, so the value still lands in the inherited field.
    @Parameter(defaultValue = "${project.build.directory}/reports", required = true)
    public void setOutputDirectory(File directory) {
        this.outputDirectory = directory;
    }

    /** The folder of the full site, inside the report output directory. */
    static final String SITE_FOLDER = "testbed";

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
    protected void executeReport(Locale locale) throws MavenReportException {
        LakeLocation location;
        TargetSettings resolved;
        try {
            resolved = new TargetResolution(profilesDir, projectDirectory, target, new File(project.getBuild().getDirectory()), Map.of(),
                    property -> System.getProperties().containsKey(property))
                    .resolve(catalog, dataPath, targetSchema, null, new MavenLogReporter(getLog()), text -> text);
            location = new LakeParameters(resolved.location().catalog(), resolved.location().dataPath(), catalogServerId, s3Endpoint, s3Region,
                    s3UrlStyle, s3UseSsl, s3ServerId).location(project.getBasedir().toPath(), new LakeCredentials(settings, settingsDecrypter, System.getenv()))
                    .withAlias(resolved.location().alias(), resolved.location().session());
        } catch (TestbedException e) {
            throw new MavenReportException(e.getMessage(), e);
        }
        DocsRequest request = new DocsRequest(projectDirectory.toPath(), location, new Target(resolved.target(), resolved.schema(), location.alias()), Map.of(),
                testbedOutputDirectory.toPath(), getReportOutputDirectory().toPath().resolve(SITE_FOLDER));
        Map<String, Object> site;
        try {
            DocsGenerator generator = new DocsGenerator(DuckDbSettings.defaults(), new MavenLogReporter(getLog()));
            site = generator.siteData(request);
            generator.write(site, request.outputDirectory());
        } catch (TestbedException e) {
            throw new MavenReportException(location.access().redact(e.getMessage()), e);
        }
        Sink sink = getSink();
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
