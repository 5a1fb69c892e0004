package dev.testbed.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.run.RunRequest;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential corpus project {@code long-test-names} built by the engine: its tests get the names, unique ids, file
 * names, store_failures tables, statuses and failure counts that dbt-core 1.11.4 with dbt-duckdb 1.11.1 gives them.
 * The expected values are what {@code dbt build} wrote into target/manifest.json and run_results.json for the same files
 * on the same data (the project's setup.sql), checked on 2026-12-07.
 */
class DbtTestNamesTest {

    private static final Path CORPUS = Path.of("..", "src", "it", "dbt-differential", "corpus", "long-test-names");

    /** dbt's unique_id of every test, with its run_results status and failures. */
    private static final Map<String, String> DBT_RESULTS = Map.ofEntries(
            Map.entry("test.long_test_names.accepted_values_customer_accounts_enriched_for_reporting_membership_tier__bronze__silver__gold__platinum"
                    + "__diamond__titanium.819384f2ac", "warn 1"),
            Map.entry("test.long_test_names.accepted_values_customer_accounts_enriched_for_reporting_membership_tier__bronze__silver__gold__platinum"
                    + "__tin.c0dfb49240", "pass 0"),
            Map.entry("test.long_test_names.at_least_the_minimum_orders_by_customer_account_quantity__0.dc25065a17", "pass 0"),
            Map.entry("test.long_test_names.at_least_the_minimum_orders_by_customer_account_quantity___var_min_quantity_.0abaf85d63", "warn 1"),
            Map.entry("test.long_test_names.dbt_expectations_style_row_count_customer_accounts_enriched_for_reporting__var_big_order_limit_3_"
                    + ".8bafba7ac3", "pass 0"),
            Map.entry("test.long_test_names.not_null_customer_accounts_enriched_for_reporting_customer_account_identifier.cc6e23b5f4", "pass 0"),
            Map.entry("test.long_test_names.not_null_orders_by_customer_account_order_id.3c65014719", "pass 0"),
            Map.entry("test.long_test_names.orders_have_a_known_date", "pass 0"),
            Map.entry("test.long_test_names.relationships_orders_by_customer_account_customer_account_identifier__customer_account_identifier"
                    + "__ref_customer_accounts_enriched_for_reporting_.4d48adfa78", "warn 1"),
            Map.entry("test.long_test_names.sales_region_is_a_compass_point.6304dc2cf9", "pass 0"),
            Map.entry("test.long_test_names.source_accepted_values_raw_customer_accounts_with_a_rather_long_name_membership_tier__bronze__silver"
                    + "__gold__platinum__diamond__tin.478bea8fa0", "pass 0"),
            Map.entry("test.long_test_names.source_not_null_raw_customer_accounts_with_a_rather_long_name_customer_account_identifier.2a7a1facef",
                    "pass 0"),
            Map.entry("test.long_test_names.source_unique_raw_customer_accounts_with_a_rather_long_name_customer_account_identifier.e7f76588ce",
                    "pass 0"),
            Map.entry("test.long_test_names.unique_customer_accounts_enriched_for_reporting_customer_account_identifier.5f8695aa92", "pass 0"),
            Map.entry("test.long_test_names.unique_orders_by_customer_account_order_id.a1f9e11540", "pass 0"));

    /** dbt's compiled file names (its alias without an alias config): the name below 64 characters, else the hashed form. */
    private static final List<String> DBT_FILES = List.of(
            "accepted_values_customer_accou_8a4c6751329df2c246d88cf9075cec1c.sql",
            "accepted_values_customer_accou_d276def55f9cd51a87ecc8028c69f675.sql",
            "at_least_the_minimum_orders_by_0d3378a8488a6de3c02a688a2b130202.sql",
            "at_least_the_minimum_orders_by_customer_account_quantity__0.sql",
            "dbt_expectations_style_row_cou_b0c964f511429b39ecd41a0d26545b1d.sql",
            "not_null_customer_accounts_enr_4c2a8de298359e0287ba21fcfe246444.sql",
            "not_null_orders_by_customer_account_order_id.sql",
            "orders_have_a_known_date.sql",
            "relationships_orders_by_custom_0c0711f25df5f704b1a8c721753ba9ae.sql",
            "sales_region_is_a_compass_point.sql",
            "source_accepted_values_raw_cus_5fc84f6a24b0054ffc8d5f07b7e5b2d8.sql",
            "source_not_null_raw_customer_a_5501c3e49873b4419b33d8b094479f03.sql",
            "source_unique_raw_customer_acc_3dc216fae961507765b63ca0e57ac94b.sql",
            "unique_customer_accounts_enric_9eb9f47815c69a74db18733e02a49466.sql",
            "unique_orders_by_customer_account_order_id.sql");

    @TempDir
    Path work;
    LakeLocation location;
    Path out;

    @BeforeEach
    void buildTheCorpusProjectsModels() throws Exception {
        location = new LakeLocation(work.resolve("lake/warehouse.ducklake").toString(), work.resolve("lake/data").toString());
        out = work.resolve("out");
        List<String> setup = new ArrayList<>(List.of("USE " + Lake.ALIAS));
        Arrays.stream(Files.readString(CORPUS.resolve("setup.sql")).split(";")).filter(s -> !s.isBlank()).forEach(setup::add);
        TestData.sql(location, setup.toArray(String[]::new));
        RunRequest build = new RunRequest(CORPUS, location, target(), Map.of(), null, null, false, out);
        assertFalse(new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(build).failed());
    }

    @Test
    void testsGetDbtsNamesIdsFilesAndResults() throws Exception {
        TestRunResult result = run(null);

        Map<String, String> outcomes = new TreeMap<>();
        result.results().forEach(r -> outcomes.put(r.test().id().uniqueId(), r.status().name().toLowerCase(java.util.Locale.ROOT) + " " + r.failures()));
        assertEquals(new TreeMap<>(DBT_RESULTS), outcomes);
        for (TestResult test : result.results()) {
            String id = test.test().id().uniqueId();
            String withoutHash = id.matches(".*\\.[0-9a-f]{10}") ? id.substring(0, id.length() - 11) : id;
            assertEquals("test.long_test_names." + test.test().name(), withoutHash, "the name is the full synthesized name");
        }
        try (Stream<Path> files = Files.list(out.resolve("compiled/long_test_names/data_tests"))) {
            assertEquals(DBT_FILES, files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        JsonNode runResults = new ObjectMapper().readTree(out.resolve("run_results.json").toFile());
        Map<String, String> written = new TreeMap<>();
        runResults.get("results").forEach(r -> {
            if (r.get("unique_id").asText().startsWith("test.")) {
                written.put(r.get("unique_id").asText(), r.get("status").asText() + " " + r.get("failures").asText());
            }
        });
        assertEquals(new TreeMap<>(DBT_RESULTS), written);
        assertEquals(List.of(List.of("tin", "1")), TestData.rows(location,
                "SELECT * FROM lake.main_dbt_test__audit.accepted_values_customer_accou_8a4c6751329df2c246d88cf9075cec1c"),
                "store_failures writes to the table dbt names by the hashed alias");
    }

    @Test
    void aTestIsSelectedByTheNameDbtPrintsOrByItsShortForm() {
        String full = "relationships_orders_by_customer_account_customer_account_identifier__customer_account_identifier"
                + "__ref_customer_accounts_enriched_for_reporting_";

        assertEquals(List.of(full), names(run(full)));
        assertEquals(List.of(full), names(run("relationships_orders_by_custom_0c0711f25df5f704b1a8c721753ba9ae")));
        assertEquals(List.of(full, "unique_orders_by_customer_account_order_id"), names(run(full + " unique_orders_by_customer_account_order_id")));
        List<String> ofModel = names(run("orders_by_customer_account"));
        assertTrue(ofModel.contains(full) && ofModel.size() == 6, ofModel.toString());
        assertFalse(names(runExcluding(full)).contains(full));
    }

    private static Target target() {
        return new Target("dev", "main", Lake.ALIAS);
    }

    private TestRunResult run(String select) {
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(new TestRequest(CORPUS, location, target(), Map.of(), select, null, out));
    }

    private TestRunResult runExcluding(String exclude) {
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(new TestRequest(CORPUS, location, target(), Map.of(), null, exclude, out));
    }

    private static List<String> names(TestRunResult result) {
        return result.results().stream().map(r -> r.test().name()).sorted().collect(Collectors.toList());
    }
}
