package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed.day=2}: the next day's source, in which some customers get a new SCD2 version the day after the sales
 * window; every other row is day 1's.
 */
class NextDayTest {

    @TempDir
    Path dir;

    @Test
    void dayTwoClosesSomeCustomersCurrentVersionAndAddsAChangedOneLeavingTheRestAsOnDayOne() throws Exception {
        GeneratorConfig day1 = TestData.small(dir.resolve("day1"), 5);
        GeneratorConfig day2 = TestData.small(dir.resolve("day2"), 5).withDay(2);
        TestData.generate(day1);
        TestData.generate(day2);
        String first = TestData.parquet(dir.resolve("day1"), RawTable.CUSTOMERS);
        String second = TestData.parquet(dir.resolve("day2"), RawTable.CUSTOMERS);
        String changeDay = "DATE '" + GeneratorConfig.DEFAULT_END.plusDays(1) + "'";
        try (Connection c = TestData.duckdb()) {
            long changed = DuckDb.queryLong(c, "SELECT count(*) FROM " + second + " WHERE valid_from = " + changeDay);
            assertTrue(changed >= 5 && changed <= 30, "about one in twenty of 300 customers: " + changed);
            assertEquals(300, DuckDb.queryLong(c, "SELECT count(*) FROM " + second + " WHERE is_current"), "still one current version each");
            assertEquals(DuckDb.queryLong(c, "SELECT count(*) FROM " + first) + changed, DuckDb.queryLong(c, "SELECT count(*) FROM " + second));
            // day 1's rows, the changed customers' current versions closed on the day of the change
            assertEquals(0, DuckDb.queryLong(c, "SELECT count(*) FROM (SELECT customer_id, customer_name, email, signup_date, tier, valid_from, "
                    + "CASE WHEN is_current AND customer_id IN (SELECT customer_id FROM " + second + " WHERE valid_from = " + changeDay + ") THEN "
                    + changeDay + " ELSE valid_to END, is_current AND customer_id NOT IN (SELECT customer_id FROM " + second + " WHERE valid_from = "
                    + changeDay + ") FROM " + first + " EXCEPT ALL SELECT customer_id, customer_name, email, signup_date, tier, valid_from, valid_to, "
                    + "is_current FROM " + second + " WHERE valid_from <> " + changeDay + ")"));
            // each new version: one tier up, or at the top tier the same tier and a new email
            assertEquals(0, DuckDb.queryLong(c, "SELECT count(*) FROM " + second + " now JOIN " + second + " was ON now.customer_id = was.customer_id "
                    + "AND was.valid_to = now.valid_from WHERE now.valid_from = " + changeDay + " AND NOT ("
                    + "(was.tier <> 'platinum' AND now.tier = ['bronze', 'silver', 'gold', 'platinum'][list_position(['bronze', 'silver', 'gold', 'platinum'], was.tier) + 1] AND now.email = was.email)"
                    + " OR (was.tier = 'platinum' AND now.tier = 'platinum' AND now.email <> was.email))"));
        }
        assertNotEquals(day1.fingerprint(), day2.fingerprint(), "day 2's files are not day 1's, so generate-data regenerates them");
        assertEquals(day1.fingerprint(), TestData.small(dir.resolve("day1"), 5).withDay(1).fingerprint());
    }

    @Test
    void onlyDaysOneAndTwoExist() {
        TestbedException e = assertThrows(TestbedException.class, () -> TestData.small(dir, 5).withDay(3).validate());
        assertTrue(e.getMessage().contains("testbed.day"), e.getMessage());
    }
}
