package dev.testbed.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.TestData;
import dev.testbed.core.DuckDb;
import dev.testbed.core.RawTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one queue all four tables' files are written from, at the sample project's default size. */
class FileQueueTest {

    @TempDir
    Path dir;

    @Test
    void customersFileGoesFirstThenTheSalesMonthsThenTheSmallTablesAndEveryFileOnce() throws Exception {
        GeneratorConfig config = GeneratorConfig.scaled(1, GeneratorConfig.DEFAULT_SEED, GeneratorConfig.DEFAULT_START,
                GeneratorConfig.DEFAULT_END, dir);
        RetailSql sql = new RetailSql(config);
        SalesCalendar calendar;
        try (Connection connection = TestData.duckdb()) {
            for (String statement : sql.connectionSetup()) {
                DuckDb.execute(connection, statement);
            }
            DuckDb.execute(connection, sql.salesDays());
            calendar = DataGenerator.readCalendar(connection);
        }

        List<FileSplit.OutputFile> queue = FileSplit.queue(sql, calendar, config, DataGenerator.DEFAULT_ROWS_PER_FILE);

        List<FileSplit.OutputFile> planned = new ArrayList<>();
        for (RawTable table : RawTable.values()) {
            planned.addAll(FileSplit.plan(table, sql.keys(table), calendar, config, DataGenerator.DEFAULT_ROWS_PER_FILE));
        }
        assertEquals(new HashSet<>(planned), new HashSet<>(queue), "the queue holds exactly the planned files");
        assertEquals(planned.size(), queue.size(), "each file once");
        List<RawTable> order = queue.stream().map(FileSplit.OutputFile::table).toList();
        int months = (int) order.stream().filter(t -> t == RawTable.SALES).count();
        assertEquals(36, months, "three years of month files");
        // the customers' one long file starts while the other worker writes sales months; nothing long is left for the end
        assertEquals(RawTable.CUSTOMERS, order.get(0));
        assertEquals(List.of(RawTable.SALES), order.subList(1, 1 + months).stream().distinct().toList());
        assertEquals(List.of(RawTable.PRODUCTS, RawTable.STORES), order.subList(1 + months, order.size()));
    }
}
