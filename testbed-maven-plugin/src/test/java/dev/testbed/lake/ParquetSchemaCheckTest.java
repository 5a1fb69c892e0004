package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.Column;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDb;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The footer check that runs before a load: generated files pass, wrong files fail naming file, column and types. */
class ParquetSchemaCheckTest {

    @TempDir
    static Path data;
    static Connection db;

    @TempDir
    Path bad;

    @BeforeAll
    static void generate() throws SQLException {
        TestData.generate(TestData.small(data, 42));
        db = TestData.duckdb();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    /** Writes {@code SELECT <select> FROM sales.parquet} to a new Parquet file the way the generator would. */
    private Path salesCopy(String select) throws SQLException {
        Path file = bad.resolve(RawTable.SALES.fileName());
        DuckDb.execute(db, "COPY (SELECT " + select + " FROM " + TestData.parquet(data, RawTable.SALES) + ") TO '" + file
                + "' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2)");
        return file;
    }

    private static TestbedException checkFails(RawTable table, Path file) {
        TestbedException e = assertThrows(TestbedException.class, () -> ParquetSchemaCheck.check(table, ParquetFooter.read(file)));
        assertTrue(e.getMessage().contains(file.toString()), () -> "names the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(TestbedException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(RawTable.class)
    void generatedFilesPassAndDeclareTheirRowCount(RawTable table) throws SQLException {
        long declared = 0;
        for (Path file : DataFiles.find(data, table)) {
            ParquetFooter footer = ParquetFooter.read(file);
            ParquetSchemaCheck.check(table, footer);
            declared += footer.rows();
        }
        assertEquals(DuckDb.queryLong(db, "SELECT count(*) FROM " + TestData.parquet(data, table)), declared);
    }

    @ParameterizedTest(name = "{0} written as {1}")
    @CsvSource(delimiter = ';', value = {
            "customer_id; VARCHAR",
            "quantity; BIGINT",
            "sale_date; TIMESTAMP",
            "unit_price; DECIMAL(10,3)",
            "amount; DOUBLE"})
    void columnOfTheWrongTypeFailsNamingColumnAndBothTypes(String column, String writtenAs) throws SQLException {
        Path file = salesCopy("* REPLACE (CAST(" + column + " AS " + writtenAs + ") AS " + column + ")");
        String expected = RawTable.SALES.columns().stream().filter(c -> c.name().equals(column)).map(Column::type).findFirst().orElseThrow().sql();

        TestbedException e = checkFails(RawTable.SALES, file);

        assertMentions(e, "'" + column + "'", "of type " + writtenAs, "expected " + expected);
    }

    @Test
    void missingColumnFailsNamingIt() throws SQLException {
        Path file = salesCopy("* EXCLUDE (quantity)");
        assertMentions(checkFails(RawTable.SALES, file), "no column 'quantity'", "INTEGER");
    }

    @Test
    void extraColumnFailsNamingIt() throws SQLException {
        Path file = salesCopy("*, 0.1 AS discount");
        assertMentions(checkFails(RawTable.SALES, file), "unexpected column(s) [discount]");
    }

    @Test
    void textFileNamedParquetFails() throws IOException {
        Path file = Files.writeString(bad.resolve("customers.parquet"), "customer_id,customer_name\n1,Ada\n", StandardCharsets.UTF_8);
        assertMentions(checkFails(RawTable.CUSTOMERS, file), "unreadable");
    }

    @Test
    void truncatedFileFails() throws IOException {
        byte[] valid = Files.readAllBytes(DataFiles.find(data, RawTable.SALES).get(0));
        Path file = Files.write(bad.resolve("sales.parquet"), Arrays.copyOf(valid, valid.length / 2));
        assertMentions(checkFails(RawTable.SALES, file), "unreadable");
    }

    @Test
    void missingFileFails() {
        Path file = bad.resolve("stores.parquet");
        assertMentions(checkFails(RawTable.STORES, file), "does not exist", "generate-data");
    }

    @Test
    void fileOfAnotherTableFails() {
        Path file = data.resolve(RawTable.PRODUCTS.fileName());
        assertMentions(checkFails(RawTable.SALES, file), "no column 'transaction_id'");
    }
}
