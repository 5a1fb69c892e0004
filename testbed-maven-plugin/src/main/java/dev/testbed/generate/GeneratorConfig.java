package dev.testbed.generate;

import dev.testbed.core.ParameterCheck;
import dev.testbed.core.TestbedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * What generate-data produces: row counts, the date window of the sales, and the seed that makes
 * the content reproducible. The thread count is deliberately not part of it: it changes speed,
 * never content.
 *
 * @param seed            any long; the same seed and counts always give the same rows
 * @param customers       customer keys (each has one or more SCD2 versions)
 * @param stores          store keys (each has one or more SCD2 versions)
 * @param products        products
 * @param sales           sales transactions
 * @param startDate       first day of the sales window
 * @param endDate         last day of the sales window (inclusive)
 * @param outputDirectory where the Parquet files go
 * @param day             1 for the data set as generated; 2 for the next day's source, in which some customers change
 *                        (see {@link RetailSql#customers}), so that a snapshot of them records history between two builds
 */
public record GeneratorConfig(long seed, long customers, long stores, long products, long sales,
                              LocalDate startDate, LocalDate endDate, Path outputDirectory, int day) {

    /** The first day's data set. */
    public GeneratorConfig(long seed, long customers, long stores, long products, long sales, LocalDate startDate, LocalDate endDate,
                           Path outputDirectory) {
        this(seed, customers, stores, products, sales, startDate, endDate, outputDirectory, 1);
    }

    /** Bump when the generator's output for the same parameters changes, so stale data is regenerated. */
    public static final int GENERATOR_VERSION = 1;

    public static final long DEFAULT_SEED = 42;
    public static final LocalDate DEFAULT_START = LocalDate.of(2023, 1, 1);
    public static final LocalDate DEFAULT_END = LocalDate.of(2025, 12, 31);
    static final long MIN_WINDOW_DAYS = 90;

    /** Sales per unit of scale; {@code scale = 1} is the sample project's 100,000 sales. */
    public static final long SALES_PER_SCALE = 100_000;

    /**
     * Row counts for a scale factor: sales and customers grow linearly, stores and products with the
     * square root (a chain with 100x the sales has about 10x the stores, not 100x).
     */
    public static GeneratorConfig scaled(double scale, long seed, LocalDate startDate, LocalDate endDate, Path outputDirectory) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw ParameterCheck.invalid("testbed.scale", String.valueOf(scale), "a positive number, such as 1 (100,000 sales) or 100 (10 million)");
        }
        long sales = Math.max(1, Math.round(SALES_PER_SCALE * scale));
        long customers = Math.max(10, Math.round(5_000 * scale));
        long stores = Math.max(3, Math.round(50 * Math.sqrt(scale)));
        long products = Math.max(10, Math.round(500 * Math.sqrt(scale)));
        return new GeneratorConfig(seed, customers, stores, products, sales, startDate, endDate, outputDirectory);
    }

    public GeneratorConfig withCounts(Long customers, Long stores, Long products, Long sales) {
        return new GeneratorConfig(seed,
                customers != null ? customers : this.customers,
                stores != null ? stores : this.stores,
                products != null ? products : this.products,
                sales != null ? sales : this.sales,
                startDate, endDate, outputDirectory, day);
    }

    public GeneratorConfig withOutputDirectory(Path directory) {
        return new GeneratorConfig(seed, customers, stores, products, sales, startDate, endDate, directory, day);
    }

    public GeneratorConfig withDay(int day) {
        return new GeneratorConfig(seed, customers, stores, products, sales, startDate, endDate, outputDirectory, day);
    }

    public void validate() {
        if (day < 1 || day > 2) {
            throw ParameterCheck.invalid("testbed.day", String.valueOf(day), "1 (the data set as generated) or 2 (the next day, in which some customers change)");
        }
        requirePositive("customers", customers);
        requirePositive("stores", stores);
        requirePositive("products", products);
        requirePositive("sales", sales);
        if (startDate == null || endDate == null) {
            throw new TestbedException("The sales window needs both a start and an end date.", "Set -Dtestbed.startDate and -Dtestbed.endDate (yyyy-MM-dd).");
        }
        if (startDate.isAfter(endDate)) {
            throw new TestbedException("The sales window starts after it ends: testbed.startDate is " + startDate + ", testbed.endDate is " + endDate + ".",
                    "Set -Dtestbed.startDate to a day before -Dtestbed.endDate, at least " + MIN_WINDOW_DAYS + " days apart.");
        }
        if (windowDays() < MIN_WINDOW_DAYS) {
            throw new TestbedException("The sales window " + startDate + ".." + endDate + " is " + windowDays()
                    + " days long; at least " + MIN_WINDOW_DAYS + " are needed for signups, store openings and SCD2 history.",
                    "Widen -Dtestbed.startDate/-Dtestbed.endDate.");
        }
        if (outputDirectory == null) {
            throw new TestbedException("No output directory for the generated data.", "Set <outputDirectory> or -Dtestbed.dataDirectory.");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new TestbedException(name + " must be at least 1, got " + value, "Set -Dtestbed." + name + " to a positive count, or use -Dtestbed.scale.");
        }
    }

    /** Days in the sales window, both ends included. */
    public long windowDays() {
        return ChronoUnit.DAYS.between(startDate, endDate) + 1;
    }

    /** The parameters that determine the content, in a stable, human-readable form. */
    public String describe() {
        // day 1 is left out, so that the first day's files keep the fingerprint they had before days existed
        return "seed=" + seed + " customers=" + customers + " stores=" + stores + " products=" + products
                + " sales=" + sales + " window=" + startDate + ".." + endDate + (day == 1 ? "" : " day=" + day);
    }

    /** A short hash of everything that determines the content (parameters and generator version). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("testbed-generator-v" + GENERATOR_VERSION + " " + describe()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
