package dev.testbed;

import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.RawTable;
import dev.testbed.core.Reporter;
import dev.testbed.core.Sql;
import dev.testbed.generate.DataGenerator;
import dev.testbed.generate.GenerationResult;
import dev.testbed.generate.GeneratorConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Small generated data sets and plain DuckDB connections for the tests. */
public final class TestData {

    /** Swallows the engine's progress lines so test output stays readable. */
    public static final Reporter QUIET = event -> {
    };

    private TestData() {
    }

    /** A data set of a few thousand rows over the default sales window: generated in well under a second. */
    public static GeneratorConfig small(Path directory, long seed) {
        return new GeneratorConfig(seed, 300, 8, 60, 5_000, GeneratorConfig.DEFAULT_START, GeneratorConfig.DEFAULT_END, directory);
    }

    public static GenerationResult generate(GeneratorConfig config) {
        return new DataGenerator(DuckDbSettings.defaults(), QUIET).generate(config, false);
    }

    /** SQL that reads one table's Parquet file or files from {@code directory}, in file name order. */
    public static String parquet(Path directory, RawTable table) {
        return "read_parquet(" + fileList(directory, table) + ")";
    }

    /** The table's files in {@code directory} as a DuckDB list literal, in name order. */
    public static String fileList(Path directory, RawTable table) {
        java.util.List<Path> files = dev.testbed.core.DataFiles.find(directory.toAbsolutePath(), table);
        if (files.isEmpty()) {
            throw new IllegalStateException("no files of " + table + " in " + directory);
        }
        return files.stream().map(f -> Sql.literal(f.toString())).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** A fresh in-memory DuckDB, independent of the engine's connection handling. */
    public static Connection duckdb() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Writes a project file (creating its folders). */
    public static void write(Path root, String relative, String text) throws java.io.IOException {
        Path file = root.resolve(relative);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, text);
    }

    /** Runs statements against the lake, each in its own transaction. */
    public static void sql(dev.testbed.core.LakeLocation location, String... statements) throws SQLException {
        try (dev.testbed.core.Lake lake = dev.testbed.core.Lake.open(location, DuckDbSettings.defaults())) {
            for (String statement : statements) {
                dev.testbed.core.DuckDb.execute(lake.connection(), statement);
            }
        }
    }

    /** The rows of a query against the lake, values as text ("null" for NULL). */
    public static java.util.List<java.util.List<String>> rows(dev.testbed.core.LakeLocation location, String query) throws SQLException {
        try (dev.testbed.core.Lake lake = dev.testbed.core.Lake.open(location, DuckDbSettings.defaults());
             java.sql.Statement statement = lake.connection().createStatement();
             java.sql.ResultSet result = statement.executeQuery(query)) {
            java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                java.util.List<String> row = new java.util.ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(result.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Whether the lake has the table. */
    public static boolean tableExists(dev.testbed.core.LakeLocation location, String schema, String table) throws SQLException {
        return !rows(location, "SELECT 1 FROM duckdb_tables() WHERE database_name = 'lake' AND schema_name = " + Sql.literal(schema)
                + " AND table_name = " + Sql.literal(table)).isEmpty();
    }
}
