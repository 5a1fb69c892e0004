package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.lake.LakeLoader;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample project (testbed-project) run end to end on a small generated lake; its metrics must
 * equal the same aggregates computed independently, straight from the raw tables.
 */
class SampleProjectMetricsTest {

    private static final Path SAMPLE_PROJECT = Path.of("..", "testbed-project").toAbsolutePath().normalize();

    @TempDir
    static Path work;
    static LakeLocation location;
    static RunResult result;

    @BeforeAll
    static void buildWarehouse() {
        Path data = work.resolve("data");
        TestData.generate(TestData.small(data, 42));
        location = new LakeLocation(work.resolve("lake/w.ducklake").toString(), work.resolve("lake/data").toString());
        new LakeLoader(DuckDbSettings.defaults(), TestData.QUIET).load(data, location, false);
        RunRequest request = new RunRequest(SAMPLE_PROJECT, location, new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false,
                work.resolve("out"));
        result = new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request);
    }

    @Test
    void everyModelSucceeds() {
        assertFalse(result.failed(), result.models().toString());
        assertEquals(8, result.count(ModelStatus.SUCCESS), "7 models and the snapshot customers_snapshot");
    }

    @Test
    void customerMetricsEqualAnIndependentComputation() throws SQLException {
        assertSameRows("lake.main.customer_metrics", """
                SELECT c.customer_id, c.customer_name, c.email, c.tier, c.signup_date,
                       (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id) AS total_purchases,
                       coalesce((SELECT sum(amount) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id), 0) AS lifetime_value,
                       (SELECT min(sale_date) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id) AS first_purchase_date,
                       (SELECT max(sale_date) FROM lake.raw.raw_sales s WHERE s.customer_id = c.customer_id) AS last_purchase_date
                FROM lake.raw.raw_customers c WHERE c.valid_to IS NULL""", "avg_purchase_amount");
        assertAveragesRoundHalfUp("lake.main.customer_metrics", "avg_purchase_amount", "lifetime_value", "total_purchases");
    }

    @Test
    void storeMetricsEqualAnIndependentComputation() throws SQLException {
        assertSameRows("lake.main.store_metrics", """
                SELECT st.store_id, st.store_name, st.location, st.store_type, st.opened_date,
                       (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id) AS total_sales,
                       (SELECT count(DISTINCT customer_id) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id) AS unique_customers,
                       coalesce((SELECT sum(amount) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id), 0) AS total_revenue,
                       (SELECT min(sale_date) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id) AS first_sale_date,
                       (SELECT max(sale_date) FROM lake.raw.raw_sales s WHERE s.store_id = st.store_id) AS last_sale_date
                FROM lake.raw.raw_stores st WHERE st.valid_to IS NULL""", "avg_sale_amount");
        assertAveragesRoundHalfUp("lake.main.store_metrics", "avg_sale_amount", "total_revenue", "total_sales");
    }

    @Test
    void productMetricsEqualAnIndependentComputation() throws SQLException {
        assertSameRows("lake.main.product_metrics", """
                SELECT p.product_id, p.product_name, p.category, p.base_price,
                       (SELECT count(*) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id) AS times_sold,
                       coalesce((SELECT sum(quantity) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id), 0) AS total_quantity_sold,
                       coalesce((SELECT sum(amount) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id), 0) AS total_revenue,
                       (SELECT count(DISTINCT customer_id) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id) AS unique_customers,
                       (SELECT count(DISTINCT store_id) FROM lake.raw.raw_sales s WHERE s.product_id = p.product_id) AS stores_sold_in
                FROM lake.raw.raw_products p""", null);
    }

    @Test
    void revenueReconcilesAcrossTheMetricsTables() throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            String total = "SELECT sum(amount) FROM lake.raw.raw_sales";
            for (String metric : new String[] {"SELECT sum(lifetime_value) FROM lake.main.customer_metrics",
                    "SELECT sum(total_revenue) FROM lake.main.store_metrics", "SELECT sum(total_revenue) FROM lake.main.product_metrics"}) {
                assertEquals(DuckDb.queryString(lake.connection(), total),
                        DuckDb.queryString(lake.connection(), metric), metric);
            }
        }
    }

    @Test
    void artifactsDescribeTheGraphAndTheRun() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(work.resolve("out/manifest.json").toFile());
        JsonNode customerMetrics = manifest.path("nodes").path("model.testbed_retail.customer_metrics");
        assertEquals("table", customerMetrics.path("config").path("materialized").asText());
        assertTrue(customerMetrics.path("depends_on").path("nodes").toString().contains("model.testbed_retail.stg_sales"));
        assertTrue(manifest.path("sources").has("source.testbed_retail.raw.raw_sales"));

        JsonNode runResults = json.readTree(work.resolve("out/run_results.json").toFile());
        assertEquals(8, runResults.path("results").size());
        assertEquals("snapshot", manifest.path("nodes").path("snapshot.testbed_retail.customers_snapshot").path("resource_type").asText());
        runResults.path("results").forEach(r -> assertEquals("success", r.path("status").asText(), r.toString()));
        assertTrue(Files.exists(work.resolve("out/compiled/testbed_retail/models/metrics/customer_metrics.sql")));
    }

    /** The table (less the excluded column) and the independent query return the same multiset of rows. */
    private static void assertSameRows(String model, String independent, String excludedColumn) throws SQLException {
        String table = excludedColumn == null ? model : "(SELECT * EXCLUDE (" + excludedColumn + ") FROM " + model + ")";
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            long rows = DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + table);
            long missing = DuckDb.queryLong(lake.connection(),
                    "SELECT count(*) FROM ((" + independent + ") EXCEPT ALL SELECT * FROM " + table + ")");
            long extra = DuckDb.queryLong(lake.connection(),
                    "SELECT count(*) FROM (SELECT * FROM " + table + " EXCEPT ALL (" + independent + "))");
            assertTrue(rows > 0, model + " is empty");
            assertEquals(0, missing, table + " lacks rows of the independent computation");
            assertEquals(0, extra, table + " has rows the independent computation does not");
        }
    }

    /** Each average is the exact quotient rounded half up to the cent (computed here with BigDecimal), or null without sales. */
    private static void assertAveragesRoundHalfUp(String table, String average, String total, String count) throws SQLException {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults());
             Statement statement = lake.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + average + ", " + total + ", " + count + " FROM " + table)) {
            int checked = 0;
            while (rs.next()) {
                long n = rs.getLong(3);
                BigDecimal expected = n == 0 ? null : rs.getBigDecimal(2).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
                assertEquals(expected, rs.getBigDecimal(1), table + ": " + total + " / " + count + " = " + rs.getBigDecimal(2) + " / " + n);
                checked++;
            }
            assertTrue(checked > 0, table + " is empty");
        }
    }
}
