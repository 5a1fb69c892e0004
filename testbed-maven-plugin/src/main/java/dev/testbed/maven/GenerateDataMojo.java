package dev.testbed.maven;

import dev.testbed.core.TestbedException;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GenerationResult;
import dev.testbed.generate.GeneratorConfig;
import java.io.File;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates the synthetic retail data set (customers and stores with SCD2 history, products, sales) as
 * Parquet files. The content depends only on the seed, the row counts and the date window, never on
 * the thread count or the clock. When the output already matches the parameters, nothing is written.
 */
@Mojo(name = "generate-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class GenerateDataMojo extends AbstractTestbedMojo {

    /**
     * Where the Parquet files go: the sales month by month into {@code sales/} ({@code sales/sales-2024-03-000.parquet}),
     * {@code customers.parquet}, {@code stores.parquet} and {@code products.parquet} (or, for a table larger than
     * {@code rowsPerFile}, a folder of files such as {@code customers/customers-000.parquet}).
     */
    @Parameter(property = "testbed.dataDirectory", alias = "outputDirectory", defaultValue = "${project.build.directory}/testbed-data")
    File dataDirectory;

    /** Seed of the data set: the same seed and parameters always give the same rows. */
    @Parameter(property = "testbed.seed", defaultValue = "42")
    long seed;

    /**
     * Size of the data set: 1 means 100,000 sales, 5,000 customers, 50 stores and 500 products. Sales and
     * customers grow linearly with the scale, stores and products with its square root. The explicit
     * counts below override it table by table.
     */
    @Parameter(property = "testbed.scale", defaultValue = "1")
    double scale;

    /** Number of customers (keys, each with one or more SCD2 versions); overrides the scale. */
    @Parameter(property = "testbed.customers")
    Long customers;

    /** Number of stores (keys, each with one or more SCD2 versions); overrides the scale. */
    @Parameter(property = "testbed.stores")
    Long stores;

    /** Number of products; overrides the scale. */
    @Parameter(property = "testbed.products")
    Long products;

    /** Number of sales transactions; overrides the scale. */
    @Parameter(property = "testbed.sales")
    Long sales;

    /** First day of the sales window (yyyy-MM-dd). Fixed by default, so builds never depend on today's date. */
    @Parameter(property = "testbed.startDate", defaultValue = "2023-01-01")
    String startDate;

    /** Last day of the sales window (yyyy-MM-dd), inclusive. */
    @Parameter(property = "testbed.endDate", defaultValue = "2025-12-31")
    String endDate;

    /**
     * The most rows written to one Parquet file. Sales are always written one or more files per month (so
     * that load-ducklake can register them in the lake's month partitions); a month with more rows gets
     * several files. Another table with more rows is split into ranges of keys. As many files are written
     * at once as DuckDB has threads, so memory depends on this size, not on the data set's. Changes the
     * files, never the rows.
     */
    @Parameter(property = "testbed.generate.rowsPerFile", defaultValue = "10000000")
    long rowsPerFile;

    /** DuckDB's threads: how many Parquet files are written at once. 0 uses one per available core. Never changes the rows. */
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

    /**
     * Which day's source to generate: 1, the data set as generated; 2, the next day, in which one customer in twenty (the same
     * ones for a seed) changes tier, or email at the top tier, with a new SCD2 version starting the day after the sales window.
     * Building day 1 and then day 2 gives a snapshot of the customers a real change to record; sales, stores and products are
     * the same on both days.
     */
    @Parameter(property = "testbed.day", defaultValue = "1")
    int day;

    /** Regenerate even when the existing files match the parameters. */
    @Parameter(property = "testbed.generate.force", defaultValue = "false")
    boolean force;

    /** Skip this goal. */
    @Parameter(property = "testbed.generate.skip", defaultValue = "false")
    boolean skip;

    // the build, to know whether run-models or verify-metrics follows (see ClassWarmUp)
    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    DuckDbTuning tuning() {
        return new DuckDbTuning(threads, memoryLimit, tempDirectory);
    }

    @Override
    void run() {
        ClassWarmUp.armIf(mojoExecution != null && LaterGoals.projectParsedLater(session, project, mojoExecution.getArtifactId()));
        GeneratorConfig config = GeneratorConfig
                .scaled(scale, seed, date("startDate", startDate), date("endDate", endDate), dataDirectory.toPath())
                .withCounts(customers, stores, products, sales)
                .withDay(day);
        GenerationResult result = new DataGenerator(duckDbSettings(), reporter(), rowsPerFile).generate(config, force);
        // held only for a load that will take it: in a Maven daemon's realm an untaken entry would outlive the build
        if (mojoExecution != null && LaterGoals.follows(session, project, mojoExecution.getArtifactId(), "load-ducklake")
                && !Boolean.parseBoolean(session.getUserProperties().getProperty("testbed.load.skip"))) {
            HeldWrittenFiles.hold(session, dataDirectory, result.written());
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new TestbedException("Parameter " + name + " is not a date: '" + value + "'.",
                    "Write it as yyyy-MM-dd, e.g. -Dtestbed." + name + "=2024-01-01.", e);
        }
    }
}
