package dev.testbed.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DataFiles;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.TestbedException;
import dev.testbed.core.WrittenFiles;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GenerationResult;
import dev.testbed.generate.GeneratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load-ducklake trusting the files generate-data wrote in the same process: the lake is the same as after decoding
 * them, the decoding query never runs for them, and a file changed since it was written is decoded (and, if damaged,
 * named) as any other file is.
 */
class TrustedWrittenFilesTest {

    /** The decode pass's query, as DuckDB's query log shows it; no other statement of a load hashes whole rows. */
    private static final String DECODE = "bit_xor(hash(";

    @TempDir
    static Path root;
    static Path data;
    static WrittenFiles written;

    @BeforeAll
    static void generateSplitDataSet() {
        data = root.resolve("data");
        written = generate(data).written();
    }

    /** Sales one file per month, customers in two files: every kind of file a load registers or inserts. */
    private static GenerationResult generate(Path directory) {
        return new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE)
                .generate(TestData.small(directory, 42), false);
    }

    /** A lake whose DuckDB logs every query, and stays open after the load so that its log can be read. */
    private static final class LoggedLake implements LakeSource, AutoCloseable {
        final LakeLocation location;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private Lake kept;

        LoggedLake(Path directory) {
            location = new LakeLocation(directory.resolve("catalog.ducklake").toString(), directory.resolve("data").toString());
        }

        @Override
        public Lake open(LakeLocation at, DuckDbSettings settings) {
            Lake lake = Lake.open(at, settings);
            try {
                DuckDb.execute(lake.connection(), "CALL enable_logging('QueryLog')");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            lake.keepOnClose(open -> {
                kept = open;
                return true;
            });
            return lake;
        }

        LoadResult load(Path directory, WrittenFiles trusted) {
            Reporter reporter = event -> lines.add(event.message());
            return new LakeLoader(DuckDbSettings.defaults(), reporter).lakesFrom(this).trusting(trusted)
                    .load(directory, location, false, LoadMode.AUTO);
        }

        /** The queries the load ran that decode whole files. */
        List<String> decodeQueries() throws SQLException {
            List<String> queries = new ArrayList<>();
            try (Statement statement = kept.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT message FROM duckdb_logs WHERE type = 'QueryLog'")) {
                while (rs.next()) {
                    if (rs.getString(1).contains(DECODE)) {
                        queries.add(rs.getString(1));
                    }
                }
            }
            return queries;
        }

        @Override
        public void close() {
            if (kept != null) {
                kept.close();
                kept = null;
            }
        }
    }

    /** Per raw table: its row count and two order-independent hashes of its rows. */
    private static Map<RawTable, String> content(LakeLocation location) throws SQLException {
        Map<RawTable, String> content = new EnumMap<>(RawTable.class);
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            for (RawTable table : RawTable.values()) {
                content.put(table, DuckDb.queryString(lake.connection(), "SELECT count(*) || ' ' || bit_xor(hash(" + table.columnList()
                        + ")) || ' ' || sum(hash(" + table.columnList() + ")::HUGEINT) FROM lake." + table.qualifiedName()));
            }
        }
        return content;
    }

    /**
     * Per raw table, each data file the lake lists: the generated file it was registered from (or "inserted" for one
     * DuckLake wrote), its partition folder and its rows, sorted, so that two loads of the same files compare equal.
     */
    private static Map<RawTable, List<String>> layout(LakeLocation location) throws SQLException {
        Map<RawTable, List<String>> layout = new EnumMap<>(RawTable.class);
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            for (RawTable table : RawTable.values()) {
                List<String> files = new ArrayList<>();
                for (Path file : MissingDataFiles.listed(lake, RawTable.SCHEMA, List.of(table.tableName()))) {
                    String name = file.getFileName().toString();
                    String source = name.startsWith("testbed-load-") ? "registered " + name.replaceFirst("^testbed-load-[0-9a-f]+-[0-9a-f]{8}-", "")
                            : "inserted";
                    Path folder = Path.of(location.resolvedDataPath(), RawTable.SCHEMA, table.tableName()).relativize(file.getParent());
                    long rows = DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM read_parquet('" + file + "')");
                    files.add(source + " in '" + folder + "' with " + rows + " rows");
                }
                files.sort(null);
                layout.put(table, files);
            }
        }
        return layout;
    }

    @Test
    void trustedFilesBuildTheSameLakeWithoutBeingDecoded(@TempDir Path decodedDirectory, @TempDir Path trustedDirectory) throws SQLException {
        assertFalse(written.isEmpty());
        try (LoggedLake decoded = new LoggedLake(decodedDirectory); LoggedLake trusted = new LoggedLake(trustedDirectory)) {
            decoded.load(data, WrittenFiles.NONE);
            trusted.load(data, written);

            assertEquals(RawTable.values().length, decoded.decodeQueries().size(), "without the handover each table is decoded once");
            assertEquals(List.of(), trusted.decodeQueries(), "the files generate-data wrote in this process are not decoded again");
            assertTrue(trusted.lines.stream().anyMatch(line -> line.contains("raw.raw_sales") && line.contains("copied")
                    && line.contains("all written by generate-data in this build, not decoded again")), String.join("\n", trusted.lines));
            assertTrue(decoded.lines.stream().noneMatch(line -> line.contains("not decoded again")), String.join("\n", decoded.lines));
            decoded.close(); // a file catalog admits one DuckDB: the comparison below attaches each lake again
            trusted.close();

            Map<RawTable, List<String>> layout = layout(decoded.location);
            assertTrue(layout.get(RawTable.SALES).stream().allMatch(file -> file.startsWith("registered sales-") && file.contains("year=")),
                    "precondition: every month file is registered in its month's partition: " + layout.get(RawTable.SALES));
            assertEquals(content(decoded.location), content(trusted.location));
            assertEquals(layout, layout(trusted.location));
        }
    }

    @Test
    void onlyTheFilesNotWrittenInThisProcessAreDecoded(@TempDir Path directory) throws SQLException {
        WrittenFiles elsewhere = generate(root.resolve("elsewhere")).written(); // another directory's files vouch for none of these
        try (LoggedLake lake = new LoggedLake(directory)) {
            lake.load(data, elsewhere);
            assertEquals(RawTable.values().length, lake.decodeQueries().size());
        }
    }

    @Test
    void theMonthGenerateDataRecordsIsTheMonthOfEveryRowOfTheFile() throws SQLException {
        // a window that starts and ends mid-month, so the first and last files hold part of a month
        Path directory = root.resolve("mid-month");
        GeneratorConfig config = new GeneratorConfig(7, 300, 8, 60, 3_000, LocalDate.of(2023, 1, 17), LocalDate.of(2023, 5, 9), directory);
        WrittenFiles justWritten = new DataGenerator(DuckDbSettings.defaults(), TestData.QUIET, DataGenerator.MIN_ROWS_PER_FILE)
                .generate(config, false).written();
        List<Path> sales = DataFiles.find(directory, RawTable.SALES);
        assertEquals(5, sales.size(), "January to May: " + sales);
        try (Connection db = TestData.duckdb()) {
            for (Path file : sales) {
                String months = DuckDb.queryString(db, "SELECT string_agg(DISTINCT strftime(sale_date, '%Y-%m'), ',') FROM read_parquet('" + file + "')");
                assertEquals(Optional.of(Optional.of(YearMonth.parse(months))), justWritten.unchanged(file), file.toString());
            }
            for (RawTable table : List.of(RawTable.CUSTOMERS, RawTable.STORES, RawTable.PRODUCTS)) {
                for (Path file : DataFiles.find(directory, table)) {
                    assertEquals(Optional.of(Optional.empty()), justWritten.unchanged(file), "written, with no month: " + file);
                }
            }
        }
    }

    @Test
    void aFileEditedInPlaceSinceItWasWrittenIsDecodedAndNamed(@TempDir Path lakeDirectory) throws IOException {
        Path directory = root.resolve("edited");
        WrittenFiles justWritten = generate(directory).written();
        Path sales = DataFiles.find(directory, RawTable.SALES).get(5);
        FileTime before = Files.getLastModifiedTime(sales);
        LakeLoaderTest.corruptDataPages(sales);
        Files.setLastModifiedTime(sales, FileTime.fromMillis(before.toMillis() + 2_000)); // as a slow edit would leave it

        try (LoggedLake lake = new LoggedLake(lakeDirectory)) {
            TestbedException e = assertThrows(TestbedException.class, () -> lake.load(directory, justWritten));
            assertTrue(e.getMessage().contains(sales.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void aFileReplacedSinceItWasWrittenIsDecodedEvenWithTheSameSizeAndTime(@TempDir Path lakeDirectory) throws IOException {
        Path directory = root.resolve("replaced");
        WrittenFiles justWritten = generate(directory).written();
        Path sales = DataFiles.find(directory, RawTable.SALES).get(7);
        Path damaged = sales.resolveSibling("damaged.tmp");
        Files.copy(sales, damaged, StandardCopyOption.COPY_ATTRIBUTES);
        LakeLoaderTest.corruptDataPages(damaged);
        Files.setLastModifiedTime(damaged, Files.getLastModifiedTime(sales));
        Files.move(damaged, sales, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        try (LoggedLake lake = new LoggedLake(lakeDirectory)) {
            TestbedException e = assertThrows(TestbedException.class, () -> lake.load(directory, justWritten));
            assertTrue(e.getMessage().contains(sales.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void aDataSetFoundUpToDateVouchesForNothing() {
        Path directory = root.resolve("again");
        generate(directory);
        GenerationResult again = generate(directory);
        assertTrue(again.upToDate());
        assertTrue(again.written().isEmpty(), "files this run did not write keep their decode");
    }
}
