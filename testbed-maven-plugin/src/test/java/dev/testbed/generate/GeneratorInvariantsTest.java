package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.Column;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Generates one data set and checks, with SQL over its Parquet files, what the data must always satisfy. */
class GeneratorInvariantsTest {

    /** The two SCD2 tables: their view, key, the date history starts on, and the attributes a new version changes. */
    enum History {
        CUSTOMERS("customers", "customer_id", "signup_date", "tier", "email"),
        STORES("stores", "store_id", "opened_date", "location", "store_type");

        final String view;
        final String key;
        final String startColumn;
        final String tracked1;
        final String tracked2;

        History(String view, String key, String startColumn, String tracked1, String tracked2) {
            this.view = view;
            this.key = key;
            this.startColumn = startColumn;
            this.tracked1 = tracked1;
            this.tracked2 = tracked2;
        }

        /** Every version with its neighbours' dates and attributes, in version order per key. */
        String versions() {
            return """
                    (SELECT *, lead(valid_from) OVER w AS next_valid_from,
                            lag(%3$s) OVER w AS previous1, lag(%4$s) OVER w AS previous2, row_number() OVER w AS version
                     FROM %1$s WINDOW w AS (PARTITION BY %2$s ORDER BY valid_from))
                    """.formatted(view, key, tracked1, tracked2);
        }
    }

    /** Splits the sales (40,000) within months and customers (1,500 keys, up to 4 rows each) into two files; stores and products fit in one. */
    static final long ROWS_PER_FILE = 5_000;

    @TempDir
    static Path directory;
    static GeneratorConfig config;
    static GenerationResult result;
    static Connection db;

    @BeforeAll
    static void generateOnce() throws SQLException {
        config = new GeneratorConfig(42, 1_500, 15, 150, 40_000, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, directory);
        // small files, so that invariants are checked across split tables and month files
        result = new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, ROWS_PER_FILE).generate(config, false);
        db = TestData.duckdb();
        for (RawTable table : RawTable.values()) {
            DuckDb.execute(db, "CREATE VIEW " + view(table) + " AS SELECT * FROM " + TestData.parquet(directory, table));
        }
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static String view(RawTable table) {
        return table.fileName().replace(".parquet", "");
    }

    private static long count(String sql) throws SQLException {
        return DuckDb.queryLong(db, sql);
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    // --- row counts and schema ------------------------------------------------------------------

    @Test
    void keysProductsAndSalesNumberExactlyAsConfigured() throws SQLException {
        assertEquals(config.customers(), count("SELECT count(DISTINCT customer_id) FROM customers"));
        assertEquals(config.stores(), count("SELECT count(DISTINCT store_id) FROM stores"));
        assertEquals(config.products(), count("SELECT count(*) FROM products"));
        assertEquals(config.products(), count("SELECT count(DISTINCT product_id) FROM products"));
        assertEquals(config.sales(), count("SELECT count(*) FROM sales"));
        assertEquals(config.sales(), count("SELECT count(DISTINCT transaction_id) FROM sales"));
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void reportedRowsEqualTheRowsInTheFile(RawTable table) throws SQLException {
        assertEquals(count("SELECT count(*) FROM " + view(table)), result.rows().get(table));
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void fileHasExactlyTheContractColumnsAndTypes(RawTable table) throws SQLException {
        List<String> expected = table.columns().stream().map(c -> c.name() + " " + c.type().sql()).toList();
        assertEquals(expected, strings("SELECT column_name || ' ' || column_type FROM (DESCRIBE " + view(table) + ")"));
    }

    @Test
    void noColumnIsNullExceptTheOpenEndOfCurrentVersions() throws SQLException {
        for (RawTable table : RawTable.values()) {
            String anyNull = table.columns().stream().map(Column::name)
                    .filter(name -> !name.equals("valid_to"))
                    .map(name -> name + " IS NULL").collect(Collectors.joining(" OR "));
            assertEquals(0, count("SELECT count(*) FROM " + view(table) + " WHERE " + anyNull), table.fileName());
        }
    }

    // --- SCD2 history ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(History.class)
    void everyKeyHasExactlyOneCurrentVersionAndItIsOpenEnded(History history) throws SQLException {
        assertEquals(0, count("""
                SELECT count(*) FROM (
                  SELECT %2$s, count(*) FILTER (WHERE is_current) AS current_versions,
                         count(*) FILTER (WHERE valid_to IS NULL) AS open_versions,
                         count(*) FILTER (WHERE is_current AND valid_to IS NULL) AS open_current_versions
                  FROM %1$s GROUP BY %2$s)
                WHERE current_versions <> 1 OR open_versions <> 1 OR open_current_versions <> 1
                """.formatted(history.view, history.key)));
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void versionsOfAKeyAreContiguousAndDoNotOverlap(History history) throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM " + history.versions() + """
                WHERE valid_from >= valid_to
                   OR (next_valid_from IS NOT NULL AND (valid_to IS DISTINCT FROM next_valid_from OR is_current))
                   OR (next_valid_from IS NULL AND (valid_to IS NOT NULL OR NOT is_current))
                """));
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void historyStartsOnTheSignupOrOpeningDate(History history) throws SQLException {
        assertEquals(0, count("""
                SELECT count(*) FROM (
                  SELECT min(valid_from) AS first_from, min(%3$s) AS first_start, max(%3$s) AS last_start
                  FROM %1$s GROUP BY %2$s)
                WHERE first_from <> first_start OR first_start <> last_start
                """.formatted(history.view, history.key, history.startColumn)));
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void someButNotAllKeysHaveSeveralVersions(History history) throws SQLException {
        long keysWithHistory = count("SELECT count(*) FROM (SELECT %2$s FROM %1$s GROUP BY %2$s HAVING count(*) > 1)"
                .formatted(history.view, history.key));
        long keys = count("SELECT count(DISTINCT %2$s) FROM %1$s".formatted(history.view, history.key));
        assertTrue(keysWithHistory > 0 && keysWithHistory < keys, keysWithHistory + " of " + keys + " keys have several versions");
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void everyLaterVersionChangesATrackedAttribute(History history) throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM " + history.versions()
                + " WHERE version > 1 AND %1$s = previous1 AND %2$s = previous2".formatted(history.tracked1, history.tracked2)));
    }

    @ParameterizedTest(name = "some {0} change {1}")
    @CsvSource({"CUSTOMERS, tier", "CUSTOMERS, email", "STORES, location", "STORES, store_type"})
    void someVersionsChange(History history, String attribute) throws SQLException {
        String previous = attribute.equals(history.tracked1) ? "previous1" : "previous2";
        assertTrue(count("SELECT count(*) FROM " + history.versions() + " WHERE version > 1 AND " + attribute + " <> " + previous) > 0);
    }

    // --- referential integrity and dates --------------------------------------------------------

    @Test
    void everySaleReferencesAnExistingProduct() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = s.product_id)"));
    }

    @Test
    void everySaleIsByACustomerWhoHadSignedUp() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales s WHERE NOT EXISTS "
                + "(SELECT 1 FROM customers c WHERE c.customer_id = s.customer_id AND c.signup_date <= s.sale_date)"));
    }

    @Test
    void everySaleIsInAStoreThatHadOpened() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales s WHERE NOT EXISTS "
                + "(SELECT 1 FROM stores t WHERE t.store_id = s.store_id AND t.opened_date <= s.sale_date)"));
    }

    @Test
    void saleDatesLieWithinTheConfiguredWindow() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales WHERE sale_date NOT BETWEEN DATE '" + config.startDate()
                + "' AND DATE '" + config.endDate() + "'"));
    }

    // --- prices and quantities ------------------------------------------------------------------

    @Test
    void unitPriceIsBetweenNinetyAndHundredPercentOfTheBasePrice() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales s JOIN products p USING (product_id) "
                + "WHERE s.unit_price > p.base_price OR s.unit_price < p.base_price * 0.9"));
    }

    @Test
    void amountIsExactlyUnitPriceTimesQuantity() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales WHERE amount <> unit_price * quantity"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"products, base_price", "sales, unit_price", "sales, amount"})
    void moneyIsDecimalAndPositive(String view, String column) throws SQLException {
        List<String> types = strings("SELECT DISTINCT typeof(" + column + ") FROM " + view);
        assertTrue(types.size() == 1 && types.get(0).startsWith("DECIMAL("), types::toString);
        assertEquals(0, count("SELECT count(*) FROM " + view + " WHERE " + column + " <= 0"));
    }

    @Test
    void quantityIsAtLeastOneAndMostlyOne() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM sales WHERE quantity < 1"));
        assertTrue(count("SELECT count(*) FROM sales WHERE quantity = 1") > config.sales() / 2);
    }

    // --- order ----------------------------------------------------------------------------------

    @Test
    void salesFilesAreInTransactionAndDateOrder() throws SQLException {
        assertEquals(0, count("""
                SELECT count(*) FROM (
                  SELECT transaction_id, position, sale_date, lag(sale_date) OVER (ORDER BY position) AS previous_date
                  FROM (SELECT *, row_number() OVER (ORDER BY filename, file_row_number) AS position
                        FROM read_parquet(%s, filename = true, file_row_number = true)))
                WHERE transaction_id <> position OR sale_date < previous_date
                """.formatted(TestData.fileList(directory, RawTable.SALES))));
    }

    // --- files ----------------------------------------------------------------------------------

    @Test
    void largeTablesAreSplitIntoFilesOfAtMostRowsPerFile() throws SQLException {
        for (RawTable table : RawTable.values()) {
            List<Path> files = DataFiles.find(directory, table);
            for (Path file : files) {
                long rows = count("SELECT count(*) FROM read_parquet('" + file + "')");
                assertTrue(rows > 0 && rows <= ROWS_PER_FILE, file + " has " + rows + " rows");
            }
            boolean fits = switch (table) {
                case CUSTOMERS -> config.customers() * 4 <= ROWS_PER_FILE;
                case STORES -> config.stores() * 3 <= ROWS_PER_FILE;
                case PRODUCTS -> config.products() <= ROWS_PER_FILE;
                case SALES -> false; // always month by month, so the lake can register each file in its month partition
            };
            assertEquals(fits, files.equals(List.of(directory.resolve(table.fileName()))), table + ": " + files);
        }
        assertTrue(DataFiles.find(directory, RawTable.CUSTOMERS).size() > 1, "the test must cover a split dimension table");
    }

    /** Each sales file holds one month, the one its name says: what lets the lake register it in its month partition. */
    @Test
    void eachSalesFileHoldsTheMonthInItsName() throws SQLException {
        List<Path> files = DataFiles.find(directory, RawTable.SALES);
        assertTrue(files.size() >= 36, files.size() + " files for a 36-month window");
        for (Path file : files) {
            String month = file.getFileName().toString().substring("sales-".length(), "sales-2023-01".length());
            assertEquals(1, count("SELECT count(DISTINCT strftime(sale_date, '%Y-%m')) FROM read_parquet('" + file + "')"), file.toString());
            assertEquals(1, count("SELECT count(*) FROM (SELECT DISTINCT strftime(sale_date, '%Y-%m') AS m FROM read_parquet('" + file
                    + "')) WHERE m = '" + month + "'"), file.toString());
        }
    }

    // --- realistic shape ------------------------------------------------------------------------

    /** Share of all sales made by the busiest tenth of the keys. */
    private static double busiestTenthShare(String key, long keys) throws SQLException {
        long sales = count("SELECT sum(n) FROM (SELECT count(*) AS n FROM sales GROUP BY " + key + " ORDER BY n DESC LIMIT " + keys / 10 + ")");
        return (double) sales / config.sales();
    }

    @Test
    void busiestTenthOfCustomersMakeFarMoreThanATenthOfSales() throws SQLException {
        double share = busiestTenthShare("customer_id", config.customers());
        assertTrue(share > 0.2, "top 10% of customers made " + share + " of sales");
    }

    @Test
    void bestSellingTenthOfProductsMakeFarMoreThanATenthOfSales() throws SQLException {
        double share = busiestTenthShare("product_id", config.products());
        assertTrue(share > 0.2, "top 10% of products made " + share + " of sales");
    }

    @Test
    void saturdaysSellMoreThanTuesdays() throws SQLException {
        long saturday = count("SELECT count(*) FROM sales WHERE dayname(sale_date) = 'Saturday'");
        long tuesday = count("SELECT count(*) FROM sales WHERE dayname(sale_date) = 'Tuesday'");
        assertTrue(saturday > 1.2 * tuesday, "Saturday " + saturday + ", Tuesday " + tuesday);
    }

    @Test
    void decemberSellsMorePerDayThanTheYearOnAverage() throws SQLException {
        long decemberDays = config.startDate().datesUntil(config.endDate().plusDays(1)).filter(d -> d.getMonth() == Month.DECEMBER).count();
        double decemberPerDay = (double) count("SELECT count(*) FROM sales WHERE month(sale_date) = 12") / decemberDays;
        double averagePerDay = (double) config.sales() / config.windowDays();
        assertTrue(decemberPerDay > 1.2 * averagePerDay, "December " + decemberPerDay + " per day, average " + averagePerDay);
    }

    // --- sensible values ------------------------------------------------------------------------

    @Test
    void tiersAreTheFourLoyaltyLevels() throws SQLException {
        assertEquals(Set.of("bronze", "silver", "gold", "platinum"), new HashSet<>(strings("SELECT DISTINCT tier FROM customers")));
    }

    @Test
    void storeTypesAreOnlyTheFourFormats() throws SQLException {
        Set<String> allowed = Set.of("flagship", "standard", "outlet", "express");
        List<String> found = strings("SELECT DISTINCT store_type FROM stores");
        assertTrue(allowed.containsAll(found), found::toString);
    }

    @Test
    void productsFallIntoEightCategories() throws SQLException {
        assertEquals(8, count("SELECT count(DISTINCT category) FROM products"));
    }

    @Test
    void emailsAreAddressesUniqueToTheirCustomer() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM customers WHERE email NOT SIMILAR TO '[a-z.0-9]+@[a-z0-9]+\\.[a-z]+'"));
        assertEquals(0, count("SELECT count(*) FROM (SELECT email FROM customers GROUP BY email HAVING count(DISTINCT customer_id) > 1)"));
    }
}
