package dev.testbed.it.differential;

import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The folder of one side's DuckLake ({@code DIFF_LAKE_DIR}): the catalog {@code warehouse.ducklake} and the data path
 * {@code data/}, as the corpus profiles attach it.
 */
public record LakeFolder(Path directory) {

    /** What setup.sql and between-runs.sql write for the lake's folder, so that they can put other databases beside it. */
    public static final String PLACEHOLDER = "${DIFF_LAKE_DIR}";

    public static LakeFolder fresh(Path directory) {
        DbtVenv.deleteRecursively(directory);
        try {
            Files.createDirectories(directory.resolve("data"));
        } catch (IOException e) {
            throw new AssertionError("Cannot create " + directory + ": " + e.getMessage(), e);
        }
        return new LakeFolder(directory.toAbsolutePath());
    }

    public Path catalog() {
        return directory.resolve("warehouse.ducklake");
    }

    public String dataPath() {
        return directory.resolve("data") + "/";
    }

    public String attachSql(String alias, boolean readOnly) {
        return "ATTACH " + Sql.literal("ducklake:" + catalog()) + " AS " + Sql.identifier(alias) + " (DATA_PATH " + Sql.literal(dataPath())
                + (readOnly ? ", READ_ONLY" : "") + ")";
    }

    /**
     * A DuckDB with the ducklake extension loaded the plugin's way (installed copy, else DuckDB's repository, else its
     * wheel from PyPI), so the harness and the dbt side, which autoloads it from the same folder, need no network.
     */
    public static Connection duckDb() {
        DuckDbSettings settings = DuckDbSettings.defaults().withThreads(1);
        Connection connection = DuckDb.open(settings);
        DuckDb.loadExtension(connection, "ducklake", settings);
        return connection;
    }

    /**
     * Puts the ducklake extension into DuckDB's default folder (~/.duckdb/extensions) unless it is there, as the plugin
     * does. dbt's DuckDB autoloads it from there, and cannot fetch it itself where only package registries are reachable
     * (CI), so this must happen before the first dbt build, also for a project without setup.sql.
     */
    public static void ensureDuckLakeExtension() {
        try (Connection connection = duckDb()) {
            // loading it was the point
        } catch (SQLException e) {
            throw new AssertionError("Cannot close DuckDB: " + SqlErrors.message(e), e);
        }
    }

    /** Runs a script of the corpus on this lake, attached as {@code lake} and in use, as the corpus convention says. */
    public void runScript(String sql, String what) {
        try (Connection connection = duckDb(); Statement statement = connection.createStatement()) {
            statement.execute(attachSql("lake", false));
            statement.execute("USE lake");
            statement.execute(sql.replace(PLACEHOLDER, directory.toString()));
        } catch (SQLException e) {
            throw new AssertionError(what + " failed on the lake " + directory + ": " + SqlErrors.message(e), e);
        }
    }
}
