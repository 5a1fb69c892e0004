package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.RawTable;
import dev.testbed.core.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's Parquet files give up dictionaries on columns with thousands of distinct values, where building one
 * costs more than it saves, and keep them on columns with few values; the values read back are the same.
 */
class ParquetDictionaryTest {

    @TempDir
    Path dir;

    @Test
    void columnsWithThousandsOfValuesAreWrittenPlainlyAndColumnsWithFewKeepTheirDictionary() throws Exception {
        // 100,000 products: 5,000 distinct names and prices, 4 categories
        String query = "SELECT k + 1 AS product_id, 'Product ' || (k % 5000) AS product_name, ['a', 'b', 'c', 'd'][1 + k % 4] AS category, "
                + "CAST((k % 5000) / 100 AS DECIMAL(10,2)) AS base_price FROM range(100000) t(k)";
        Path file = dir.resolve("products.parquet");
        try (Connection connection = TestData.duckdb()) {
            DuckDb.execute(connection, RetailSql.copyToParquet(RawTable.PRODUCTS, query, file));
            String encodings = "SELECT string_agg(DISTINCT CASE WHEN encodings LIKE '%DICTIONARY%' THEN 'dictionary' ELSE 'plain' END, ',') "
                    + "FROM parquet_metadata(" + Sql.literal(file.toString()) + ") WHERE path_in_schema = ";
            assertEquals("plain", DuckDb.queryString(connection, encodings + "'product_name'"));
            assertEquals("plain", DuckDb.queryString(connection, encodings + "'base_price'"));
            assertEquals("dictionary", DuckDb.queryString(connection, encodings + "'category'"));
            assertEquals(0, DuckDb.queryLong(connection, "SELECT count(*) FROM (SELECT * FROM read_parquet(" + Sql.literal(file.toString())
                    + ") EXCEPT ALL SELECT * FROM (" + RetailSql.typed(RawTable.PRODUCTS, query) + "))"));
        }
    }
}
