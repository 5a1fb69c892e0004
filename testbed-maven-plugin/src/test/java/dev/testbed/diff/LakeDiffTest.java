package dev.testbed.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.TestbedException;
import dev.testbed.inspect.SampleWarehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample project built, one raw sale's amount changed, the models built again: the diff names exactly the models
 * and the keys that one row reaches, with the numbers that moved, and nothing else.
 */
class LakeDiffTest {

    private static final BigDecimal RAISE = new BigDecimal("1000.00");

    @TempDir
    static Path work;
    static SampleWarehouse warehouse;
    static List<String> sale; // transaction_id, customer_id, store_id, product_id, amount
    static LakeDiff diff;

    @BeforeAll
    static void changeOneSaleAndRebuild() throws Exception {
        warehouse = SampleWarehouse.build(work);
        sale = TestData.rows(warehouse.location(), "SELECT transaction_id, customer_id, store_id, product_id, amount FROM lake.raw.raw_sales"
                + " ORDER BY transaction_id LIMIT 1 OFFSET 17").get(0);
        TestData.sql(warehouse.location(), "UPDATE lake.raw.raw_sales SET amount = amount + " + RAISE + " WHERE transaction_id = " + sale.get(0));
        SampleWarehouse.runModels(work, warehouse.location(), "run-2");
        diff = new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).run(request(null, null));
    }

    static DiffRequest request(String from, String to) {
        return request(from, to, null);
    }

    static DiffRequest request(String from, String to, String select) {
        return new DiffRequest(SampleWarehouse.SAMPLE_PROJECT, warehouse.location(), SampleWarehouse.TARGET, Map.of(), from, to, select,
                work.resolve("out"));
    }

    static ModelDiff model(String name) {
        return diff.models().stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void comparesTheLastBuildWithTheOneBefore() {
        assertEquals("run-2", diff.toRun());
        assertEquals("run-1", diff.fromRun());
        assertTrue(diff.fromSnapshot() < diff.toSnapshot());
    }

    @Test
    void namesExactlyTheModelsTheRowReaches() {
        Set<String> differing = diff.differing().stream().map(ModelDiff::model).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("stg_sales", "customer_metrics", "store_metrics", "product_metrics"), differing);
        diff.models().stream().filter(m -> !differing.contains(m.model()))
                .forEach(m -> assertEquals(ModelDiff.UNCHANGED, m.state(), m.model() + ": " + m.note()));
    }

    @Test
    void namesTheChangedKeyOfEachModelAndNoRowAddedOrRemoved() {
        assertChangedKey("stg_sales", "transaction_id", sale.get(0));
        assertChangedKey("customer_metrics", "customer_id", sale.get(1));
        assertChangedKey("store_metrics", "store_id", sale.get(2));
        assertChangedKey("product_metrics", "product_id", sale.get(3));
    }

    private static void assertChangedKey(String name, String key, String value) {
        ModelDiff model = model(name);
        assertEquals(List.of(key), model.key(), name);
        assertEquals(1, model.changed(), name);
        assertEquals(List.of(value), model.changedKeys(), name);
        assertEquals(0, model.added(), name);
        assertEquals(0, model.removed(), name);
        assertEquals(model.rowsBefore(), model.rowsAfter(), name);
    }

    @Test
    void countsTheChangedRowsOfEachColumn() {
        Map<String, Long> stgSales = model("stg_sales").changedColumns();
        assertEquals(1L, stgSales.get("amount"));
        stgSales.forEach((column, rows) -> assertEquals("amount".equals(column) ? 1L : 0L, rows, column));
        Map<String, Long> products = model("product_metrics").changedColumns();
        assertEquals(1L, products.get("total_revenue"));
        assertEquals(0L, products.get("times_sold"));
    }

    @Test
    void theRevenueSumMovesByTheRaise() {
        ModelDiff.NumericColumn revenue = model("store_metrics").numeric().stream().filter(c -> c.column().equals("total_revenue")).findFirst().orElseThrow();
        assertEquals(RAISE.doubleValue(), revenue.sum().after() - revenue.sum().before(), 1e-6);
        assertEquals(RAISE.doubleValue() / revenue.sum().before(), revenue.sum().change(), 1e-9);
        ModelDiff.NumericColumn sold = model("store_metrics").numeric().stream().filter(c -> c.column().equals("total_sales")).findFirst().orElseThrow();
        assertEquals(0.0, sold.sum().change());
    }

    @Test
    void writesDiffJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(work.resolve("out").resolve(LakeDiffer.JSON_FILE).toFile());
        assertEquals("run-2", json.get("toRun").asText());
        JsonNode customers = null;
        for (JsonNode model : json.get("models")) {
            if (model.get("model").asText().equals("customer_metrics")) {
                customers = model;
            }
        }
        assertEquals("changed", customers.get("state").asText());
        assertEquals(sale.get(1), customers.get("changedKeys").get(0).asText());
        assertEquals(1, customers.get("changedColumns").get("lifetime_value").asLong());
    }

    @Test
    void aRunIdOrASnapshotPicksTheSides() {
        LakeDiff same = new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(request("run-1", String.valueOf(diff.fromSnapshot())));
        assertTrue(same.differing().isEmpty(), same.differing().toString());
        LakeDiff backwards = new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(request("run-2", "run-1"));
        assertEquals(List.of(sale.get(0)), backwards.models().stream().filter(m -> m.model().equals("stg_sales")).findFirst().orElseThrow().changedKeys());
    }

    @Test
    void aSelectionComparesOnlyItsModels() {
        LakeDiff selected = new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(request(null, null, "+store_metrics"));
        assertEquals(List.of("stg_sales", "stg_stores", "store_metrics"), selected.models().stream().map(ModelDiff::model).sorted().toList());
    }

    @Test
    void anUnknownRunOrSnapshotIsNamed() {
        TestbedException unknown = assertThrows(TestbedException.class,
                () -> new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(request("no-such-run", null)));
        assertTrue(unknown.getMessage().contains("'no-such-run', which is neither a snapshot id nor a run id"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("'run-2'"), unknown.getMessage());
        TestbedException missing = assertThrows(TestbedException.class,
                () -> new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(request("999999", null)));
        assertTrue(missing.getMessage().contains("snapshot 999999, which the lake does not hold"), missing.getMessage());
    }

    @Test
    void aFirstBuildHasNothingToCompareWith() throws Exception {
        Path other = work.resolve("first");
        SampleWarehouse first = SampleWarehouse.build(other);
        LakeDiff only = new LakeDiffer(DuckDbSettings.defaults(), TestData.QUIET).diff(new DiffRequest(SampleWarehouse.SAMPLE_PROJECT,
                first.location(), SampleWarehouse.TARGET, Map.of(), null, null, null, other.resolve("out")));
        assertTrue(only.models().isEmpty());
        assertTrue(only.note().contains("no build before"), only.note());
        assertNull(only.fromRun());
    }
}
