package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.RawTable;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sales that look their product's base price up in a list are the sales that compute it, row for row. */
class SalesBasePriceListTest {

    @TempDir
    Path dir;

    @Test
    void lookedUpAndComputedBasePricesGiveIdenticalSales() throws Exception {
        GeneratorConfig config = TestData.small(dir, 7).withCounts(null, null, 2_000L, 50_000L);
        RetailSql listed = new RetailSql(config, true);
        RetailSql computed = new RetailSql(config, false);
        try (Connection connection = TestData.duckdb()) {
            for (String statement : listed.connectionSetup()) {
                DuckDb.execute(connection, statement);
            }
            DuckDb.execute(connection, listed.salesDays());
            SalesCalendar calendar = DataGenerator.readCalendar(connection);
            String withList = RetailSql.typed(RawTable.SALES, listed.sales(calendar, 0, config.sales()));
            String withFormula = RetailSql.typed(RawTable.SALES, computed.sales(calendar, 0, config.sales()));
            assertFalse(withList.contains("tb_base_cents_of"), "the listed sales look prices up");
            assertTrue(withFormula.contains("tb_base_cents_of"), "the computed sales compute them");

            assertEquals(config.sales(), DuckDb.queryLong(connection, "SELECT count(*) FROM (" + withList + ")"));
            // in the same order too: every row's position and content
            String positioned = "SELECT row_number() OVER () AS position, * FROM (%s)";
            assertEquals(0, DuckDb.queryLong(connection, "SELECT count(*) FROM (" + positioned.formatted(withList) + " EXCEPT ALL "
                    + positioned.formatted(withFormula) + ")"));
            assertEquals(0, DuckDb.queryLong(connection, "SELECT count(*) FROM (" + positioned.formatted(withFormula) + " EXCEPT ALL "
                    + positioned.formatted(withList) + ")"));
        }
    }

    @Test
    void dataSetsWithManyProductsComputeThePrice() {
        GeneratorConfig config = TestData.small(dir, 7);
        assertTrue(new RetailSql(config).connectionSetup().stream().anyMatch(s -> s.contains("tb_base_cents")));
        GeneratorConfig many = config.withCounts(null, null, RetailSql.BASE_PRICE_LIST_MAX_PRODUCTS + 1, null);
        assertFalse(new RetailSql(many).connectionSetup().stream().anyMatch(s -> s.contains("SET VARIABLE")),
                "no list of more than " + RetailSql.BASE_PRICE_LIST_MAX_PRODUCTS + " prices on every connection");
    }
}
